//! Lambda: the functions of each region (ListFunctions), and each function's resource policy
//! (GetPolicy), keyed by its FunctionArn. A function without a policy answers
//! `ResourceNotFoundException`, recorded as "not configured".

use serde::Deserialize;

use crate::check::Call;

pub const LIST_FUNCTIONS: Call<ListFunctions> = Call::new("Lambda", "ListFunctions");
/// Per function, keyed by its FunctionArn; no policy is "not configured".
pub const GET_POLICY: Call<GetPolicy> = Call::new("Lambda", "GetPolicy");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListFunctions {
    #[serde(default)]
    pub functions: Box<[Function]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    pub function_name: String,
    pub function_arn: String,
    /// The customer managed key that encrypts the environment variables; absent when Lambda
    /// encrypts them with its AWS managed key, `alias/aws/lambda`.
    #[serde(rename = "KMSKeyArn", default)]
    pub kms_key_arn: Option<String>,
    #[serde(default)]
    pub environment: Option<FunctionEnvironment>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionEnvironment {
    #[serde(default)]
    pub variables: std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPolicy {
    /// The resource policy, a JSON document as text.
    pub policy: String,
}
