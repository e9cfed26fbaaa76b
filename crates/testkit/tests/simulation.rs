//! The fault proxy's simulated AWS ([`Simulation`]): token buckets per service, region and
//! action that throttle a burst beyond their capacity with the service's own error and refill
//! at their rate, and latency added to every answer, concurrently. In front of a tiny local
//! upstream that answers 200 to everything and counts what reaches it.
//!
//! Not timing tests: counts and order are asserted, times only with generous bounds.

use std::net::{Ipv4Addr, TcpListener as StdTcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use stance_testkit::proxy::{Fault, FaultProxy, Rule};
use stance_testkit::simulation::{Actions, Basis, Bucket, Limit, Profile, Simulation};

/// An upstream answering `200 ok` to every request; counts them.
struct Upstream {
    endpoint: String,
    received: Arc<AtomicUsize>,
}

impl Upstream {
    async fn start() -> Upstream {
        let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        listener.set_nonblocking(true).unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        let received = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    let service = service_fn(move |_request| {
                        counter.fetch_add(1, Ordering::SeqCst);
                        async { Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from("ok")))) }
                    });
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        Upstream { endpoint, received }
    }

    fn received(&self) -> usize {
        self.received.load(Ordering::SeqCst)
    }
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Sends `operation` of `service` signed for `region` (only the credential scope the proxy
/// reads, no real signature) in the service's protocol; returns the status and body.
async fn send(client: &HttpClient, endpoint: &str, service: &str, region: &str, operation: &str) -> (u16, String) {
    let authorization =
        format!("AWS4-HMAC-SHA256 Credential=testing/20261201/{region}/{service}/aws4_request, Signature=0");
    let request = match service {
        "s3" => {
            let subresource = match operation {
                "GetBucketAcl" => "acl",
                "GetBucketPolicy" => "policy",
                other => panic!("no S3 request for {other} in this test"),
            };
            Request::get(format!("{endpoint}/bucket?{subresource}")).body(Full::default())
        }
        "s3control" => Request::get(format!("{endpoint}/v20180820/configuration/publicAccessBlock"))
            .header("x-amz-account-id", "123456789012")
            .body(Full::default()),
        _ => Request::post(format!("{endpoint}/"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(format!("Action={operation}&Version=2016-11-15")))),
    };
    let mut request = request.unwrap();
    request.headers_mut().insert("authorization", authorization.parse().unwrap());
    let response = client.request(request).await.expect("the proxy answers");
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A profile giving every action of every service the same bucket.
fn every_action(bucket: Bucket) -> Profile {
    Profile::every_action("test", bucket, Basis::Guess("test"))
}

/// A bucket that does not refill within any test's time.
const NO_REFILL: f64 = 0.001;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_beyond_a_bucket_is_throttled_with_the_services_error_and_not_forwarded() {
    let upstream = Upstream::start().await;
    let simulation = Simulation::none().throttle(every_action(Bucket::new(5, NO_REFILL)));
    let proxy = FaultProxy::start_with(&upstream.endpoint, vec![], simulation);
    let client = client();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(send(&client, &proxy.endpoint, "ec2", "us-east-1", "DescribeVolumes").await);
    }
    let codes: Vec<u16> = statuses.iter().map(|(status, _)| *status).collect();
    assert_eq!(codes, [[200; 5].as_slice(), &[503; 7]].concat(), "the capacity goes through, then none");
    assert!(statuses[5..].iter().all(|(_, body)| body.contains("<Code>RequestLimitExceeded</Code>")), "{statuses:?}");
    assert_eq!(upstream.received(), 5, "a throttled request is not forwarded");

    let log = proxy.log();
    assert_eq!(log.iter().map(|seen| seen.throttled).collect::<Vec<_>>(), [[false; 5].as_slice(), &[true; 7]].concat());
    assert!(log.iter().all(|seen| seen.fault.is_none()), "throttling is not a rule's fault");
    let stats = proxy.stats();
    assert_eq!((stats.requests, stats.throttled_total()), (12, 7));
    assert_eq!(stats.throttled.into_iter().collect::<Vec<_>>(), [("ec2".to_owned(), 7)]);
    assert_eq!(
        stats.throttled_by_api.into_iter().collect::<Vec<_>>(),
        [("ec2 us-east-1 DescribeVolumes".to_owned(), 7)]
    );

    // Each service answers with its own throttling error, as Fault::Throttle does.
    for (service, operation, status, code) in [
        ("iam", "ListUsers", 400, "Throttling"),
        ("sts", "GetCallerIdentity", 400, "Throttling"),
        ("s3", "GetBucketAcl", 503, "SlowDown"),
        ("s3control", "GetPublicAccessBlock", 503, "SlowDown"),
    ] {
        let answers: Vec<(u16, String)> = {
            let mut answers = Vec::new();
            for _ in 0..6 {
                answers.push(send(&client, &proxy.endpoint, service, "us-east-1", operation).await);
            }
            answers
        };
        assert!(answers[..5].iter().all(|(status, _)| *status == 200), "{service}: {answers:?}");
        assert_eq!(answers[5].0, status, "{service}: {answers:?}");
        assert!(answers[5].1.contains(&format!("<Code>{code}</Code>")), "{service}: {answers:?}");
    }
    let stats = proxy.stats();
    assert_eq!(stats.requests, 12 + 4 * 6);
    let by_service: Vec<(&str, usize)> = stats.throttled.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    assert_eq!(by_service, [("ec2", 7), ("iam", 1), ("s3", 1), ("s3control", 1), ("sts", 1)]);
    assert_eq!(upstream.received(), 5 + 4 * 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_refills_at_its_rate_up_to_its_capacity() {
    let upstream = Upstream::start().await;
    const RATE: f64 = 4.0;
    let proxy = FaultProxy::start_with(
        &upstream.endpoint,
        vec![],
        Simulation::none().throttle(every_action(Bucket::new(2, RATE))),
    );
    let client = client();
    let ok = || async { send(&client, &proxy.endpoint, "ec2", "eu-west-1", "DescribeVpcs").await.0 == 200 };

    // Drained, then asked as fast as it answers for 1.5 s: about RATE a second get through.
    let drained = Instant::now();
    assert!(ok().await && ok().await, "a full bucket at the start");
    let mut admitted = 0;
    while drained.elapsed() < Duration::from_millis(1500) {
        admitted += usize::from(ok().await);
    }
    let elapsed = drained.elapsed().as_secs_f64();
    let most = (RATE * elapsed).floor() as usize;
    assert!(admitted <= most, "{admitted} admitted in {elapsed:.2} s after draining: at most {most} refilled");
    assert!(admitted * 2 >= most, "{admitted} admitted in {elapsed:.2} s after draining: about {most} refilled");

    // Left alone for longer than it takes to fill, it holds its capacity and no more.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let burst = Instant::now();
    let mut admitted = Vec::new();
    for _ in 0..6 {
        admitted.push(ok().await);
    }
    // A burst of 6 on loopback takes milliseconds; a token more per 250 ms it took, if slow.
    let refilled = (burst.elapsed().as_secs_f64() * RATE).floor() as usize;
    let passed = admitted.iter().filter(|ok| **ok).count();
    assert!(admitted[..2] == [true, true] && (2..=2 + refilled).contains(&passed), "{admitted:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buckets_are_per_action_and_region_and_rules_come_first() {
    let upstream = Upstream::start().await;
    let profile = Profile {
        name: "ec2 only",
        limits: vec![Limit {
            service: "ec2",
            actions: Actions::Prefixed(&["Describe"]),
            bucket: Bucket::new(3, NO_REFILL),
            basis: Basis::Guess("test"),
        }],
    };
    let rules = vec![Rule::new("DescribeSubnets", Fault::AccessDenied).times(2)];
    let proxy = FaultProxy::start_with(&upstream.endpoint, rules, Simulation::none().throttle(profile));
    let client = client();
    let statuses = |service: &'static str, region: &'static str, operation: &'static str, n: usize| {
        let (client, endpoint) = (&client, &proxy.endpoint);
        async move {
            let mut statuses = Vec::new();
            for _ in 0..n {
                statuses.push(send(client, endpoint, service, region, operation).await.0);
            }
            statuses
        }
    };
    assert_eq!(statuses("ec2", "us-east-1", "DescribeVolumes", 4).await, [200, 200, 200, 503]);
    assert_eq!(statuses("ec2", "us-east-1", "DescribeVpcs", 4).await, [200, 200, 200, 503], "another action");
    assert_eq!(statuses("ec2", "eu-west-1", "DescribeVolumes", 4).await, [200, 200, 200, 503], "another region");
    assert_eq!(statuses("ec2", "us-east-1", "GetEbsEncryptionByDefault", 5).await, [200; 5], "not covered");
    assert_eq!(statuses("iam", "us-east-1", "ListUsers", 5).await, [200; 5], "no limit for IAM");
    // A request a rule faults takes no token.
    assert_eq!(statuses("ec2", "us-east-1", "DescribeSubnets", 6).await, [403, 403, 200, 200, 200, 503]);
    let stats = proxy.stats();
    assert_eq!(
        stats.throttled_by_api.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "ec2 eu-west-1 DescribeVolumes",
            "ec2 us-east-1 DescribeSubnets",
            "ec2 us-east-1 DescribeVolumes",
            "ec2 us-east-1 DescribeVpcs",
        ]
    );
    assert_eq!(stats.throttled_total(), 4);
    assert_eq!(upstream.received(), 3 * 4 + 5 + 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_is_added_to_every_answer_and_concurrent_requests_wait_together() {
    const LATENCY: Duration = Duration::from_millis(300);
    const CONCURRENT: u32 = 16;
    let upstream = Upstream::start().await;
    let simulation = Simulation::latency(LATENCY).throttle(every_action(Bucket::new(1, NO_REFILL)));
    let proxy = FaultProxy::start_with(&upstream.endpoint, vec![], simulation);
    let client = client();

    // Forwarded and throttled answers alike come after the latency.
    for expected in [200, 503] {
        let started = Instant::now();
        let (status, _) = send(&client, &proxy.endpoint, "ec2", "us-east-1", "DescribeVolumes").await;
        assert_eq!(status, expected);
        assert!(started.elapsed() >= LATENCY, "{expected} answered in {:?}", started.elapsed());
    }

    // Many at once wait at once: far less than one after the other would.
    let started = Instant::now();
    let requests = (0..CONCURRENT).map(|i| {
        let (client, endpoint) = (client.clone(), proxy.endpoint.clone());
        tokio::spawn(async move {
            let sent = Instant::now();
            let region = if i % 2 == 0 { "us-east-1" } else { "eu-west-1" };
            let (status, _) = send(&client, &endpoint, "iam", region, &format!("ListThings{i}")).await;
            (status, sent.elapsed())
        })
    });
    let mut answers = Vec::new();
    for request in requests.collect::<Vec<_>>() {
        answers.push(request.await.unwrap());
    }
    let wall = started.elapsed();
    assert!(answers.iter().all(|(status, took)| *status == 200 && *took >= LATENCY), "{answers:?}");
    assert!(wall < LATENCY * CONCURRENT / 3, "{CONCURRENT} requests of {LATENCY:?} each took {wall:?} together");
    let stats = proxy.stats();
    assert!(stats.peak_in_flight > 1, "{stats:?}");
    assert_eq!((stats.requests, stats.throttled_total()), (2 + CONCURRENT as usize, 1));
}
