//! Noise: what changes between two collections while the configuration does not (report
//! times, last-used dates, job ids), left out of a diff by path patterns.
//!
//! A pattern is matched against the path of a member: `SERVICE.OPERATION.MEMBER.MEMBER…` for
//! a call's data, or a header field (`collected_at`, `account.arn`). The path names members
//! only: list items, per-resource keys and JSON documents held in strings are passed through,
//! so `S3.GetBucketPolicy.Policy.Statement.Sid` names every statement's `Sid` of every bucket's
//! policy. Segments are separated by dots; in a segment `*` matches any run of characters and
//! `?` any one character; a segment `**` matches any number of segments, none included. A
//! pattern that matches a member leaves it out, with everything under it; one that matches
//! `SERVICE.OPERATION` leaves out the whole operation, its outcomes too.

/// The default noise patterns, each with why it changes while the configuration does not.
/// `docs/diff.md` lists them (a test holds it to this table).
pub const DEFAULT_NOISE: &[(&str, &str)] = &[
    ("collected_at", "when the collection started"),
    ("tool_version", "the stance version that collected"),
    ("format_version", "the snapshot format's version"),
    ("IAM.GetCredentialReport.GeneratedTime", "when the report was generated"),
    ("IAM.GetCredentialReport.Content.password_last_used", "sign-ins"),
    ("IAM.GetCredentialReport.Content.access_key_?_last_used_*", "access key use: date, region, service"),
    ("IAM.GetCredentialReport.Content.access_key_?_last_rotated", "key rotation, seen as keys in ListAccessKeys"),
    ("IAM.GetCredentialReport.Content.cert_?_last_rotated", "certificate rotation, seen in ListSigningCertificates"),
    ("IAM.GetAccessKeyLastUsed.AccessKeyLastUsed", "access key use: date, region, service"),
    ("IAM.ListUsers.Users.PasswordLastUsed", "sign-ins"),
    ("IAM.GetAccountAuthorizationDetails.RoleDetailList.RoleLastUsed", "role use: date, region"),
    ("IAM.GenerateServiceLastAccessedDetails.JobId", "a new job for each collection"),
    ("IAM.GetServiceLastAccessedDetails.Job*Date", "when the job ran"),
    ("IAM.GetServiceLastAccessedDetails.ServicesLastAccessed.LastAuthenticated*", "service use: date, entity, region"),
    (
        "IAM.GetServiceLastAccessedDetails.ServicesLastAccessed.TotalAuthenticatedEntities",
        "how many principals used the service",
    ),
    ("IAM.GetServiceLastAccessedDetails.ServicesLastAccessed.TrackedActionsLastAccessed", "action use"),
    ("CloudTrail.GetTrailStatus.Latest*Time", "the latest deliveries and notifications"),
    ("CloudTrail.GetTrailStatus.Latest*AttemptSucceeded", "the latest deliveries and notifications"),
    ("CloudWatch.DescribeAlarms.*.State*", "the alarm's state: value, reason, when it changed"),
    ("CloudWatchLogs.DescribeLogGroups.logGroups.storedBytes", "bytes stored"),
    ("ConfigService.DescribeConfigurationRecorderStatus.ConfigurationRecordersStatus.last*", "the recorder's last run"),
    ("EC2.DescribeSubnets.Subnets.AvailableIpAddressCount", "addresses in use"),
    ("EC2.DescribeVpnConnections.VpnConnections.VgwTelemetry", "tunnel status"),
    ("EC2.DescribeImages.Images.LastLaunchedTime", "instance launches"),
    ("EFS.DescribeFileSystems.FileSystems.SizeInBytes", "bytes stored"),
    ("RDS.DescribeDBInstances.DBInstances.LatestRestorableTime", "moves with every backup"),
    ("RDS.DescribeDBClusters.DBClusters.*RestorableTime", "moves with every backup"),
    ("SQS.GetQueueAttributes.Attributes.ApproximateNumberOf*", "messages in the queue"),
    ("S3.ListObjectsV2.Contents.LastModified", "objects written"),
    ("S3.ListObjectsV2.Contents.ETag", "objects written"),
    ("S3.ListObjectsV2.Contents.Size", "objects written"),
    ("SecretsManager.ListSecrets.SecretList.LastAccessedDate", "secret reads"),
    ("SecretsManager.ListSecrets.SecretList.LastRotatedDate", "rotation"),
    ("SecretsManager.ListSecrets.SecretList.NextRotationDate", "rotation"),
    ("SecretsManager.ListSecrets.SecretList.SecretVersionsToStages", "rotation's new versions"),
    ("KMS.GetKeyRotationStatus.NextRotationDate", "moves with every rotation"),
    ("AccessAnalyzer.ListAnalyzers.analyzers.lastResourceAnalyzed*", "the analyzer's latest scan"),
    ("AccessAnalyzer.ListFindingsV2.findings.analyzedAt", "the analyzer's latest scan"),
    ("CloudFront.ListDistributions.DistributionList.Items.Status", "deployment in progress"),
];

