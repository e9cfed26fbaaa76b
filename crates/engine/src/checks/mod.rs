//! Every check, one file each, grouped by service. [`REGISTRY`] lists them all.

use crate::check::Check;

mod ec2;
mod iam;
mod s3;

/// All checks, in the order results are reported.
pub static REGISTRY: &[&Check] = &[
    &iam::root_account_in_use::CHECK,
    &iam::root_access_keys::CHECK,
    &iam::root_mfa_enabled::CHECK,
    &iam::users_mfa_enabled::CHECK,
    &iam::access_keys_extra::CHECK,
    &iam::password_policy_exists::CHECK,
    &iam::min_password_length::CHECK,
    &ec2::flow_logs_enabled::CHECK,
    &ec2::default_security_group::CHECK,
    &ec2::open_ssh::CHECK,
    &ec2::open_rdp::CHECK,
    &ec2::ebs_encryption_enabled::CHECK,
    &s3::bucket_logging::CHECK,
    &s3::bucket_all_users_acl::CHECK,
    &s3::bucket_public_access_block::CHECK,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::REGISTRY;

    #[test]
    fn ids_and_setting_names_are_unique() {
        let ids: BTreeSet<_> = REGISTRY.iter().map(|check| check.id).collect();
        assert_eq!(ids.len(), REGISTRY.len(), "duplicate check id");
        let settings: Vec<_> = REGISTRY.iter().flat_map(|check| check.settings).map(|setting| setting.name).collect();
        assert_eq!(settings.iter().collect::<BTreeSet<_>>().len(), settings.len(), "duplicate setting name");
    }

    #[test]
    fn checks_are_grouped_by_category_and_read_something() {
        assert!(REGISTRY.windows(2).all(|pair| pair[0].category <= pair[1].category), "IAM, then EC2, then S3");
        for check in REGISTRY {
            assert!(!check.reads.is_empty(), "{} reads nothing", check.id);
            assert!(!check.description.is_empty() && !check.remediation.is_empty(), "{} lacks text", check.id);
        }
    }

    #[test]
    fn every_check_has_the_required_fixtures() {
        // Relative to the package directory, where cargo runs tests.
        let fixtures = Path::new("../../fixtures/checks");
        for check in REGISTRY {
            for case in ["ok", "fail", "unknown-missing", "unknown-denied"] {
                let path = fixtures.join(check.id).join(format!("{case}.json"));
                assert!(path.is_file(), "{} has no {case} fixture ({})", check.id, path.display());
            }
        }
    }
}
