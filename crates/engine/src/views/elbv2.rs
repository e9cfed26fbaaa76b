//! Elastic Load Balancing v2: the application, network and gateway load balancers of each
//! region (DescribeLoadBalancers), and each one's attributes (DescribeLoadBalancerAttributes),
//! keyed by its LoadBalancerArn.

use serde::Deserialize;

use crate::check::Call;

pub const DESCRIBE_LOAD_BALANCERS: Call<DescribeLoadBalancers> = Call::new("ELBv2", "DescribeLoadBalancers");
/// Per load balancer, keyed by its LoadBalancerArn.
pub const DESCRIBE_LOAD_BALANCER_ATTRIBUTES: Call<DescribeLoadBalancerAttributes> =
    Call::new("ELBv2", "DescribeLoadBalancerAttributes");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancers {
    #[serde(default)]
    pub load_balancers: Box<[LoadBalancer]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    pub load_balancer_arn: String,
    pub load_balancer_name: String,
    /// `application`, `network` or `gateway`.
    #[serde(default, rename = "Type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancerAttributes {
    #[serde(default)]
    pub attributes: Box<[Attribute]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
}

impl DescribeLoadBalancerAttributes {
    /// The value of the attribute `key`, when the load balancer has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes.iter().find(|attribute| attribute.key == key).and_then(|attribute| attribute.value.as_deref())
    }
}
