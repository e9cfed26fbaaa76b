//! A simulated AWS for the [`FaultProxy`](crate::proxy::FaultProxy): added latency and
//! AWS-style token buckets in front of moto, which answers in milliseconds and never throttles.
//!
//! - **Latency.** Every request waits [`Simulation::latency`] before it is answered, each on its
//!   own: requests in flight together wait together, as AWS serves many calls in parallel. A
//!   throttled answer waits too (it is a round trip to AWS all the same).
//! - **Token buckets**, keyed per (service, region, action), as AWS documents EC2's request
//!   throttling: each request takes a token from its bucket when it arrives; a request finding
//!   its bucket empty is answered with its service's throttling error (EC2
//!   `RequestLimitExceeded` 503, IAM and STS `Throttling` 400, S3 and S3 Control `SlowDown`
//!   503, the same answers as [`Fault::Throttle`](crate::proxy::Fault::Throttle)), is not
//!   forwarded, and is counted ([`Stats`]). A bucket starts full, holds at most its capacity,
//!   and refills continuously at its rate (AWS describes whole tokens added every second; over
//!   any whole second the two give the same tokens, and the same floor).
//! - **Profiles** name a set of buckets ([`Profile::named`]): `ec2-documented`, AWS's own
//!   figures where it publishes them and conservative guesses elsewhere, each [`Limit`] saying
//!   which ([`Basis`]); `tight`, a bucket of one token for every action, for tests that must
//!   be throttled often; and `every:CAPACITY:RATE`, the same bucket for every action.
//!
//! IAM and STS are global: their requests are signed for `us-east-1`, so their buckets are
//! that region's.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

/// What the proxy adds to moto's answers to make them look like AWS at scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Simulation {
    /// Added to every answer: slept after the request's bucket is checked, before it is
    /// answered or forwarded.
    pub latency: Duration,
    /// The token buckets; `None`: nothing is throttled.
    pub throttle: Option<Profile>,
}

impl Simulation {
    /// No latency, no throttling: the fault proxy as it always was.
    pub fn none() -> Simulation {
        Simulation::default()
    }

    /// `latency` added to every answer, no throttling.
    pub fn latency(latency: Duration) -> Simulation {
        Simulation { latency, throttle: None }
    }

    /// Also throttled by `profile`'s buckets.
    pub fn throttle(self, profile: Profile) -> Simulation {
        Simulation { throttle: Some(profile), ..self }
    }
}

/// A token bucket's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    /// Tokens it holds when full (and at the start): a burst this large goes through at once.
    pub capacity: u32,
    /// Tokens added back per second, up to the capacity.
    pub refill_per_second: f64,
}

impl Bucket {
    pub const fn new(capacity: u32, refill_per_second: f64) -> Bucket {
        Bucket { capacity, refill_per_second }
    }

    /// The least time `requests` requests take through one bucket of these parameters, however
    /// they are spread: the first `capacity` at once, every other one waiting for a token.
    pub fn floor(&self, requests: usize) -> Duration {
        let waiting = requests.saturating_sub(self.capacity as usize);
        if waiting == 0 {
            Duration::ZERO
        } else if self.refill_per_second > 0.0 {
            Duration::try_from_secs_f64(waiting as f64 / self.refill_per_second).unwrap_or(Duration::MAX)
        } else {
            Duration::MAX
        }
    }
}

/// Where a [`Limit`]'s numbers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Published by AWS, in this document.
    Documented(&'static str),
    /// Not published by AWS: a guess, and why it is this one.
    Guess(&'static str),
}

/// Which actions of a service a [`Limit`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actions {
    /// Every action.
    All,
    /// The actions whose names start with one of these (`Describe`).
    Prefixed(&'static [&'static str]),
}

impl Actions {
    fn cover(&self, operation: &str) -> bool {
        match self {
            Actions::All => true,
            Actions::Prefixed(prefixes) => prefixes.iter().any(|prefix| operation.starts_with(prefix)),
        }
    }
}

/// The bucket each covered action of a service gets, one per (region, action).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    /// The SigV4 signing name (`ec2`, `iam`, `sts`, `s3`), or `s3control`, as in
    /// [`Seen::service`](crate::proxy::Seen::service).
    pub service: &'static str,
    pub actions: Actions,
    pub bucket: Bucket,
    pub basis: Basis,
}

