use crate::analysis::kms_keys::{KeyFacts, Rotation, each_key, rotation};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::policy::Document;
use crate::settings::{Setting, StringList};
use crate::views::kms::{DESCRIBE_KEY, GET_KEY_POLICY, GET_KEY_ROTATION_STATUS, LIST_KEYS};

declare_check! {
    /// Ensures KMS automatically rotates the key material of customer managed symmetric
    /// encryption keys. Each enabled customer managed key with `KeySpec` `SYMMETRIC_DEFAULT` and
    /// key material KMS generated (`Origin` `AWS_KMS`) passes when `GetKeyRotationStatus` says
    /// rotation is on, naming the rotation period (`RotationPeriodInDays`, 90 to 2560 days, 365
    /// unless set), and fails when it is off. A key whose policy `Id` is listed in
    /// `kms_key_policy_whitelisted_policy_ids` (CloudSploit's setting, for keys a scanner
    /// creates) passes as exempt.
    ///
    /// Not judged, so without a result: keys KMS cannot rotate automatically (the KMS developer
    /// guide: asymmetric keys, HMAC keys, keys with imported key material and keys in CloudHSM
    /// or external key stores, for which `GetKeyRotationStatus` answers
    /// `UnsupportedOperationException`), AWS managed keys (AWS rotates them every year and they
    /// cannot be changed), and keys that are not enabled: KMS does not rotate a disabled key
    /// or one pending deletion (CIS 4.6 audits enabled keys; CloudSploit still judges disabled
    /// ones). Prowler fails symmetric keys with imported material or in custom key stores,
    /// for which it never obtains a rotation status; stance leaves them out, as CIS's scope
    /// (customer managed symmetric keys that can rotate) does. Any enabled rotation passes
    /// whatever its period: CIS 4.6 asks that rotation be enabled, and the period is the key
    /// owner's cryptoperiod (PCI DSS 4.0 3.7.4), named in the message.
    ///
    /// ## Remediation
    /// Turn rotation on: `aws kms enable-key-rotation --key-id <key> [--rotation-period-in-days 365]`.
    pub(crate) CHECK {
        id: "kmsKeyRotation",
        title: "KMS Key Rotation",
        severity: Medium,
        reads: [LIST_KEYS, DESCRIBE_KEY, GET_KEY_ROTATION_STATUS, GET_KEY_POLICY],
        run,
        settings: [WHITELISTED_POLICY_IDS],
        aliases: [(
            "kms_cmk_rotation_enabled",
            Differently(
                "Prowler fails enabled symmetric customer managed keys with imported key material or in a custom key store, which KMS cannot rotate automatically; stance does not judge them, and exempts keys whose policy Id is whitelisted"
            )
        )],
    }
}

static WHITELISTED_POLICY_IDS: Setting<StringList> = Setting::new(
    "kms_key_policy_whitelisted_policy_ids",
    "aqua-cspm",
    "Keys whose key policy Id is one of these (comma-separated) pass kmsKeyRotation as exempt.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let whitelist = ctx.setting(&WHITELISTED_POLICY_IDS);
    each_key(ctx, findings, |region, key, findings| {
        if !key.is_customer_managed() || !key.is_enabled() || key.why_no_automatic_rotation().is_some() {
            return;
        }
        match judge(ctx, key, whitelist) {
            Ok((true, message)) => findings.ok(key.arn(), region, message),
            Ok((false, message)) => findings.fail(key.arn(), region, message),
            Err(reason) => findings.unknown(key.arn(), region, &reason),
        }
    });
}

/// Whether the key passes, and the message.
fn judge(ctx: &Context, key: &KeyFacts, whitelist: &StringList) -> Result<(bool, String), Unknown> {
    let label = format!("KMS key {}", key.key_id());
    let (_, policy) = ctx.read_resource(GET_KEY_POLICY, key.arn());
    let policy = policy?.ok_or_else(|| crate::context::not_configured(GET_KEY_POLICY.id))?;
    let document = Document::parse(&policy.policy)
        .map_err(|error| Unknown::new(format!("{label} has a key policy stance cannot read: {error}")))?;
    if let Some(id) = document.id.as_deref().filter(|id| whitelist.contains(id)) {
        return Ok((
            true,
            format!("{label} is exempt: its key policy Id {id} is in kms_key_policy_whitelisted_policy_ids"),
        ));
    }
    Ok(match rotation(ctx, key.arn())? {
        Rotation::Enabled { period_days } => {
            (true, format!("{label} rotates automatically every {}", plural(period_days, "day")))
        }
        Rotation::Disabled => (false, format!("{label} does not rotate automatically")),
        Rotation::Unsupported => {
            return Err(Unknown::new(format!(
                "KMS answers UnsupportedOperationException for the rotation of {label}, a symmetric key with KMS-generated material that should support it"
            )));
        }
    })
}
