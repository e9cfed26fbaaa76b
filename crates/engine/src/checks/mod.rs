//! Every check, one file each under `checks/<service>/`. `registry.rs` and each service's
//! `mod.rs` are generated from those files by `cargo xtask registry`.

mod registry;

pub use registry::REGISTRY;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::REGISTRY;

    #[test]
    fn ids_and_aliases_are_unique() {
        // Setting names are unique among declarations, which checks share (a settings test).
        let ids: BTreeSet<_> = REGISTRY.iter().map(|check| check.id).collect();
        assert_eq!(ids.len(), REGISTRY.len(), "duplicate check id");
        let mut names = ids.clone();
        for check in REGISTRY {
            for alias in check.aliases {
                assert!(names.insert(alias.id), "{}'s alias {} names another check too", check.id, alias.id);
                // Prowler's ids are snake_case; stance's are camelCase, so the two never meet.
                let prowler_like = alias.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                assert!(prowler_like, "{}'s alias {} is not a Prowler id", check.id, alias.id);
                if let crate::check::Agreement::Differently(why) = alias.agreement {
                    assert!(!why.is_empty() && !why.ends_with('.'), "{}: say why, without a final period", alias.id);
                }
            }
        }
    }

    #[test]
    fn checks_are_grouped_by_category_and_read_something() {
        assert!(REGISTRY.windows(2).all(|pair| pair[0].category <= pair[1].category), "IAM, then EC2, then S3");
        for check in REGISTRY {
            assert!(!check.reads.is_empty(), "{} reads nothing", check.id);
            assert!(!check.description().is_empty() && !check.remediation().is_empty(), "{} lacks text", check.id);
        }
    }

    #[test]
    fn file_names_match_ids() {
        let squash =
            |name: &str| name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
        for check in REGISTRY {
            let stem = Path::new(check.source_file).file_stem().and_then(|stem| stem.to_str()).unwrap();
            match check.family {
                // A member's module is named after its id (`cargo xtask registry` holds that).
                Some(family) => assert_eq!(stem, family.name, "{} is declared in {}", check.id, check.source_file),
                None => assert_eq!(squash(stem), squash(check.id), "{} is declared in {}", check.id, check.source_file),
            }
        }
    }
}
