//! What KMS data means, for every check that meets a KMS key: who manages a key, whether it can
//! rotate automatically, and the **encryption level** a key gives, the grading CloudSploit's
//! `*_encryption_level` settings use (`none < sse < awskms < awscmk < externalcmk < cloudhsm`).
//!
//! A resource names its key as a key id, a key ARN, an alias name (`alias/x`) or an alias ARN;
//! [`resolve_key`] turns any of them into the key's ARN (aliases through the region's
//! `ListAliases`), and [`encryption_level`] grades it from the key's `DescribeKey`. A check that
//! calls them declares [`LIST_ALIASES`] and [`DESCRIBE_KEY`] among its reads (and
//! [`GET_KEY_ROTATION_STATUS`] for [`rotation`]). Whatever cannot be read (the calls missing or
//! denied, a key in another account, whose details this account's snapshot does not hold) is
//! [`Unknown`], never a level.

use std::fmt;
use std::sync::Arc;

use crate::context::{Context, Findings, Unknown};
use crate::settings::{SettingKind, SettingType};
use crate::views::kms::{
    DESCRIBE_KEY, DescribeKey, GET_KEY_ROTATION_STATUS, KeyMetadata, LIST_ALIASES, LIST_KEYS, ListAliases,
};

/// The protection levels CloudSploit grades encryption on, weakest first: `none` (not
/// encrypted), `sse` (the service's own encryption, no KMS key), `awskms` (an AWS managed KMS
/// key, `alias/aws/<service>`), `awscmk` (a customer managed key with key material KMS
/// generated), `externalcmk` (customer managed, imported key material, or an external key
/// store), `cloudhsm` (customer managed in a CloudHSM custom key store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EncryptionLevel {
    None,
    Sse,
    /// An AWS managed KMS key (`alias/aws/ebs`).
    AwsKms,
    /// A customer managed KMS key.
    AwsCmk,
    /// A customer managed key with imported key material (or in an external key store).
    ExternalCmk,
    /// A customer managed key in a CloudHSM custom key store.
    CloudHsm,
}

impl EncryptionLevel {
    const NAMES: [(&'static str, EncryptionLevel); 6] = [
        ("none", EncryptionLevel::None),
        ("sse", EncryptionLevel::Sse),
        ("awskms", EncryptionLevel::AwsKms),
        ("awscmk", EncryptionLevel::AwsCmk),
        ("externalcmk", EncryptionLevel::ExternalCmk),
        ("cloudhsm", EncryptionLevel::CloudHsm),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, level)| *level == self).map_or("none", |(name, _)| name)
    }
}

impl fmt::Display for EncryptionLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl SettingType for EncryptionLevel {
    const KIND: SettingKind = SettingKind::String;

    fn parse(text: &str) -> Result<EncryptionLevel, String> {
        let text = text.to_ascii_lowercase();
        Self::NAMES
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, level)| *level)
            .ok_or_else(|| "one of none, sse, awskms, awscmk, externalcmk, cloudhsm".to_owned())
    }

    fn to_json(&self) -> serde_json::Value {
        self.name().into()
    }
}