/// Why a pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("empty ignore pattern")]
    Empty,
    #[error("ignore pattern {0:?} has an empty segment: segments are separated by single dots")]
    EmptySegment(String),
    #[error("ignore pattern {0:?}: `**` must be a whole segment (`A.**.B`)")]
    MisplacedAnyDepth(String),
    #[error("ignore pattern {0:?} has more than {MAX_SEGMENTS} segments")]
    TooLong(String),
}

/// At most this many segments, so that a pattern's match states fit in a `u64`.
const MAX_SEGMENTS: usize = 63;

/// A parsed noise pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `**`: any number of path segments.
    AnyDepth,
    /// One path segment, `*` and `?` as wildcards.
    Glob(String),
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        if text.is_empty() {
            return Err(PatternError::Empty);
        }
        let mut segments = Vec::new();
        for part in text.split('.') {
            if part.is_empty() {
                return Err(PatternError::EmptySegment(text.to_owned()));
            }
            segments.push(match part {
                "**" => Segment::AnyDepth,
                _ if part.contains("**") => return Err(PatternError::MisplacedAnyDepth(text.to_owned())),
                _ => Segment::Glob(part.to_owned()),
            });
        }
        if segments.len() > MAX_SEGMENTS {
            return Err(PatternError::TooLong(text.to_owned()));
        }
        Ok(Pattern { text: text.to_owned(), segments })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The states reached from `states` by one path segment, closed over `**`'s matching nothing.
    fn step(&self, states: u64, segment: &str) -> u64 {
        let mut next = 0;
        for (index, part) in self.segments.iter().enumerate() {
            if states & (1 << index) == 0 {
                continue;
            }
            match part {
                Segment::AnyDepth => next |= 1 << index,
                Segment::Glob(glob) if stance_engine::policy::glob_matches(glob, segment) => next |= 1 << (index + 1),
                Segment::Glob(_) => {}
            }
        }
        self.closure(next)
    }

    /// `states` with every state after a run of `**` from one of them.
    fn closure(&self, mut states: u64) -> u64 {
        for (index, part) in self.segments.iter().enumerate() {
            if *part == Segment::AnyDepth && states & (1 << index) != 0 {
                states |= 1 << (index + 1);
            }
        }
        states
    }

    fn start(&self) -> u64 {
        self.closure(1)
    }

    fn accepts(&self, states: u64) -> bool {
        states & (1 << self.segments.len()) != 0
    }

    /// Whether the pattern matches the whole of `path`.
    pub fn matches(&self, path: &[&str]) -> bool {
        let states = path.iter().fold(self.start(), |states, segment| self.step(states, segment));
        self.accepts(states)
    }
}

/// The patterns a diff leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noise {
    patterns: Vec<Pattern>,
}

impl Default for Noise {
    /// [`DEFAULT_NOISE`].
    fn default() -> Self {
        let patterns = DEFAULT_NOISE
            .iter()
            .map(|(pattern, _)| Pattern::parse(pattern).expect("the default noise patterns parse"))
            .collect();
        Noise { patterns }
    }
}

impl Noise {
    /// No pattern: every change is shown (`--all`).
    pub fn none() -> Self {
        Noise { patterns: Vec::new() }
    }

    /// Leaves out what `pattern` matches too (`--ignore PATTERN`).
    pub fn ignore(&mut self, pattern: &str) -> Result<(), PatternError> {
        self.patterns.push(Pattern::parse(pattern)?);
        Ok(())
    }

    /// The patterns in effect, in order.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(Pattern::as_str)
    }

    /// Whether some pattern matches all of `path`.
    pub fn ignores(&self, path: &[&str]) -> bool {
        self.patterns.iter().any(|pattern| pattern.matches(path))
    }

    /// The cursor at `path`, or `None` when a pattern matches it.
    pub(crate) fn at(&self, path: &[&str]) -> Option<Cursor<'_>> {
        path.iter().try_fold(Cursor::root(self), |cursor, segment| cursor.enter(segment))
    }
}

/// Where a walk down a tree of members is, for each pattern that can still match below it.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'n> {
    /// Each live pattern, with its match states.
    live: Vec<(&'n Pattern, u64)>,
}