/// The EC2 documentation of request throttling: the token bucket algorithm, per account and
/// region, each API evaluated on its own; the bucket of a non-mutating action such as
/// `DescribeHosts` (older versions: "non-mutating (`Describe*`) API actions") holds 100
/// tokens and refills at 20 tokens per second.
pub const EC2_THROTTLING_DOC: &str = "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html";

/// The S3 user guide's performance guidelines: at least 3,500 PUT/COPY/POST/DELETE or 5,500
/// GET/HEAD requests per second per partitioned prefix.
pub const S3_PERFORMANCE_DOC: &str =
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html";

/// A named set of bucket limits. A request takes a token from the bucket of the first limit
/// covering its service and action, kept per region; a request no limit covers is never
/// throttled.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: &'static str,
    pub limits: Vec<Limit>,
}

impl Profile {
    /// The profiles [`Profile::named`] knows by name.
    pub const NAMES: &'static [&'static str] = &["ec2-documented", "tight"];

    /// The profile called `name`: one of [`Profile::NAMES`], or `every:CAPACITY:RATE`
    /// ([`Profile::every_action`]), such as `every:5:2.5`.
    pub fn named(name: &str) -> Option<Profile> {
        match name {
            "ec2-documented" => Some(Profile::ec2_documented()),
            "tight" => Some(Profile::tight()),
            _ => {
                let (capacity, rate) = name.strip_prefix("every:")?.split_once(':')?;
                let bucket = Bucket::new(capacity.parse().ok()?, rate.parse().ok()?);
                (bucket.capacity > 0 && bucket.refill_per_second > 0.0 && bucket.refill_per_second.is_finite())
                    .then(|| Profile::every_action("every", bucket, Basis::Guess("given by hand")))
            }
        }
    }

    /// `bucket` for every action of every service the proxy knows.
    pub fn every_action(name: &'static str, bucket: Bucket, basis: Basis) -> Profile {
        let limit = |service| Limit { service, actions: Actions::All, bucket, basis };
        Profile { name, limits: ["ec2", "iam", "sts", "s3", "s3control"].into_iter().map(limit).collect() }
    }

    /// AWS as documented where it is, and conservative guesses elsewhere:
    /// - **EC2 (documented):** 100 tokens refilled at 20 per second, per region and per
    ///   non-mutating action ([`EC2_THROTTLING_DOC`], which names `Describe*` and
    ///   `DescribeHosts`). Applied to every `Describe*` action, and to the collector's other
    ///   read-only calls, `Get*` (`GetEbsEncryptionByDefault`, …), assumed non-mutating too.
    ///   AWS's per-action table may give a few actions other buckets, and mutating actions
    ///   have buckets of their own; neither is modelled (a scanner mutates nothing), so
    ///   mutating actions go unthrottled.
    /// - **IAM (guess):** 20 tokens refilled at 10 per second, per action. AWS publishes no
    ///   IAM request rates (its IAM and STS quotas page lists object quotas only; its
    ///   knowledge-center article on IAM throttling says only that an account has a maximum
    ///   rate, which cannot be raised). These are the numbers issue 8 measured with.
    /// - **STS (guess):** the same as IAM (unpublished too). A scan makes one STS call.
    /// - **S3 (documented, effectively unthrottled):** 5,500 tokens refilled at 5,500 per
    ///   second ([`S3_PERFORMANCE_DOC`]). AWS applies this per partitioned prefix, which for a
    ///   bucket's configuration calls means per bucket; keyed here per region and action, it
    ///   is stricter than S3, and still far above what a scanner sends.
    /// - **S3 Control (guess):** 20 tokens refilled at 10 per second (unpublished). A scan
    ///   makes one S3 Control call per account.
    pub fn ec2_documented() -> Profile {
        const UNPUBLISHED: &str =
            "AWS publishes no IAM or STS request rates; 20 refilled at 10/s, as measured in issue 8";
        Profile {
            name: "ec2-documented",
            limits: vec![
                Limit {
                    service: "ec2",
                    actions: Actions::Prefixed(&["Describe", "Get"]),
                    bucket: Bucket::new(100, 20.0),
                    basis: Basis::Documented(EC2_THROTTLING_DOC),
                },
                Limit {
                    service: "iam",
                    actions: Actions::All,
                    bucket: Bucket::new(20, 10.0),
                    basis: Basis::Guess(UNPUBLISHED),
                },
                Limit {
                    service: "sts",
                    actions: Actions::All,
                    bucket: Bucket::new(20, 10.0),
                    basis: Basis::Guess(UNPUBLISHED),
                },
                Limit {
                    service: "s3",
                    actions: Actions::All,
                    bucket: Bucket::new(5_500, 5_500.0),
                    basis: Basis::Documented(S3_PERFORMANCE_DOC),
                },
                Limit {
                    service: "s3control",
                    actions: Actions::All,
                    bucket: Bucket::new(20, 10.0),
                    basis: Basis::Guess("AWS publishes no S3 Control request rates; as IAM"),
                },
            ],
        }
    }

    /// For tests: 1 token refilled at 1 per second, for every action of every service, per
    /// region, so that a collection at the default concurrency is throttled many times. One
    /// token, because the tests' account ([`crate::seed_insecure_account`]) makes at most 3
    /// calls of an action in a region (IAM's per-user calls, S3's `GetBucketLocation`): a
    /// bucket of 5 would never run dry. Through it, that account's collection is throttled
    /// about 30 times, and its bucket floor is 2 s.
    pub fn tight() -> Profile {
        Profile::every_action("tight", Bucket::new(1, 1.0), Basis::Guess("small on purpose, for tests"))
    }

    /// The bucket `operation` of `service` gets, if any.
    pub fn bucket(&self, service: &str, operation: &str) -> Option<Bucket> {
        self.limits
            .iter()
            .find(|limit| limit.service == service && limit.actions.cover(operation))
            .map(|limit| limit.bucket)
    }

    /// The least time `requests` (service, region, action) take through these buckets, however
    /// they are spread: the slowest bucket's [`Bucket::floor`]. Give it the requests of a run
    /// that was not throttled (throttled attempts are retries, not calls to make).
    pub fn floor<'a>(&self, requests: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Duration {
        let mut counts: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for key in requests {
            *counts.entry(key).or_default() += 1;
        }
        counts
            .into_iter()
            .filter_map(|((service, _, operation), n)| Some(self.bucket(service, operation)?.floor(n)))
            .max()
            .unwrap_or(Duration::ZERO)
    }
}