/// How a resource names its KMS key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyReference<'a> {
    /// `arn:aws:kms:us-east-1:123456789012:key/1234abcd-…` (or `mrk-…`).
    KeyArn { region: &'a str, account: &'a str, key_id: &'a str },
    /// `arn:aws:kms:us-east-1:123456789012:alias/name`; `name` is `alias/name`.
    AliasArn { region: &'a str, account: &'a str, name: &'a str },
    /// `alias/name`, in the resource's region and account.
    AliasName(&'a str),
    /// A bare key id, in the resource's region and account.
    KeyId(&'a str),
}

impl<'a> KeyReference<'a> {
    /// Reads a key reference; `None` for text that is none of the four forms (an ARN of another
    /// service, an empty string).
    pub fn parse(text: &'a str) -> Option<KeyReference<'a>> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("arn:") {
            let mut parts = rest.splitn(5, ':');
            let (_partition, service, region, account, resource) =
                (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            if service != "kms" || region.is_empty() || account.is_empty() {
                return None;
            }
            if let Some(key_id) = resource.strip_prefix("key/").filter(|id| !id.is_empty()) {
                return Some(KeyReference::KeyArn { region, account, key_id });
            }
            if resource.strip_prefix("alias/").is_some_and(|name| !name.is_empty()) {
                return Some(KeyReference::AliasArn { region, account, name: resource });
            }
            return None;
        }
        if text.strip_prefix("alias/").is_some_and(|name| !name.is_empty()) {
            return Some(KeyReference::AliasName(text));
        }
        let is_id = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        is_id.then_some(KeyReference::KeyId(text))
    }
}

/// Whether an alias name (`alias/aws/ebs`) is one AWS reserves for its managed keys: only AWS
/// can create aliases under `alias/aws/`, and each names the AWS managed key of a service.
pub fn is_aws_managed_alias(name: &str) -> bool {
    name.starts_with("alias/aws/")
}

/// The key an alias of `aliases` points to, as the key id.
pub fn alias_target<'a>(aliases: &'a ListAliases, name: &str) -> Option<&'a str> {
    aliases.aliases.iter().find(|alias| alias.alias_name == name).and_then(|alias| alias.target_key_id.as_deref())
}

/// What a key reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolvedKey {
    /// The key's ARN.
    Key(String),
    /// An `alias/aws/*` alias whose key the region's aliases do not name (AWS creates the key
    /// when the service first uses it): an AWS managed key whatever its id.
    AwsManagedAlias(String),
}

/// The key `reference` names, for a resource in `region`. Aliases are looked up in the region's
/// `ListAliases` (which the check must declare); an alias or key of another account cannot be
/// looked up in this account's snapshot, and is UNKNOWN unless it is an AWS managed alias.
pub fn resolve_key(ctx: &Context, reference: &str, region: &str) -> Result<ResolvedKey, Unknown> {
    let parsed = KeyReference::parse(reference)
        .ok_or_else(|| Unknown::new(format!("{reference:?} is not a KMS key id, key ARN or alias")))?;
    let key_arn = |region: &str, account: &str, key_id: &str| {
        format!("arn:{}:kms:{region}:{account}:key/{key_id}", ctx.partition())
    };
    let (region, account, name) = match parsed {
        KeyReference::KeyArn { region, account, key_id } => {
            return Ok(ResolvedKey::Key(key_arn(region, account, key_id)));
        }
        KeyReference::KeyId(key_id) => return Ok(ResolvedKey::Key(key_arn(region, ctx.account_id(), key_id))),
        KeyReference::AliasArn { region, account, name } => (region, account, name),
        KeyReference::AliasName(name) => (region, ctx.account_id(), name),
    };
    if account != ctx.account_id() {
        if is_aws_managed_alias(name) {
            return Ok(ResolvedKey::AwsManagedAlias(name.to_owned()));
        }
        return Err(Unknown::new(format!(
            "KMS alias {reference} belongs to account {account}, whose aliases this account's snapshot does not hold"
        )));
    }
    let aliases = ctx.read_configured(LIST_ALIASES, region);
    match (aliases.as_deref().map(|aliases| alias_target(aliases, name)), is_aws_managed_alias(name)) {
        (Ok(Some(key_id)), _) => Ok(ResolvedKey::Key(key_arn(region, account, key_id))),
        (_, true) => Ok(ResolvedKey::AwsManagedAlias(name.to_owned())),
        (Ok(None), false) => {
            Err(Unknown::new(format!("KMS alias {name} is not among the aliases of {region}, so its key is unknown")))
        }
        (Err(reason), false) => Err(reason.clone()),
    }
}

/// A key's `DescribeKey` metadata, with what it means.
#[derive(Debug, Clone)]
pub struct KeyFacts {
    described: Arc<DescribeKey>,
}

impl KeyFacts {
    pub fn metadata(&self) -> &KeyMetadata {
        &self.described.key_metadata
    }

    pub fn arn(&self) -> &str {
        &self.metadata().arn
    }

    pub fn key_id(&self) -> &str {
        &self.metadata().key_id
    }

    /// `KeyManager` is `CUSTOMER`: the account creates, manages and pays for the key.
    pub fn is_customer_managed(&self) -> bool {
        self.metadata().key_manager.eq_ignore_ascii_case("CUSTOMER")
    }

    /// `KeyManager` is `AWS`: an AWS service created the key for this account.
    pub fn is_aws_managed(&self) -> bool {
        self.metadata().key_manager.eq_ignore_ascii_case("AWS")
    }

    /// `KeyState` is `Enabled`: the key can be used.
    pub fn is_enabled(&self) -> bool {
        self.metadata().key_state.eq_ignore_ascii_case("Enabled")
    }

    /// `KeySpec` is `SYMMETRIC_DEFAULT`: a symmetric encryption key.
    pub fn is_symmetric_encryption(&self) -> bool {
        self.metadata().key_spec == "SYMMETRIC_DEFAULT"
    }

    /// Why KMS cannot rotate this key automatically, or `None` when it can: the KMS developer
    /// guide allows automatic rotation only for symmetric encryption keys with key material KMS
    /// generated (`Origin` `AWS_KMS`); AWS managed keys rotate every year on their own and
    /// cannot be configured.
    pub fn why_no_automatic_rotation(&self) -> Option<&'static str> {
        let metadata = self.metadata();
        if self.is_aws_managed() {
            return Some("is AWS managed, and AWS rotates it itself every year");
        }
        if !self.is_symmetric_encryption() {
            return Some(if metadata.key_spec.starts_with("HMAC") {
                "is an HMAC key, which KMS cannot rotate automatically"
            } else {
                "is asymmetric, which KMS cannot rotate automatically"
            });
        }
        match metadata.origin.as_str() {
            "AWS_KMS" => None,
            "EXTERNAL" => Some("has imported key material, which KMS cannot rotate automatically (rotate it by hand)"),
            "AWS_CLOUDHSM" => Some("is in a CloudHSM key store, where KMS cannot rotate keys automatically"),
            "EXTERNAL_KEY_STORE" => Some("is in an external key store, where KMS cannot rotate keys automatically"),
            _ => Some("has an origin KMS does not document for automatic rotation"),
        }
    }

    /// The encryption level the key gives (see [`EncryptionLevel`]). An AWS managed key is
    /// `awskms`; a customer managed one `awscmk` when KMS generated its material, `externalcmk`
    /// when it was imported or lives in an external key store (key material outside KMS, which
    /// stance does not rank above CloudHSM without knowing the store), `cloudhsm` in a CloudHSM
    /// key store. A manager or origin KMS does not document is UNKNOWN.
    pub fn level(&self) -> Result<EncryptionLevel, Unknown> {
        let metadata = self.metadata();
        if self.is_aws_managed() {
            return Ok(EncryptionLevel::AwsKms);
        }
        if !self.is_customer_managed() {
            return Err(Unknown::new(format!(
                "KMS key {} has KeyManager {:?}, which stance does not know",
                metadata.arn, metadata.key_manager
            )));
        }
        match metadata.origin.as_str() {
            "AWS_KMS" => Ok(EncryptionLevel::AwsCmk),
            "EXTERNAL" | "EXTERNAL_KEY_STORE" => Ok(EncryptionLevel::ExternalCmk),
            "AWS_CLOUDHSM" => Ok(EncryptionLevel::CloudHsm),
            origin => {
                Err(Unknown::new(format!("KMS key {} has Origin {origin:?}, which stance does not know", metadata.arn)))
            }
        }
    }
}

