//! The policy corpus: each `tests/<case>.json` is analysed whole and the analysis is compared
//! with `tests/<case>.snap` beside it (`cargo insta review` to accept changes).
//!
//! A case file is a policy document (an object, or a string holding its JSON or URL-encoded
//! text), or `{"policies": [documents…], "probes": [{"action", "resource"?, "expect"}]}` for a
//! set of policies read together. A probe without `resource` asks about some resource; its
//! `expect` (`allowed`, `denied`, `not_allowed`) is asserted.
//!
//! A document with a Principal anywhere is a resource or trust policy and gets [`grantees`];
//! the others are identity policies and are read together, as one principal's, for
//! administrator, full-service and escalation grants. Probes read every document.
//!
//! A set with `"bucket": NAME` also reads each policy as that bucket's policy with [`s3`]: public
//! by S3's definition, the secure-transport Deny and the Deny of unencrypted uploads; its cases
//! are named `s3-public-*` (S3 counts a statement public), `s3-private-*` (none), `s3-tls-*`
//! (plaintext refused for the bucket and its objects) or `s3-no-tls-*`.
//!
//! As with the check fixtures, a case's name states an expectation that a wrong snapshot accept
//! cannot bless: `public-*` has a public statement and `private-*` none, `admin-*` an
//! administrator grant and `not-admin-*` none, `escalation-*` an escalation path and
//! `no-escalation-*` none, `error-*` fails to parse; `probe-*`, `grantees-*` and `service-*`
//! rely on their probes and snapshot.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicySet {
    policies: Vec<Value>,
    #[serde(default)]
    probes: Vec<ProbeSpec>,
    /// The bucket the policies are read as the bucket policy of, for [`s3`]'s analyses.
    bucket: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeSpec {
    action: String,
    resource: Option<String>,
    expect: Decision,
}

#[derive(Serialize)]
struct Probe {
    action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<String>,
    access: Access,
}

#[derive(Serialize)]
struct Analysis {
    /// Per resource or trust policy: who its Allow statements grant to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    grantees: Vec<Grantees>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    admin: Vec<AdminGrant>,
    /// For each service the documents name, and KMS and CloudTrail.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    full_service_access: BTreeMap<String, Vec<ServiceGrant>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    privilege_escalations: Vec<Escalation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    probes: Vec<Probe>,
    /// For a set with a `bucket`: each policy read as that bucket's policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    s3_bucket: Vec<S3Bucket>,
}

#[derive(Serialize)]
struct S3Bucket {
    public: s3::PublicAnalysis,
    secure_transport: s3::SecureTransport,
    upload_encryption: s3::UploadEncryption,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Outcome {
    Analysis(Box<Analysis>),
    Error { error: String },
}

/// The service prefixes the documents' Action and NotAction globs name.
fn services_named(documents: &[&Document]) -> BTreeSet<String> {
    let mut services = BTreeSet::from(["cloudtrail".to_owned(), "kms".to_owned()]);
    for statement in documents.iter().flat_map(|document| &document.statements) {
        let (Actions::Listed(globs) | Actions::AllExcept(globs)) = &statement.actions;
        for glob in globs {
            if let Some((service, _)) = glob.split_once(':')
                && !service.is_empty()
                && !service.contains(['*', '?'])
            {
                services.insert(service.to_ascii_lowercase());
            }
        }
    }
    services
}

fn analyse(case: &Value) -> Outcome {
    let (values, specs, bucket) = match case {
        Value::Object(object) if object.contains_key("policies") => {
            let set: PolicySet = serde_json::from_value(case.clone()).expect("a malformed policy set");
            (set.policies, set.probes, set.bucket)
        }
        single => (vec![single.clone()], Vec::new(), None),
    };
    let documents = match values.iter().map(Document::from_value).collect::<Result<Vec<_>, _>>() {
        Ok(documents) => documents,
        Err(error) => return Outcome::Error { error: error.to_string() },
    };
    let policies: Vec<&Document> = documents.iter().collect();
    let probes = specs
        .into_iter()
        .map(|spec| {
            let access = match &spec.resource {
                Some(resource) => evaluate(&policies, &spec.action, resource),
                None => evaluate_on_some_resource(&policies, &spec.action),
            };
            assert_eq!(access.decision, spec.expect, "probe {} on {:?}", spec.action, spec.resource);
            Probe { action: spec.action, resource: spec.resource, access }
        })
        .collect();
    let (resource_policies, identity_policies): (Vec<&Document>, Vec<&Document>) =
        policies.iter().partition(|document| document.statements.iter().any(|s| s.principals.is_some()));
    let full_service_access = services_named(&identity_policies)
        .into_iter()
        .map(|service| {
            let grants = full_service_grants(&identity_policies, &service);
            (service, grants)
        })
        .filter(|(_, grants)| !grants.is_empty())
        .collect();
    Outcome::Analysis(Box::new(Analysis {
        grantees: resource_policies.into_iter().map(grantees).collect(),
        admin: admin_grants(&identity_policies),
        full_service_access,
        privilege_escalations: privilege_escalations(&identity_policies),
        probes,
        s3_bucket: bucket
            .map(|name| format!("arn:aws:s3:::{name}"))
            .map(|arn| {
                policies
                    .iter()
                    .map(|document| S3Bucket {
                        public: s3::public_analysis(document, &arn),
                        secure_transport: s3::secure_transport(document, &arn),
                        upload_encryption: s3::upload_encryption(document, &arn),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }))
}

/// The expectation a case's name states.
fn assert_case_expectation(case: &str, outcome: &Outcome) {
    let Outcome::Analysis(analysis) = outcome else {
        assert!(case.starts_with("error-"), "{case}: did not parse: {}", serde_json::to_string(outcome).unwrap());
        return;
    };
    let public = analysis.grantees.iter().flat_map(|g| &g.everyone).any(OpenStatement::is_public);
    let s3_public = analysis.s3_bucket.iter().any(|bucket| bucket.public.is_public());
    let s3_tls = !analysis.s3_bucket.is_empty() && analysis.s3_bucket.iter().all(|b| b.secure_transport.enforced());
    let s3 = !analysis.s3_bucket.is_empty();
    let expectations: [(&str, bool); 11] = [
        ("s3-public-", s3 && s3_public),
        ("s3-private-", s3 && !s3_public),
        ("s3-tls-", s3_tls),
        ("s3-no-tls-", s3 && !s3_tls),
        ("public-", public),
        ("private-", !public),
        ("admin-", !analysis.admin.is_empty()),
        ("not-admin-", analysis.admin.is_empty()),
        ("escalation-", !analysis.privilege_escalations.is_empty()),
        ("no-escalation-", analysis.privilege_escalations.is_empty()),
        ("error-", false),
    ];
    if let Some((prefix, holds)) = expectations.iter().find(|(prefix, _)| case.starts_with(prefix)) {
        assert!(holds, "{case}: the {prefix} expectation does not hold");
    } else {
        let free = ["probe-", "grantees-", "service-"];
        assert!(free.iter().any(|prefix| case.starts_with(prefix)), "{case}: unknown case prefix");
    }
}

#[test]
fn corpus() {
    insta::glob!("tests/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let case_value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let case = path.file_stem().unwrap().to_str().unwrap();
        let outcome = analyse(&case_value);
        assert_case_expectation(case, &outcome);
        let mut settings = insta::Settings::clone_current();
        settings.remove_snapshot_suffix();
        settings.set_snapshot_path(path.parent().unwrap());
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_json_snapshot!(case, outcome));
    });
}
