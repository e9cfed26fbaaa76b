use aws_config::SdkConfig;

use super::one_page;
use crate::call::{Calls, Key};
use crate::generated::cloudtrail;

const SERVICE: &str = "CloudTrail";

/// The trails a region lists (with the multi-region and organization trails homed
/// elsewhere), then the status and event selectors of each trail homed in this region, so
/// that each trail's are read once, from its home region.
pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::cloudtrail(config, Some(region));
    let c = &client;
    let listed =
        one_page!(calls, Key::new(SERVICE, "DescribeTrails", region), cloudtrail::describe_trails, c, describe_trails);
    let Some(pages) = listed.await else { return };
    let homed_here = pages
        .iter()
        .flat_map(|page| page.trail_list())
        .filter(|trail| trail.home_region() == Some(region))
        .filter_map(|trail| trail.trail_arn());
    futures::future::join_all(homed_here.map(|arn| async move {
        tokio::join!(
            one_page!(
                calls,
                Key::resource(SERVICE, "GetTrailStatus", region, arn),
                cloudtrail::get_trail_status,
                c,
                get_trail_status,
                name(arn)
            ),
            one_page!(
                calls,
                Key::resource(SERVICE, "GetEventSelectors", region, arn),
                cloudtrail::get_event_selectors,
                c,
                get_event_selectors,
                trail_name(arn)
            ),
        )
    }))
    .await;
}
