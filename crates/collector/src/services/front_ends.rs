//! Web front ends and their access logs: CloudFront distributions (global), and in each region
//! load balancers, REST and HTTP APIs, and the CloudWatch Logs deliveries that carry
//! CloudFront's standard logging v2.

use aws_config::SdkConfig;
use stance_snapshot::GLOBAL_REGION;

use aws_sdk_apigatewayv2::operation::get_apis::GetApisOutput;
use aws_sdk_apigatewayv2::operation::get_stages::GetStagesOutput;

use super::{all_pages, one_page, token_pages};
use crate::call::{Calls, Key};
use crate::generated::{apigateway, apigatewayv2, cloudfront, cloudwatchlogs, elbv2};

/// The account's distributions, then each one's configuration (its standard logging is only
/// there).
pub async fn collect_global(config: &SdkConfig, calls: &Calls) {
    let client = crate::config::cloudfront(config, None);
    let c = &client;
    let listed = all_pages!(
        calls,
        Key::new("CloudFront", "ListDistributions", GLOBAL_REGION),
        cloudfront::list_distributions,
        c,
        list_distributions
    );
    let Some(pages) = listed.await else { return };
    let distributions = pages
        .iter()
        .filter_map(|page| page.distribution_list())
        .flat_map(|list| list.items())
        .map(|distribution| (distribution.arn(), distribution.id()));
    futures::future::join_all(distributions.map(|(arn, id)| {
        one_page!(
            calls,
            Key::resource("CloudFront", "GetDistributionConfig", GLOBAL_REGION, arn),
            cloudfront::get_distribution_config,
            c,
            get_distribution_config,
            id(id)
        )
    }))
    .await;
}

pub async fn collect_region(config: &SdkConfig, calls: &Calls, region: &str, partition: &str) {
    let logs = crate::config::cloudwatchlogs(config, Some(region));
    let l = &logs;
    tokio::join!(
        all_pages!(
            calls,
            Key::new("CloudWatchLogs", "DescribeDeliverySources", region),
            cloudwatchlogs::describe_delivery_sources,
            l,
            describe_delivery_sources
        ),
        all_pages!(
            calls,
            Key::new("CloudWatchLogs", "DescribeDeliveries", region),
            cloudwatchlogs::describe_deliveries,
            l,
            describe_deliveries
        ),
        load_balancers(config, calls, region),
        rest_apis(config, calls, region, partition),
        http_apis(config, calls, region, partition),
    );
}

/// The region's load balancers, then each one's attributes (access logs among them).
async fn load_balancers(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::elbv2(config, Some(region));
    let c = &client;
    let listed = all_pages!(
        calls,
        Key::new("ELBv2", "DescribeLoadBalancers", region),
        elbv2::describe_load_balancers,
        c,
        describe_load_balancers
    );
    let Some(pages) = listed.await else { return };
    let arns = pages.iter().flat_map(|page| page.load_balancers()).filter_map(|lb| lb.load_balancer_arn());
    futures::future::join_all(arns.map(|arn| {
        one_page!(
            calls,
            Key::resource("ELBv2", "DescribeLoadBalancerAttributes", region, arn),
            elbv2::describe_load_balancer_attributes,
            c,
            describe_load_balancer_attributes,
            load_balancer_arn(arn)
        )
    }))
    .await;
}

/// The region's REST APIs, then each one's stages (their logging settings).
async fn rest_apis(config: &SdkConfig, calls: &Calls, region: &str, partition: &str) {
    let client = crate::config::apigateway(config, Some(region));
    let c = &client;
    let listed =
        all_pages!(calls, Key::new("APIGateway", "GetRestApis", region), apigateway::get_rest_apis, c, get_rest_apis);
    let Some(pages) = listed.await else { return };
    let ids = pages.iter().flat_map(|page| page.items()).filter_map(|api| api.id());
    futures::future::join_all(ids.map(|id| async move {
        let arn = format!("arn:{partition}:apigateway:{region}::/restapis/{id}");
        one_page!(
            calls,
            Key::resource("APIGateway", "GetStages", region, &arn),
            apigateway::get_stages,
            c,
            get_stages,
            rest_api_id(id)
        )
        .await
    }))
    .await;
}

/// The region's HTTP and WebSocket APIs, then each one's stages (their access logs).
async fn http_apis(config: &SdkConfig, calls: &Calls, region: &str, partition: &str) {
    let client = crate::config::apigatewayv2(config, Some(region));
    let c = &client;
    let listed = calls
        .make(Key::new("ApiGatewayV2", "GetApis", region), apigatewayv2::get_apis, || {
            token_pages(|token| c.get_apis().set_next_token(token).send(), GetApisOutput::next_token)
        })
        .await;
    let Some(pages) = listed else { return };
    let ids = pages.iter().flat_map(|page| page.items()).filter_map(|api| api.api_id());
    futures::future::join_all(ids.map(|id| async move {
        let arn = format!("arn:{partition}:apigateway:{region}::/apis/{id}");
        calls
            .make(Key::resource("ApiGatewayV2", "GetStages", region, &arn), apigatewayv2::get_stages, || {
                token_pages(|token| c.get_stages().api_id(id).set_next_token(token).send(), GetStagesOutput::next_token)
            })
            .await
    }))
    .await;
}
