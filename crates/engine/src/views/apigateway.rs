//! API Gateway: the REST APIs of each region (APIGateway GetRestApis) and each one's stages
//! (GetStages), keyed `arn:aws:apigateway:REGION::/restapis/ID`; the HTTP and WebSocket APIs
//! (ApiGatewayV2 GetApis) and their stages (GetStages), keyed `arn:aws:apigateway:REGION::/apis/ID`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::check::Call;

pub const GET_REST_APIS: Call<GetRestApis> = Call::new("APIGateway", "GetRestApis");
/// Per REST API, keyed by [`rest_api_arn`].
pub const GET_STAGES: Call<GetStages> = Call::new("APIGateway", "GetStages");
pub const GET_APIS: Call<GetApis> = Call::new("ApiGatewayV2", "GetApis");
/// Per HTTP or WebSocket API, keyed by [`api_arn`].
pub const GET_V2_STAGES: Call<GetV2Stages> = Call::new("ApiGatewayV2", "GetStages");

/// The ARN a REST API's calls are keyed by.
pub fn rest_api_arn(partition: &str, region: &str, id: &str) -> String {
    format!("arn:{partition}:apigateway:{region}::/restapis/{id}")
}

/// The ARN an HTTP or WebSocket API's calls are keyed by.
pub fn api_arn(partition: &str, region: &str, id: &str) -> String {
    format!("arn:{partition}:apigateway:{region}::/apis/{id}")
}

#[derive(Debug, Deserialize)]
pub struct GetRestApis {
    #[serde(default)]
    pub items: Box<[RestApi]>,
}

#[derive(Debug, Deserialize)]
pub struct RestApi {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct GetStages {
    #[serde(default)]
    pub item: Box<[Stage]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub stage_name: String,
    /// Keyed by `resource/method` (`*/*` for every method).
    #[serde(default)]
    pub method_settings: BTreeMap<String, MethodSetting>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodSetting {
    /// `OFF`, `ERROR` or `INFO`.
    #[serde(default)]
    pub logging_level: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetApis {
    #[serde(default)]
    pub items: Box<[Api]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Api {
    pub api_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `HTTP` or `WEBSOCKET`.
    #[serde(default)]
    pub protocol_type: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetV2Stages {
    #[serde(default)]
    pub items: Box<[V2Stage]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct V2Stage {
    pub stage_name: String,
    #[serde(default)]
    pub access_log_settings: Option<AccessLogSettings>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessLogSettings {
    #[serde(default)]
    pub destination_arn: Option<String>,
}