/// What the proxy counted, for the benchmark to report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every request received, throttled or not.
    pub requests: usize,
    /// Requests answered with a throttling error because their bucket was empty (not those a
    /// [`Rule`](crate::proxy::Rule) faulted), by service.
    pub throttled: BTreeMap<String, usize>,
    /// The same, by `service region Action`.
    pub throttled_by_api: BTreeMap<String, usize>,
    /// The most requests in flight at once (latency included).
    pub peak_in_flight: usize,
}

impl Stats {
    /// Throttled answers given, over all services.
    pub fn throttled_total(&self) -> usize {
        self.throttled.values().sum()
    }
}

/// A bucket's state: tokens left, as of when.
#[derive(Debug, Clone, Copy)]
struct Tokens {
    left: f64,
    at: Instant,
}

impl Tokens {
    /// Refills up to `now`, then takes a token if there is one.
    fn take(&mut self, bucket: Bucket, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.left = (self.left + elapsed * bucket.refill_per_second).min(f64::from(bucket.capacity));
        self.at = self.at.max(now);
        if self.left >= 1.0 {
            self.left -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A profile's buckets as they fill and drain, one per (service, region, action) seen.
#[derive(Debug)]
pub(crate) struct Buckets {
    profile: Profile,
    tokens: HashMap<(String, String, String), Tokens>,
}

impl Buckets {
    pub(crate) fn new(profile: Profile) -> Buckets {
        Buckets { profile, tokens: HashMap::new() }
    }

    /// Whether a request for `operation` of `service` in `region`, arriving at `now`, gets a
    /// token (always, when no limit covers it).
    pub(crate) fn admit(&mut self, service: &str, region: &str, operation: &str, now: Instant) -> bool {
        let Some(bucket) = self.profile.bucket(service, operation) else { return true };
        let key = (service.to_owned(), region.to_owned(), operation.to_owned());
        let tokens = self.tokens.entry(key).or_insert(Tokens { left: f64::from(bucket.capacity), at: now });
        tokens.take(bucket, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admitted(buckets: &mut Buckets, key: (&str, &str, &str), at: Instant, n: usize) -> usize {
        (0..n).filter(|_| buckets.admit(key.0, key.1, key.2, at)).count()
    }

    fn five_at_five() -> Profile {
        Profile::named("every:5:5").unwrap()
    }

    #[test]
    fn a_bucket_lets_its_capacity_through_then_its_rate() {
        let mut buckets = Buckets::new(five_at_five());
        let start = Instant::now();
        let key = ("ec2", "us-east-1", "DescribeVolumes");
        assert_eq!(admitted(&mut buckets, key, start, 8), 5, "a burst: the capacity, 5");
        assert_eq!(admitted(&mut buckets, key, start + Duration::from_millis(100), 3), 0, "half a token");
        assert_eq!(admitted(&mut buckets, key, start + Duration::from_millis(200), 3), 1, "one token at 5/s");
        assert_eq!(admitted(&mut buckets, key, start + Duration::from_millis(1200), 9), 5, "5 tokens a second");
        assert_eq!(admitted(&mut buckets, key, start + Duration::from_secs(60), 9), 5, "never above capacity");
    }

    #[test]
    fn buckets_are_per_service_region_and_action() {
        let mut buckets = Buckets::new(five_at_five());
        let at = Instant::now();
        assert_eq!(admitted(&mut buckets, ("ec2", "us-east-1", "DescribeVolumes"), at, 9), 5);
        assert_eq!(admitted(&mut buckets, ("ec2", "eu-west-1", "DescribeVolumes"), at, 9), 5);
        assert_eq!(admitted(&mut buckets, ("ec2", "us-east-1", "DescribeVpcs"), at, 9), 5);
        assert_eq!(admitted(&mut buckets, ("iam", "us-east-1", "DescribeVolumes"), at, 9), 5);
        assert_eq!(admitted(&mut buckets, ("ec2", "us-east-1", "DescribeVolumes"), at, 9), 0);
    }

    #[test]
    fn ec2_documented_throttles_reads_by_aws_figures_and_leaves_the_rest() {
        let profile = Profile::ec2_documented();
        assert_eq!(profile.bucket("ec2", "DescribeSecurityGroups"), Some(Bucket::new(100, 20.0)));
        assert_eq!(profile.bucket("ec2", "GetEbsEncryptionByDefault"), Some(Bucket::new(100, 20.0)));
        assert_eq!(profile.bucket("ec2", "CreateSecurityGroup"), None, "mutating actions are not modelled");
        assert_eq!(profile.bucket("iam", "ListAccessKeys"), Some(Bucket::new(20, 10.0)));
        assert_eq!(profile.bucket("s3", "GetBucketAcl"), Some(Bucket::new(5_500, 5_500.0)));
        assert_eq!(profile.bucket("kms", "ListKeys"), None);
        let documented = |service: &str| {
            let limit = profile.limits.iter().find(|limit| limit.service == service).unwrap();
            matches!(limit.basis, Basis::Documented(_))
        };
        assert_eq!(
            ["ec2", "iam", "sts", "s3", "s3control"].map(documented),
            [true, false, false, true, false],
            "EC2 and S3 publish their figures; IAM, STS and S3 Control do not"
        );
        for name in Profile::NAMES {
            assert_eq!(Profile::named(name).map(|profile| profile.name), Some(*name));
        }
        let every = Profile::named("every:5:2.5").unwrap();
        assert_eq!(every.bucket("s3control", "GetPublicAccessBlock"), Some(Bucket::new(5, 2.5)));
        for wrong in ["every:5", "every:0:1", "every:5:0", "every:5:inf", "every:-1:1", "loose"] {
            assert_eq!(Profile::named(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_floor_is_the_slowest_buckets_wait() {
        let profile = Profile::ec2_documented();
        // 250 users: 250 ListAccessKeys through 20 at 10/s take 23 s; 1,000 DescribeVolumes
        // pages through 100 at 20/s take 45 s; S3 and unthrottled calls add nothing.
        let mut requests = vec![("iam", "us-east-1", "ListAccessKeys"); 250];
        requests.extend(vec![("ec2", "eu-west-1", "DescribeVolumes"); 1_000]);
        requests.extend(vec![("s3", "eu-west-1", "GetBucketAcl"); 5_000]);
        requests.extend(vec![("ec2", "eu-west-1", "CreateVolume"); 5_000]);
        assert_eq!(profile.floor(requests.iter().copied()), Duration::from_secs(45));
        assert_eq!(profile.floor(requests[..250].iter().copied()), Duration::from_secs(23));
        assert_eq!(profile.floor([("iam", "us-east-1", "ListUsers"); 20]), Duration::ZERO);
    }
}
