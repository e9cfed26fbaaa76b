//! EventBridge: the event buses of each region (ListEventBuses), each with its resource policy.

use serde::Deserialize;

use crate::check::Call;

pub const LIST_EVENT_BUSES: Call<ListEventBuses> = Call::new("EventBridge", "ListEventBuses");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListEventBuses {
    #[serde(default)]
    pub event_buses: Box<[EventBus]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventBus {
    pub name: String,
    pub arn: String,
    /// The bus's resource policy, a JSON document as text; absent when it has none.
    #[serde(default)]
    pub policy: Option<String>,
}