/// The `DescribeKey` facts of the key `key_arn` (the check must declare [`DESCRIBE_KEY`]).
pub fn key_facts(ctx: &Context, key_arn: &str) -> Result<KeyFacts, Unknown> {
    let account = key_arn.split(':').nth(4).unwrap_or_default();
    if !account.is_empty() && account != ctx.account_id() {
        return Err(Unknown::new(format!(
            "KMS key {key_arn} belongs to account {account}, whose keys this account's snapshot does not describe"
        )));
    }
    let (_, described) = ctx.read_resource(DESCRIBE_KEY, key_arn);
    let described = described?.ok_or_else(|| crate::context::not_configured(DESCRIBE_KEY.id))?;
    Ok(KeyFacts { described })
}

/// The encryption level of the key `reference` names for a resource in `region`; the check must
/// declare [`LIST_ALIASES`] and [`DESCRIBE_KEY`].
pub fn encryption_level(ctx: &Context, reference: &str, region: &str) -> Result<EncryptionLevel, Unknown> {
    match resolve_key(ctx, reference, region)? {
        ResolvedKey::AwsManagedAlias(_) => Ok(EncryptionLevel::AwsKms),
        ResolvedKey::Key(arn) => key_facts(ctx, &arn)?.level(),
    }
}

/// Runs `judge` on each key `ListKeys` lists in each region, with its facts (the check declares
/// [`LIST_KEYS`] and [`DESCRIBE_KEY`]). A region whose listing is missing or failed is UNKNOWN,
/// as is each key whose `DescribeKey` is: without it nothing tells a customer managed key from
/// an AWS managed one.
pub fn each_key(ctx: &Context, findings: &mut Findings, mut judge: impl FnMut(&str, &KeyFacts, &mut Findings)) {
    ctx.each_region(LIST_KEYS, findings, |region, keys, findings| {
        for key in &keys.keys {
            match key_facts(ctx, &key.key_arn) {
                Ok(facts) => judge(region, &facts, findings),
                Err(reason) => findings.unknown(key.key_arn.as_str(), region, &reason),
            }
        }
    });
}

