//! EC2 user data, scanned for secrets at collection time, so that a snapshot never holds a copy
//! of them.
//!
//! User data (an instance's, a launch template version's) is base64 text, sometimes gzipped,
//! that often carries bootstrap credentials. The collector replaces it, wherever the AWS CLI
//! would print it, with a [`UserDataScan`]: its size, whether it was gzipped, and each secret a
//! rule found, by rule and line, with the value redacted to its first four characters. The
//! checks that look for secrets read the scan; nothing else needs the text.

use std::io::Read;
use std::sync::LazyLock;

use base64::Engine;
use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a scan of user data found. Serialized in place of the user data, under
/// [`UserDataScan::KEY`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct UserDataScan {
    /// The decoded size in bytes (after gunzip).
    pub bytes: usize,
    pub gzipped: bool,
    /// Why the text could not be scanned (not base64, a broken gzip stream, not UTF-8 text);
    /// absent when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    #[serde(default)]
    pub findings: Vec<SecretFinding>,
}

/// One secret in user data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SecretFinding {
    /// The rule that matched: one of [`RULES`]' names.
    pub rule: String,
    /// The line, from 1.
    pub line: usize,
    /// The secret's first four characters, the rest as `*`.
    pub redacted: String,
}

impl UserDataScan {
    /// The member that holds the scan where the CLI would print the user data itself.
    pub const KEY: &'static str = "StanceSecretScan";
}

/// The secret rules: a name, and a pattern whose group `secret` (or whole match) is the value.
pub const RULES: &[(&str, &str)] = &[
    ("aws-access-key-id", r"\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b"),
    ("aws-secret-access-key", r#"(?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?(?P<secret>[A-Za-z0-9/+]{40})\b"#),
    ("private-key", r"(?P<secret>-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----)"),
    ("github-token", r"\b(?P<secret>gh[pousr]_[A-Za-z0-9]{36,})\b"),
    ("slack-token", r"\b(?P<secret>xox[abposr]-[A-Za-z0-9-]{10,})"),
    (
        "password-assignment",
        r#"(?i)(?:password|passwd|pwd|secret|api_?key|auth_?token|access_?token)["']?\s*[:=]\s*["']?(?P<secret>[^\s"'$]{6,})"#,
    ),
];

static COMPILED: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    RULES.iter().map(|(name, pattern)| (*name, Regex::new(pattern).expect("a valid secret rule"))).collect()
});

/// The most decoded bytes scanned: EC2 allows 16 KB of user data before base64, and gzip can
/// expand it; past this, the scan stops and says so.
const MAX_DECODED: u64 = 1 << 20;

/// Scans base64 `encoded` user data.
pub fn scan(encoded: &str) -> UserDataScan {
    let unreadable =
        |bytes, gzipped, why: String| UserDataScan { bytes, gzipped, unreadable: Some(why), findings: vec![] };
    let compact: String = encoded.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let raw = match base64::engine::general_purpose::STANDARD.decode(compact) {
        Ok(raw) => raw,
        Err(error) => return unreadable(0, false, format!("not base64: {error}")),
    };
    let gzipped = raw.starts_with(&[0x1f, 0x8b]);
    let decoded = if gzipped {
        let mut out = Vec::new();
        match flate2::read::GzDecoder::new(raw.as_slice()).take(MAX_DECODED).read_to_end(&mut out) {
            Ok(_) => out,
            Err(error) => return unreadable(raw.len(), true, format!("a broken gzip stream: {error}")),
        }
    } else {
        raw
    };
    let text = String::from_utf8_lossy(&decoded);
    let mut findings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for (rule, pattern) in COMPILED.iter() {
            for found in pattern.captures_iter(line) {
                let secret = found.name("secret").unwrap_or_else(|| found.get(0).expect("a match")).as_str();
                findings.push(SecretFinding { rule: (*rule).to_owned(), line: index + 1, redacted: redact(secret) });
            }
        }
    }
    UserDataScan { bytes: decoded.len(), gzipped, unreadable: None, findings }
}

/// The first four characters, then one `*` per remaining character (at most 32).
fn redact(secret: &str) -> String {
    let kept: String = secret.chars().take(4).collect();
    let hidden = secret.chars().count().saturating_sub(4).min(32);
    format!("{kept}{}", "*".repeat(hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn secrets_are_found_by_rule_and_line_and_never_kept() {
        let script = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\necho hello\nDB_PASSWORD='Tr0ub4dor&3'\n";
        let scan = scan(&encode(script.as_bytes()));
        let found: Vec<(&str, usize, &str)> =
            scan.findings.iter().map(|f| (f.rule.as_str(), f.line, f.redacted.as_str())).collect();
        assert_eq!(
            found,
            [
                ("aws-access-key-id", 2, "AKIA****************"),
                ("aws-secret-access-key", 3, "wJal********************************"),
                ("password-assignment", 5, "Tr0u*******"),
            ]
        );
        let serialized = serde_json::to_string(&scan).unwrap();
        for secret in ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Tr0ub4dor&3"] {
            assert!(!serialized.contains(secret), "{secret} in {serialized}");
        }
        assert_eq!((scan.bytes, scan.gzipped, scan.unreadable), (script.len(), false, None));
    }

    #[test]
    fn gzipped_user_data_is_scanned_and_private_keys_keep_only_their_header() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(
            &mut gz,
            b"write_files:\n- content: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEA\n",
        )
        .unwrap();
        let scan = scan(&encode(&gz.finish().unwrap()));
        assert!(scan.gzipped);
        assert_eq!(scan.findings.len(), 1);
        assert_eq!((scan.findings[0].rule.as_str(), scan.findings[0].line), ("private-key", 3));
        assert!(!serde_json::to_string(&scan).unwrap().contains("MIIEowIBAAKCAQEA"));
    }

    #[test]
    fn clean_and_unreadable_user_data_are_told_apart() {
        let clean = scan(&encode(b"#!/bin/bash\nyum -y install nginx\npassword=$DB_PASSWORD\n"));
        assert!(clean.findings.is_empty() && clean.unreadable.is_none(), "{clean:?}");
        let broken = scan("not base64!");
        assert!(broken.unreadable.is_some() && broken.findings.is_empty());
    }
}