impl<'n> Cursor<'n> {
    fn root(noise: &'n Noise) -> Cursor<'n> {
        Cursor { live: noise.patterns.iter().map(|pattern| (pattern, pattern.start())).collect() }
    }

    /// The cursor at member `segment` below this one, or `None` when a pattern matches it.
    pub(crate) fn enter(&self, segment: &str) -> Option<Cursor<'n>> {
        let mut live = Vec::new();
        for &(pattern, states) in &self.live {
            let next = pattern.step(states, segment);
            if pattern.accepts(next) {
                return None;
            }
            if next != 0 {
                live.push((pattern, next));
            }
        }
        Some(Cursor { live })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, path: &str) -> bool {
        let path: Vec<&str> = path.split('.').collect();
        Pattern::parse(pattern).unwrap().matches(&path)
    }

    #[test]
    fn segments_match_whole_with_wildcards_inside() {
        assert!(matches(
            "IAM.GetCredentialReport.Content.password_last_used",
            "IAM.GetCredentialReport.Content.password_last_used"
        ));
        assert!(!matches("IAM.GetCredentialReport.Content", "IAM.GetCredentialReport.Content.password_last_used"));
        assert!(matches(
            "IAM.GetCredentialReport.*.password_last_used",
            "IAM.GetCredentialReport.Content.password_last_used"
        ));
        assert!(matches(
            "IAM.*.Content.access_key_?_last_used_*",
            "IAM.GetCredentialReport.Content.access_key_2_last_used_region"
        ));
        assert!(!matches(
            "IAM.*.Content.access_key_?_last_used_*",
            "IAM.GetCredentialReport.Content.access_key_12_last_used_date"
        ));
        assert!(!matches("IAM.Get*", "IAM.ListUsers"));
        assert!(matches("*", "collected_at"));
        assert!(!matches("*", "account.arn"));
    }

    #[test]
    fn any_depth_matches_any_number_of_segments() {
        assert!(matches("**.LastUsedDate", "LastUsedDate"));
        assert!(matches("**.LastUsedDate", "IAM.GetAccessKeyLastUsed.AccessKeyLastUsed.LastUsedDate"));
        assert!(matches("IAM.**", "IAM.ListUsers"));
        assert!(matches("IAM.**", "IAM"));
        assert!(matches("S3.**.Sid", "S3.GetBucketPolicy.Policy.Statement.Sid"));
        assert!(!matches("S3.**.Sid", "S3.GetBucketPolicy.Policy.Statement.Effect"));
        assert!(matches("**.*Date.**", "A.B.CreateDate.C"));
    }

    #[test]
    fn bad_patterns_are_refused_with_a_reason() {
        assert_eq!(Pattern::parse(""), Err(PatternError::Empty));
        assert_eq!(Pattern::parse("IAM..Users"), Err(PatternError::EmptySegment("IAM..Users".into())));
        assert_eq!(Pattern::parse("IAM.Users."), Err(PatternError::EmptySegment("IAM.Users.".into())));
        assert_eq!(Pattern::parse("IAM.Us**"), Err(PatternError::MisplacedAnyDepth("IAM.Us**".into())));
        let long = vec!["a"; 64].join(".");
        assert_eq!(Pattern::parse(&long), Err(PatternError::TooLong(long.clone())));
        assert_eq!(
            Pattern::parse("a.b..c").unwrap_err().to_string(),
            r#"ignore pattern "a.b..c" has an empty segment: segments are separated by single dots"#
        );
    }

    #[test]
    fn a_cursor_stops_at_the_matched_member_only() {
        let mut noise = Noise::none();
        noise.ignore("IAM.ListUsers.Users.PasswordLastUsed").unwrap();
        let users = noise.at(&["IAM", "ListUsers", "Users"]).unwrap();
        assert!(users.enter("PasswordLastUsed").is_none());
        assert!(users.enter("Tags").unwrap().enter("PasswordLastUsed").is_some());
        assert!(noise.at(&["IAM", "ListRoles", "Users"]).unwrap().enter("PasswordLastUsed").is_some());
        noise.ignore("IAM.GenerateServiceLastAccessedDetails").unwrap();
        assert!(noise.at(&["IAM", "GenerateServiceLastAccessedDetails"]).is_none());
        assert!(noise.ignores(&["IAM", "GenerateServiceLastAccessedDetails"]));
    }

    #[test]
    fn the_defaults_parse_and_are_extended_or_dropped() {
        let mut noise = Noise::default();
        assert_eq!(noise.patterns().count(), DEFAULT_NOISE.len());
        assert!(noise.ignores(&["collected_at"]));
        assert!(noise.ignores(&["IAM", "GetAccessKeyLastUsed", "AccessKeyLastUsed"]));
        assert!(!noise.ignores(&["EC2", "DescribeSecurityGroups", "SecurityGroups", "IpPermissions"]));
        noise.ignore("EC2.DescribeSecurityGroups.SecurityGroups.Tags").unwrap();
        assert!(noise.ignores(&["EC2", "DescribeSecurityGroups", "SecurityGroups", "Tags"]));
        assert!(!Noise::none().ignores(&["collected_at"]));
    }
}