/// A key's automatic rotation, from `GetKeyRotationStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// On, every `period_days` days (365 when AWS does not say).
    Enabled {
        period_days: i64,
    },
    Disabled,
    /// KMS answered `UnsupportedOperationException`: the key cannot rotate automatically.
    Unsupported,
}

/// The rotation status of the key `key_arn` (the check must declare [`GET_KEY_ROTATION_STATUS`]).
pub fn rotation(ctx: &Context, key_arn: &str) -> Result<Rotation, Unknown> {
    if ctx
        .resource_error(GET_KEY_ROTATION_STATUS, key_arn)
        .is_some_and(|error| error.code == "UnsupportedOperationException")
    {
        return Ok(Rotation::Unsupported);
    }
    let (_, status) = ctx.read_resource(GET_KEY_ROTATION_STATUS, key_arn);
    let status = status?.ok_or_else(|| crate::context::not_configured(GET_KEY_ROTATION_STATUS.id))?;
    Ok(if status.key_rotation_enabled {
        Rotation::Enabled { period_days: status.rotation_period_in_days.unwrap_or(365) }
    } else {
        Rotation::Disabled
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn facts(metadata: serde_json::Value) -> KeyFacts {
        KeyFacts { described: Arc::new(serde_json::from_value(json!({"KeyMetadata": metadata})).unwrap()) }
    }

    fn key(manager: &str, spec: &str, origin: &str) -> KeyFacts {
        facts(json!({
            "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
            "Arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "KeyManager": manager, "KeyState": "Enabled", "KeySpec": spec, "Origin": origin
        }))
    }

    #[test]
    fn levels_parse_as_cloudsploit_names_them_and_order_weakest_first() {
        assert_eq!(EncryptionLevel::parse("awskms"), Ok(EncryptionLevel::AwsKms));
        assert_eq!(EncryptionLevel::parse("AwsCmk"), Ok(EncryptionLevel::AwsCmk));
        assert!(EncryptionLevel::parse("aes256").is_err());
        assert!(EncryptionLevel::None < EncryptionLevel::Sse && EncryptionLevel::Sse < EncryptionLevel::AwsKms);
        assert!(EncryptionLevel::AwsCmk < EncryptionLevel::ExternalCmk);
        assert!(EncryptionLevel::ExternalCmk < EncryptionLevel::CloudHsm);
        assert_eq!(EncryptionLevel::ExternalCmk.to_string(), "externalcmk");
    }

    #[test]
    fn references_in_all_four_forms() {
        let arn = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd";
        assert_eq!(
            KeyReference::parse(arn),
            Some(KeyReference::KeyArn { region: "eu-west-1", account: "123456789012", key_id: "mrk-1234abcd" })
        );
        assert_eq!(
            KeyReference::parse("arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/aws/ebs"),
            Some(KeyReference::AliasArn { region: "us-gov-west-1", account: "123456789012", name: "alias/aws/ebs" })
        );
        assert_eq!(KeyReference::parse("alias/app"), Some(KeyReference::AliasName("alias/app")));
        assert_eq!(KeyReference::parse("1234abcd-12ab"), Some(KeyReference::KeyId("1234abcd-12ab")));
        for odd in ["", "alias/", "arn:aws:s3:::bucket", "arn:aws:kms:us-east-1:1:key/", "arn:aws:kms", "a b", "☃"] {
            assert_eq!(KeyReference::parse(odd), None, "{odd:?}");
        }
    }

    #[test]
    fn aliases_resolve_by_name_and_list_by_key() {
        let aliases: ListAliases = serde_json::from_value(json!({"Aliases": [
            {"AliasName": "alias/app", "AliasArn": "arn:aws:kms:us-east-1:123456789012:alias/app", "TargetKeyId": "k1"},
            {"AliasName": "alias/app-2", "TargetKeyId": "k1"},
            {"AliasName": "alias/aws/s3"}
        ]}))
        .unwrap();
        assert_eq!(alias_target(&aliases, "alias/app"), Some("k1"));
        assert_eq!(alias_target(&aliases, "alias/aws/s3"), None, "not yet created");
        assert_eq!(alias_target(&aliases, "alias/other"), None);
        assert!(is_aws_managed_alias("alias/aws/s3") && !is_aws_managed_alias("alias/awsome"));
    }

    #[test]
    fn levels_by_manager_and_origin() {
        assert_eq!(key("AWS", "SYMMETRIC_DEFAULT", "AWS_KMS").level(), Ok(EncryptionLevel::AwsKms));
        assert_eq!(key("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_KMS").level(), Ok(EncryptionLevel::AwsCmk));
        assert_eq!(key("CUSTOMER", "SYMMETRIC_DEFAULT", "EXTERNAL").level(), Ok(EncryptionLevel::ExternalCmk));
        assert_eq!(
            key("CUSTOMER", "SYMMETRIC_DEFAULT", "EXTERNAL_KEY_STORE").level(),
            Ok(EncryptionLevel::ExternalCmk)
        );
        assert_eq!(key("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_CLOUDHSM").level(), Ok(EncryptionLevel::CloudHsm));
        assert!(key("CUSTOMER", "SYMMETRIC_DEFAULT", "SOMETHING_NEW").level().is_err());
        assert!(key("PARTNER", "SYMMETRIC_DEFAULT", "AWS_KMS").level().is_err());
    }

    #[test]
    fn only_customer_managed_symmetric_kms_generated_keys_rotate_automatically() {
        assert_eq!(key("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_KMS").why_no_automatic_rotation(), None);
        for (manager, spec, origin) in [
            ("AWS", "SYMMETRIC_DEFAULT", "AWS_KMS"),
            ("CUSTOMER", "RSA_2048", "AWS_KMS"),
            ("CUSTOMER", "HMAC_256", "AWS_KMS"),
            ("CUSTOMER", "SYMMETRIC_DEFAULT", "EXTERNAL"),
            ("CUSTOMER", "SYMMETRIC_DEFAULT", "AWS_CLOUDHSM"),
            ("CUSTOMER", "SYMMETRIC_DEFAULT", "EXTERNAL_KEY_STORE"),
        ] {
            assert!(key(manager, spec, origin).why_no_automatic_rotation().is_some(), "{manager} {spec} {origin}");
        }
        assert!(key("CUSTOMER", "HMAC_256", "AWS_KMS").why_no_automatic_rotation().unwrap().contains("HMAC"));
    }

    #[test]
    fn key_metadata_needs_the_members_every_key_has() {
        let missing = json!({"KeyMetadata": {"KeyId": "k1", "Arn": "a", "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS"}});
        assert!(serde_json::from_value::<DescribeKey>(missing).is_err(), "KeyManager decides every level");
    }
}
