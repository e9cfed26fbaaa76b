use crate::analysis::kms_keys::each_key;
use crate::analysis::resource_policy::exposure;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::Document;
use crate::views::kms::{DESCRIBE_KEY, GET_KEY_POLICY, LIST_KEYS};

declare_check! {
    /// Ensures no customer managed KMS key's key policy lets everyone use or manage the key.
    /// A key fails when its policy has an Allow to everyone (`"Principal": "*"`,
    /// `{"AWS": "*"}`, `arn:aws:iam::*:root` or another wildcard, or `NotPrincipal`) that no
    /// restricting condition and no Deny confine, and passes otherwise. Restricting conditions
    /// are those every resource-policy check uses (stance's policy module): fixed values of keys
    /// that name the caller's account, organization, network or source, such as
    /// `kms:CallerAccount`, `aws:PrincipalOrgID`, `aws:SourceVpce` or `aws:PrincipalArn`; a
    /// wildcard value (`kms:CallerAccount` `*`) or a negated or `…IfExists` operator confines
    /// nothing. `kms:ViaService` alone does not confine a grant to everyone: it names the AWS
    /// service that makes the request, and any principal of any account can ask that service
    /// to use the key on its behalf (AWS managed keys pair it with `kms:CallerAccount` for that
    /// reason). Prowler counts any value of its listed keys, `kms:ViaService` and `*` included,
    /// as restricting, which passes such keys; stance fails them.
    ///
    /// Keys in every state are judged, not only enabled ones as in Prowler: a grant of
    /// `kms:EnableKey`, `kms:CancelKeyDeletion` or `kms:PutKeyPolicy` to everyone works on a
    /// disabled key or one pending deletion, and brings the key back for anyone. AWS managed
    /// keys are not judged: their policies are AWS's, cannot be changed, and confine use to
    /// the account with `kms:CallerAccount`.
    ///
    /// ## Remediation
    /// Name the principals that may use the key, or add a condition that confines the statement
    /// to your accounts or organization (`kms:CallerAccount`, `aws:PrincipalOrgID`):
    /// `aws kms put-key-policy --key-id <key> --policy-name default --policy file://policy.json`.
    pub(crate) CHECK {
        id: "kmsKeyPublicAccess",
        title: "KMS Key Public Access",
        severity: Critical,
        reads: [LIST_KEYS, DESCRIBE_KEY, GET_KEY_POLICY],
        run,
        aliases: [(
            "kms_key_not_publicly_accessible",
            Differently(
                "Prowler judges only enabled keys and counts any value of a listed condition key as restricting (kms:ViaService, or kms:CallerAccount \"*\"), where stance judges keys in every state and only conditions that confine the callers"
            )
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    each_key(ctx, findings, |region, key, findings| {
        if !key.is_customer_managed() {
            return;
        }
        let label = format!("KMS key {}", key.key_id());
        let state = &key.metadata().key_state;
        let (_, policy) = ctx.read_resource(GET_KEY_POLICY, key.arn());
        let policy =
            match policy.and_then(|policy| policy.ok_or_else(|| crate::context::not_configured(GET_KEY_POLICY.id))) {
                Ok(policy) => policy,
                Err(reason) => return findings.unknown(key.arn(), region, &reason),
            };
        let document = match Document::parse(&policy.policy) {
            Ok(document) => document,
            Err(error) => {
                let reason = Unknown::new(format!("{label} has a key policy stance cannot read: {error}"));
                return findings.unknown(key.arn(), region, &reason);
            }
        };
        let public: Vec<String> =
            exposure(&document, &[]).public.iter().map(|open| open.statement.to_string()).collect();
        if public.is_empty() {
            findings.ok(key.arn(), region, format!("{label} ({state}) has a key policy that confines every grant to named principals or restricting conditions"));
        } else {
            findings.fail(
                key.arn(),
                region,
                format!("{label} ({state}) has a key policy that lets everyone use it in {}", public.join(", ")),
            );
        }
    });
}
