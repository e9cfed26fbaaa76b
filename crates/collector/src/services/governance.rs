//! Account governance: AWS Config, IAM Access Analyzer, Security Hub and Macie in each region;
//! Organizations and the account's contacts once.

use aws_config::SdkConfig;
use aws_sdk_accessanalyzer::types::Criterion;
use aws_sdk_account::types::AlternateContactType;
use stance_snapshot::GLOBAL_REGION;

use super::{all_pages, one_page};
use crate::call::{Calls, Key};
use crate::generated::{accessanalyzer, account, configservice, macie2, organizations, securityhub};
use stance_snapshot::operations::ALTERNATE_CONTACT_TYPES;

pub async fn collect_region(config: &SdkConfig, calls: &Calls, region: &str) {
    let recorder = crate::config::configservice(config, Some(region));
    let hub = crate::config::securityhub(config, Some(region));
    let macie = crate::config::macie2(config, Some(region));
    let (r, h, m) = (&recorder, &hub, &macie);
    tokio::join!(
        one_page!(
            calls,
            Key::new("ConfigService", "DescribeConfigurationRecorders", region),
            configservice::describe_configuration_recorders,
            r,
            describe_configuration_recorders
        ),
        one_page!(
            calls,
            Key::new("ConfigService", "DescribeConfigurationRecorderStatus", region),
            configservice::describe_configuration_recorder_status,
            r,
            describe_configuration_recorder_status
        ),
        one_page!(
            calls,
            Key::new("ConfigService", "DescribeDeliveryChannels", region),
            configservice::describe_delivery_channels,
            r,
            describe_delivery_channels
        ),
        analyzers(config, calls, region),
        one_page!(calls, Key::new("SecurityHub", "DescribeHub", region), securityhub::describe_hub, h, describe_hub),
        all_pages!(
            calls,
            Key::new("SecurityHub", "GetEnabledStandards", region),
            securityhub::get_enabled_standards,
            h,
            get_enabled_standards
        ),
        all_pages!(
            calls,
            Key::new("SecurityHub", "ListEnabledProductsForImport", region),
            securityhub::list_enabled_products_for_import,
            h,
            list_enabled_products_for_import
        ),
        one_page!(
            calls,
            Key::new("Macie2", "GetMacieSession", region),
            macie2::get_macie_session,
            m,
            get_macie_session
        ),
    );
}

/// The region's analyzers, then each one's active findings (archived and resolved ones are
/// not collected).
async fn analyzers(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::accessanalyzer(config, Some(region));
    let c = &client;
    let listed = all_pages!(
        calls,
        Key::new("AccessAnalyzer", "ListAnalyzers", region),
        accessanalyzer::list_analyzers,
        c,
        list_analyzers
    );
    let Some(pages) = listed.await else { return };
    let arns = pages.iter().flat_map(|page| page.analyzers()).map(|analyzer| analyzer.arn());
    futures::future::join_all(arns.map(|arn| {
        let active = || Criterion::builder().eq("ACTIVE").build();
        all_pages!(
            calls,
            Key::resource("AccessAnalyzer", "ListFindingsV2", region, arn),
            accessanalyzer::list_findings_v2,
            c,
            list_findings_v2,
            analyzer_arn(arn),
            filter("status", active())
        )
    }))
    .await;
}

/// The organization the account belongs to, its delegated administrators, and the account's
/// contacts. From a member account, Organizations answers AccessDenied to the listing: that is
/// recorded like any answer.
pub async fn collect_global(config: &SdkConfig, calls: &Calls) {
    let orgs = crate::config::organizations(config, None);
    let contacts = crate::config::account(config, None);
    let (o, a) = (&orgs, &contacts);
    let global = |service, operation| Key::new(service, operation, GLOBAL_REGION);
    tokio::join!(
        one_page!(
            calls,
            global("Organizations", "DescribeOrganization"),
            organizations::describe_organization,
            o,
            describe_organization
        ),
        all_pages!(
            calls,
            global("Organizations", "ListDelegatedAdministrators"),
            organizations::list_delegated_administrators,
            o,
            list_delegated_administrators
        ),
        one_page!(
            calls,
            global("Organizations", "DescribeResourcePolicy"),
            organizations::describe_resource_policy,
            o,
            describe_resource_policy
        ),
        one_page!(
            calls,
            global("Account", "GetContactInformation"),
            account::get_contact_information,
            a,
            get_contact_information
        ),
        futures::future::join_all(ALTERNATE_CONTACT_TYPES.iter().map(|kind| {
            one_page!(
                calls,
                Key::resource("Account", "GetAlternateContact", GLOBAL_REGION, kind),
                account::get_alternate_contact,
                a,
                get_alternate_contact,
                alternate_contact_type(AlternateContactType::from(*kind))
            )
        })),
    );
}
