//! What a failed call means for the checks that read it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The meaning of a call's error.
///
/// `not_configured` is data ("this bucket has no policy"); every other kind means the
/// answer is unknown, and checks that need it report UNKNOWN with the error's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The feature is not set up: no bucket policy, no password policy, no encryption rule.
    NotConfigured,
    /// The credentials may not make the call.
    AccessDenied,
    /// Still throttled when the call's time ran out.
    Throttled,
    /// The API is not available here (an emulator, a region, a partition).
    Unsupported,
    /// Anything else: server errors, timeouts, network failures, malformed responses.
    Other,
}

/// Error codes with which AWS says "there is none of this configured".
const NOT_CONFIGURED: &[&str] = &[
    "NoSuchEntity",
    "NoSuchBucketPolicy",
    "NoSuchPublicAccessBlockConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchLifecycleConfiguration",
    "ObjectLockConfigurationNotFoundError",
    "OwnershipControlsNotFoundError",
    "NoSuchWebsiteConfiguration",
    "NoSuchTagSet",
    "NoSuchTagSetError",
    "ReplicationConfigurationNotFoundError",
    "NoSuchCORSConfiguration",
    // A HEAD request's "no such resource", which has no body and so no other code: for
    // HeadBucket, the name is free.
    "404",
];

const ACCESS_DENIED: &[&str] =
    &["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "AllAccessDisabled"];

/// Throttling codes: every code the AWS SDK for Rust treats as throttling (`aws-runtime`'s
/// `THROTTLING_ERRORS`; a collector test holds the lists together), since the collector
/// retries a call while its answer has one of these.
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
    "BandwidthLimitExceeded",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "LimitExceededException",
    // S3's SlowDown to a HEAD request, which has no body and so only its status as the code.
    "503",
];

const UNSUPPORTED: &[&str] = &[
    "NotImplemented",
    "NotImplementedException",
    "InvalidAction",
    "UnknownOperationException",
    "UnsupportedOperation",
    "UnsupportedOperationException",
];

impl ErrorKind {
    /// The name in snapshots, e.g. `access_denied`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotConfigured => "not_configured",
            ErrorKind::AccessDenied => "access_denied",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Other => "other",
        }
    }

    /// Classifies an error by its AWS code, falling back to the HTTP status.
    pub fn classify(code: &str, http_status: Option<u16>) -> ErrorKind {
        let known = [
            (NOT_CONFIGURED, ErrorKind::NotConfigured),
            (ACCESS_DENIED, ErrorKind::AccessDenied),
            (THROTTLED, ErrorKind::Throttled),
            (UNSUPPORTED, ErrorKind::Unsupported),
        ];
        if let Some((_, kind)) = known.iter().find(|(codes, _)| codes.contains(&code)) {
            return *kind;
        }
        match http_status {
            Some(403) => ErrorKind::AccessDenied,
            Some(429) => ErrorKind::Throttled,
            Some(501) => ErrorKind::Unsupported,
            _ => ErrorKind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serialized_ones() {
        for kind in [
            ErrorKind::NotConfigured,
            ErrorKind::AccessDenied,
            ErrorKind::Throttled,
            ErrorKind::Unsupported,
            ErrorKind::Other,
        ] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }

    #[test]
    fn codes_decide_before_statuses() {
        assert_eq!(ErrorKind::classify("NoSuchBucketPolicy", Some(404)), ErrorKind::NotConfigured);
        // HEAD answers carry only their status: HeadBucket's free name, foreign bucket, SlowDown.
        assert_eq!(ErrorKind::classify("404", Some(404)), ErrorKind::NotConfigured);
        assert_eq!(ErrorKind::classify("403", Some(403)), ErrorKind::AccessDenied);
        assert_eq!(ErrorKind::classify("503", Some(503)), ErrorKind::Throttled);
        assert_eq!(ErrorKind::classify("NoSuchEntity", Some(404)), ErrorKind::NotConfigured);
        assert_eq!(ErrorKind::classify("SlowDown", Some(503)), ErrorKind::Throttled);
        assert_eq!(ErrorKind::classify("UnauthorizedOperation", Some(403)), ErrorKind::AccessDenied);
        assert_eq!(ErrorKind::classify("SignatureDoesNotMatch", Some(403)), ErrorKind::AccessDenied);
        assert_eq!(ErrorKind::classify("InternalError", Some(500)), ErrorKind::Other);
        assert_eq!(ErrorKind::classify("Timeout", None), ErrorKind::Other);
        assert_eq!(ErrorKind::classify("Whatever", Some(429)), ErrorKind::Throttled);
    }
}
