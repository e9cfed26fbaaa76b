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
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetPolicy {
    /// The resource policy, a JSON document as text.
    pub policy: String,
}
