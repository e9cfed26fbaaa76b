//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1, put between an AWS client and moto.
//!
//! Each request is recognised as an AWS operation; when a [`Rule`] matches it, the proxy
//! answers with a [`Fault`] that looks exactly like AWS (the service's own error body and
//! status), misbehaves at the transport level (a hang, a reset connection), or answers with a
//! [`Canned`] response (for operations moto lacks or answers in a shape AWS never sends).
//! Every other request is forwarded to moto unchanged. Every request is kept in the
//! [`FaultProxy::log`], with what tells its call apart from other calls of the operation, so
//! that a test can find requests made twice ([`repeated`]), and with the request as sent and
//! the status answered, so that it can be sent again (the benchmark's floor replays them).
//!
//! Requests are recognised the way AWS routes them:
//! - the service and region from the SigV4 credential scope of the `Authorization` header
//!   (`Credential=KEY/DATE/REGION/SERVICE/aws4_request`), so IAM and STS are in `us-east-1`;
//! - query protocols (EC2, IAM, STS, SNS, RDS, CloudWatch): the `Action` form parameter;
//! - JSON protocols (CloudTrail, CloudWatch Logs, KMS, Config, Organizations): the
//!   `X-Amz-Target` header; REST ones (Security Hub, Access Analyzer, Account, EFS, Macie,
//!   Lambda, Glacier, API Gateway, CloudFront) by method and path (`REST_OPERATIONS`);
//! - S3 (path-style, as with an endpoint URL): the `x-id` query parameter, else `GET /` is
//!   ListBuckets and `GET /BUCKET?SUBRESOURCE` the bucket's Get call (`?acl` is GetBucketAcl);
//! - S3 (path-style): `HEAD /BUCKET` is HeadBucket, `GET /BUCKET?list-type=2` ListObjectsV2,
//!   `GET /BUCKET/KEY?acl` GetObjectAcl;
//! - S3 Control (service `s3control`): `GET /v20180820/configuration/publicAccessBlock` is
//!   GetPublicAccessBlock, `…/accesspoint` ListAccessPoints, `…/accesspoint/NAME`
//!   GetAccessPoint, `…/mrap/instances` ListMultiRegionAccessPoints.
//!
//! A request the proxy cannot name is logged as `METHOD PATH` and forwarded.
//!
//! Started with a [`Simulation`] ([`FaultProxy::start_with`]), the proxy also adds latency to
//! every answer and throttles requests with AWS-style token buckets (see
//! [`crate::simulation`]); [`FaultProxy::stats`] counts what it did.
//!
//! A request's [`Seen::parameters`] identify its call's input:
//! - query protocols: every parameter of the query string and form body but `Action`,
//!   `Version` and the page token, so `UserName`, `AccessKeyId`, `ImageId`, `Attribute`,
//!   filters and page sizes alike;
//! - S3: `Bucket` (the first segment of the path-style path), `Key` (the rest of it) and the
//!   query parameters but `x-id`, the sub-resource naming the operation and the page token;
//! - S3 Control: `AccountId` (the `x-amz-account-id` header);
//! - JSON protocols: the body's top-level members.
//!
//! The page token (`NextToken` in EC2, `Marker` in IAM, `continuation-token` in S3) is kept
//! apart, in [`Seen::page`]: the pages of one call differ only by it.

use std::collections::BTreeMap;
use std::io;
use std::net::{Ipv4Addr, TcpListener as StdTcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

use crate::simulation::{Buckets, Simulation, Stats};

/// What the proxy does to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 403: EC2 `UnauthorizedOperation`; IAM, STS and S3 `AccessDenied`.
    AccessDenied,
    /// EC2 `RequestLimitExceeded` (503), IAM and STS `Throttling` (400), S3 `SlowDown` (503).
    Throttle,
    /// HTTP 500: `InternalError` (EC2, S3), `InternalFailure` (IAM, STS).
    ServerError,
    /// Answers nothing for this long, then forwards the request: a hang when longer than the
    /// client waits, added latency when shorter.
    Hang(Duration),
    /// Closes the TCP connection with a reset (RST) instead of answering.
    ResetConnection,
    /// Answers with this response instead of forwarding the request. Not a fault as such: a
    /// way to give the client an answer moto cannot give.
    Respond(Canned),
}

/// An HTTP response the proxy gives as is, such as the real AWS answer to an operation moto
/// lacks or answers in another shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canned {
    pub status: u16,
    /// Header names and values, such as `("content-type", "application/xml")`.
    pub headers: &'static [(&'static str, &'static str)],
    pub body: &'static str,
}

impl Canned {
    /// HTTP 200 with an S3-style XML body: `Content-Type: application/xml`, as S3 sends it.
    pub const fn s3_xml(body: &'static str) -> Canned {
        Canned { status: 200, headers: &[("content-type", "application/xml")], body }
    }

    /// HTTP 200 with an AWS query-protocol XML body (IAM, STS, EC2): `Content-Type: text/xml`, as
    /// those services send it.
    pub const fn query_xml(body: &'static str) -> Canned {
        Canned { status: 200, headers: &[("content-type", "text/xml")], body }
    }

    fn response(&self, request_id: &str) -> Response<Full<Bytes>> {
        let mut response = Response::builder().status(self.status);
        for (name, value) in self.headers {
            response = response.header(*name, *value);
        }
        // Like S3, say which request this was, unless the canned headers do.
        if !self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("x-amz-request-id")) {
            response = response.header("x-amz-request-id", request_id);
        }
        response.body(Full::from(self.body)).expect("a canned response with a valid status and headers")
    }
}

/// Which requests get a fault. Build with [`Rule::new`], then narrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The operation, as in the AWS API reference: `DescribeVolumes`, `GetBucketAcl`.
    pub operation: &'static str,
    /// Only this service's requests (`ec2`, `iam`, `sts`, `s3`, `s3control`); `None`: any.
    pub service: Option<&'static str>,
    /// Only requests signed for this region; `None`: any.
    pub region: Option<&'static str>,
    /// What to do to them.
    pub fault: Fault,
    /// Only the first `n` matching requests (a burst); `None`: all of them.
    pub times: Option<usize>,
    /// Only requests with all of these [`Seen::parameters`], such as `("Bucket", "b")`.
    pub parameters: Vec<(&'static str, String)>,
}

impl Rule {
    /// `fault` on every request for `operation`, in any service and region.
    pub fn new(operation: &'static str, fault: Fault) -> Rule {
        Rule { operation, service: None, region: None, fault, times: None, parameters: Vec::new() }
    }

    /// Only in `service`.
    pub fn service(self, service: &'static str) -> Rule {
        Rule { service: Some(service), ..self }
    }

    /// Only in `region`.
    pub fn region(self, region: &'static str) -> Rule {
        Rule { region: Some(region), ..self }
    }

    /// Only the first `n` matching requests.
    pub fn times(self, n: usize) -> Rule {
        Rule { times: Some(n), ..self }
    }

    /// Only requests whose parameter `name` is `value` ([`Seen::parameters`]): for an S3
    /// bucket's call, `.parameter("Bucket", "b")`.
    pub fn parameter(mut self, name: &'static str, value: impl Into<String>) -> Rule {
        self.parameters.push((name, value.into()));
        self
    }

    fn matches(&self, seen: &Seen) -> bool {
        self.operation == seen.operation
            && self.service.is_none_or(|service| service == seen.service)
            && self.region.is_none_or(|region| region == seen.region)
            && self.parameters.iter().all(|(name, value)| seen.parameters.get(*name) == Some(value))
    }
}

/// One request the proxy received, in order of arrival.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The SigV4 signing name (`ec2`, `iam`, `sts`, `s3`), or `s3control`.
    pub service: String,
    /// The API operation (`DescribeVolumes`), or `METHOD PATH` when unknown.
    pub operation: String,
    /// The signing region.
    pub region: String,
    /// What identifies the call's input, decoded, by name (see the module documentation).
    pub parameters: BTreeMap<String, String>,
    /// The page token, decoded; `None` on a call's first page and on calls without pages.
    pub page: Option<String>,
    /// The fault a [`Rule`] applied, or `None`.
    pub fault: Option<Fault>,
    /// Answered with its service's throttling error because its token bucket was empty
    /// ([`Simulation::throttle`]), and not forwarded.
    pub throttled: bool,
    /// The request as sent: method, path and query, headers and body.
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// The status answered; `None` until the answer is given, and for a reset connection.
    pub status: Option<u16>,
    /// When the proxy received it.
    pub received: Instant,
}

impl Seen {
    /// Whether `other` asks for the same thing: the same operation of the same service in the
    /// same region, with the same parameters and page token. Faults do not count.
    pub fn same_request(&self, other: &Seen) -> bool {
        (&self.service, &self.region, &self.operation, &self.parameters, &self.page)
            == (&other.service, &other.region, &other.operation, &other.parameters, &other.page)
    }
}

impl std::fmt::Display for Seen {
    /// `service region Operation Name=value … page=TOKEN`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.service, self.region, self.operation)?;
        for (name, value) in &self.parameters {
            write!(f, " {name}={value}")?;
        }
        if let Some(page) = &self.page {
            write!(f, " page={page}")?;
        }
        Ok(())
    }
}

/// The requests of `log` made more than once ([`Seen::same_request`]), each once with how
/// many times it was made, in order of first arrival. Retries of a failed request count: a
/// log with faults has them by design.
pub fn repeated(log: &[Seen]) -> Vec<(Seen, usize)> {
    let mut counted: Vec<(Seen, usize)> = Vec::new();
    for seen in log {
        match counted.iter_mut().find(|(first, _)| first.same_request(seen)) {
            Some((_, count)) => *count += 1,
            None => counted.push((seen.clone(), 1)),
        }
    }
    counted.retain(|(_, count)| *count > 1);
    counted
}

/// A running proxy, stopped when dropped.
pub struct FaultProxy {
    /// `http://127.0.0.1:PORT`, to use as the client's endpoint URL.
    pub endpoint: String,
    shared: Arc<Shared>,
    runtime: Option<Runtime>,
}

struct Shared {
    upstream: String,
    client: Client<HttpConnector, Full<Bytes>>,
    state: Mutex<State>,
    in_flight: AtomicUsize,
    /// The most requests in flight at once.
    peak: AtomicUsize,
    /// Added to every answer.
    latency: Duration,
}

struct State {
    /// Each rule with how many requests it has faulted.
    rules: Vec<(Rule, usize)>,
    log: Vec<Seen>,
    /// The simulation's token buckets, if it throttles.
    buckets: Option<Buckets>,
    /// Requests throttled by their bucket, by (service, region, operation).
    throttled: BTreeMap<(String, String, String), usize>,
}

impl FaultProxy {
    /// Starts on a free port of 127.0.0.1, on a runtime of its own, forwarding to `upstream`
    /// (such as [`crate::Moto::endpoint`]). The first rule matching a request decides its fault;
    /// a rule whose burst is spent no longer matches.
    pub fn start(upstream: &str, rules: Vec<Rule>) -> FaultProxy {
        FaultProxy::start_with(upstream, rules, Simulation::none())
    }

    /// [`FaultProxy::start`], simulating AWS's latency and throttling too. A request a rule
    /// matches gets the rule's fault and takes no token; the others take one from their bucket,
    /// and are throttled when it is empty. Every answer, throttled, faulted or forwarded, is
    /// given after the simulation's latency.
    pub fn start_with(upstream: &str, rules: Vec<Rule>, simulation: Simulation) -> FaultProxy {
        let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a loopback port");
        listener.set_nonblocking(true).expect("a non-blocking listener");
        let endpoint = format!("http://{}", listener.local_addr().expect("a bound address"));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fault-proxy")
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            client: Client::builder(TokioExecutor::new()).build_http(),
            state: Mutex::new(State {
                rules: rules.into_iter().map(|rule| (rule, 0)).collect(),
                log: Vec::new(),
                buckets: simulation.throttle.map(Buckets::new),
                throttled: BTreeMap::new(),
            }),
            in_flight: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            latency: simulation.latency,
        });
        let accepting = Arc::clone(&shared);
        runtime.spawn(async move {
            let listener = TcpListener::from_std(listener).expect("a tokio listener");
            loop {
                if let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(serve(Arc::clone(&accepting), stream));
                }
            }
        });
        FaultProxy { endpoint, shared, runtime: Some(runtime) }
    }

    /// Every request received so far, in order of arrival.
    pub fn log(&self) -> Vec<Seen> {
        self.shared.state().log.clone()
    }

    /// The most requests that were in flight at once so far.
    pub fn peak_in_flight(&self) -> usize {
        self.shared.peak.load(Ordering::SeqCst)
    }

    /// What the proxy counted so far: requests, throttled answers, peak in flight.
    pub fn stats(&self) -> Stats {
        let state = self.shared.state();
        let mut stats = Stats { requests: state.log.len(), peak_in_flight: self.peak_in_flight(), ..Stats::default() };
        for ((service, region, operation), n) in &state.throttled {
            *stats.throttled.entry(service.clone()).or_default() += n;
            stats.throttled_by_api.insert(format!("{service} {region} {operation}"), *n);
        }
        stats
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        // Without waiting, so that a proxy can be dropped inside an async test.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Logs a request with the fault of the first matching rule, if any, else throttled if
    /// its bucket is empty; returns what to answer with (a throttled request's is
    /// [`Fault::Throttle`]) and the request's position in the log.
    fn decide(&self, mut seen: Seen, arrived: Instant) -> (Option<Fault>, usize) {
        let mut state = self.state();
        let state = &mut *state;
        let rule = state
            .rules
            .iter_mut()
            .find(|(rule, applied)| rule.matches(&seen) && rule.times.is_none_or(|times| *applied < times));
        seen.fault = rule.map(|(rule, applied)| {
            *applied += 1;
            rule.fault
        });
        if let (None, Some(buckets)) = (seen.fault, &mut state.buckets) {
            seen.throttled = !buckets.admit(&seen.service, &seen.region, &seen.operation, arrived);
        }
        if seen.throttled {
            let key = (seen.service.clone(), seen.region.clone(), seen.operation.clone());
            *state.throttled.entry(key).or_default() += 1;
        }
        let answer = if seen.throttled { Some(Fault::Throttle) } else { seen.fault };
        state.log.push(seen);
        (answer, state.log.len() - 1)
    }

    /// Notes the status answered to the request at `index` of the log.
    fn answered<B>(&self, index: usize, response: &Response<B>) {
        self.state().log[index].status = Some(response.status().as_u16());
    }
}

/// Counts a request in flight while it lives.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn new(shared: &'a Shared) -> InFlight<'a> {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.peak.fetch_max(now, Ordering::SeqCst);
        InFlight(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

type ProxyBody = Either<Full<Bytes>, Incoming>;

/// Serves one client connection; resets it if a request asked for that.
async fn serve(shared: Arc<Shared>, mut stream: TcpStream) {
    let reset = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&reset);
    let service = service_fn(move |request| handle(Arc::clone(&shared), Arc::clone(&flag), request));
    // A request that resets the connection fails the service, which ends the connection
    // without writing a response.
    let _ = http1::Builder::new().serve_connection(TokioIo::new(&mut stream), service).await;
    if reset.load(Ordering::Relaxed) {
        // With SO_LINGER 0, closing the socket sends RST instead of FIN.
        let _ = stream.set_zero_linger();
    }
}

async fn handle(
    shared: Arc<Shared>,
    reset: Arc<AtomicBool>,
    request: Request<Incoming>,
) -> io::Result<Response<ProxyBody>> {
    let _in_flight = InFlight::new(&shared);
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(io::Error::other)?.to_bytes();
    let seen = identify(&parts, &body);
    let (service, operation) = (seen.service.clone(), seen.operation.clone());
    let (fault, index) = shared.decide(seen, Instant::now());
    if !shared.latency.is_zero() {
        // On this request's own task: requests in flight together wait together.
        tokio::time::sleep(shared.latency).await;
    }
    let response = match fault {
        Some(Fault::ResetConnection) => {
            reset.store(true, Ordering::Relaxed);
            return Err(io::Error::new(io::ErrorKind::ConnectionReset, "fault injected: connection reset"));
        }
        Some(Fault::Respond(canned)) => canned.response(&request_id(index)).map(Either::Left),
        Some(Fault::Hang(duration)) => {
            tokio::time::sleep(duration).await;
            forward(&shared, parts, body).await?
        }
        Some(fault) => aws_error(&service, &operation, fault, &request_id(index)).map(Either::Left),
        None => forward(&shared, parts, body).await?,
    };
    shared.answered(index, &response);
    Ok(response)
}

/// Sends the request on to the upstream server; its answer, or a 502 if it gave none.
async fn forward(
    shared: &Shared,
    mut parts: hyper::http::request::Parts,
    body: Bytes,
) -> io::Result<Response<ProxyBody>> {
    let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    parts.uri = format!("{}{path}", shared.upstream).parse().map_err(io::Error::other)?;
    Ok(match shared.client.request(Request::from_parts(parts, Full::new(body))).await {
        Ok(response) => response.map(Either::Right),
        Err(error) => Response::builder()
            .status(StatusCode::BAD_GATEWAY)
            .body(Either::Left(Full::from(format!("fault proxy: upstream failed: {error}"))))
            .expect("a valid response"),
    })
}

/// The request id of an answer the proxy gives itself: the request's position in the log.
fn request_id(index: usize) -> String {
    format!("fa017000-0000-4000-8000-{index:012x}")
}

/// The page tokens, by protocol.
const PAGE_TOKENS: &[&str] = &["NextToken", "nextToken", "Marker", "marker", "position", "continuation-token"];

/// The REST operations the collector makes (outside S3 and S3 Control), by SigV4 service,
/// method and path; `{Name}` in a path stands for one segment, the parameter `Name`.
const REST_OPERATIONS: &[(&str, &str, &str, &str)] = &[
    ("account", "POST", "/getAlternateContact", "GetAlternateContact"),
    ("account", "POST", "/getContactInformation", "GetContactInformation"),
    ("securityhub", "GET", "/accounts", "DescribeHub"),
    ("securityhub", "POST", "/standards/get", "GetEnabledStandards"),
    ("securityhub", "GET", "/productSubscriptions", "ListEnabledProductsForImport"),
    ("access-analyzer", "GET", "/analyzer", "ListAnalyzers"),
    ("access-analyzer", "POST", "/findingv2", "ListFindingsV2"),
    ("elasticfilesystem", "GET", "/2015-02-01/file-systems", "DescribeFileSystems"),
    ("macie2", "GET", "/macie", "GetMacieSession"),
    ("lambda", "GET", "/2015-03-31/functions", "ListFunctions"),
    ("lambda", "GET", "/2015-03-31/functions/{FunctionName}/policy", "GetPolicy"),
    ("glacier", "GET", "/{accountId}/vaults", "ListVaults"),
    ("glacier", "GET", "/{accountId}/vaults/{vaultName}/access-policy", "GetVaultAccessPolicy"),
    ("apigateway", "GET", "/restapis", "GetRestApis"),
    ("apigateway", "GET", "/restapis/{restapi_id}/stages", "GetStages"),
    ("apigateway", "GET", "/v2/apis", "GetApis"),
    ("apigateway", "GET", "/v2/apis/{apiId}/stages", "GetStages"),
    ("cloudfront", "GET", "/2020-05-31/distribution", "ListDistributions"),
    ("cloudfront", "GET", "/2020-05-31/distribution/{Id}/config", "GetDistributionConfig"),
];

/// The REST operation of a request, with the parameters its path carries.
fn rest_operation(service: &str, method: &Method, path: &str) -> Option<(&'static str, BTreeMap<String, String>)> {
    let matched = |pattern: &str| {
        let (mut wanted, mut given) = (pattern.split('/'), path.split('/'));
        let mut parameters = BTreeMap::new();
        loop {
            match (wanted.next(), given.next()) {
                (None, None) => return Some(parameters),
                (Some(a), Some(b)) if a == b => {}
                (Some(name), Some(segment)) if name.starts_with('{') && !segment.is_empty() => {
                    parameters.insert(name.trim_matches(['{', '}']).to_owned(), percent_decoded(segment, false));
                }
                _ => return None,
            }
        }
    };
    REST_OPERATIONS
        .iter()
        .filter(|(s, m, _, _)| *s == service && method.as_str() == *m)
        .find_map(|(_, _, pattern, operation)| Some((*operation, matched(pattern)?)))
}

/// The top-level members of a JSON request body, each as its JSON text (strings unquoted).
fn json_members(body: &Bytes) -> BTreeMap<String, String> {
    let Ok(serde_json::Value::Object(members)) = serde_json::from_slice(body) else { return BTreeMap::new() };
    members
        .into_iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(text) => (name, text),
            other => (name, other.to_string()),
        })
        .collect()
}

/// The service, operation, region, parameters and page of a request (see the module
/// documentation).
fn identify(parts: &hyper::http::request::Parts, body: &Bytes) -> Seen {
    let scope = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split("Credential=").nth(1))
        .map(|credential| credential.split([',', ' ']).next().unwrap_or_default().split('/').collect::<Vec<_>>());
    let (region, mut service) = match scope.as_deref() {
        Some([_, _, region, service, ..]) => (region.to_string(), service.to_string()),
        _ => (String::new(), String::new()),
    };
    let path = parts.uri.path();
    let query = parts.uri.query().unwrap_or_default();
    let mut parameters = decoded(query);
    let operation = if path.starts_with("/v20180820/") {
        service = "s3control".to_owned();
        if let Some(account) = parts.headers.get("x-amz-account-id").and_then(|value| value.to_str().ok()) {
            parameters.insert("AccountId".to_owned(), account.to_owned());
        }
        s3control_operation(&parts.method, path, &mut parameters)
    } else if service == "s3" {
        let names = path.trim_start_matches('/');
        let (bucket, key) = names.split_once('/').unwrap_or((names, ""));
        for (name, value) in [("Bucket", bucket), ("Key", key)] {
            if !value.is_empty() {
                parameters.insert(name.to_owned(), percent_decoded(value, false));
            }
        }
        s3_operation(&parts.method, path, &mut parameters)
    } else if let Some(target) = parts.headers.get("x-amz-target").and_then(|value| value.to_str().ok()) {
        parameters.extend(json_members(body));
        target.rsplit('.').next().map(str::to_owned)
    } else if let Some((operation, in_path)) = rest_operation(&service, &parts.method, path) {
        parameters.extend(in_path);
        parameters.extend(json_members(body));
        Some(operation.to_owned())
    } else {
        parameters.extend(decoded(std::str::from_utf8(body).unwrap_or_default()));
        parameters.remove("Version");
        parameters.remove("Action")
    };
    let page = PAGE_TOKENS.iter().find_map(|token| parameters.remove(*token));
    let operation = operation.unwrap_or_else(|| format!("{} {path}", parts.method));
    Seen {
        service,
        operation,
        region,
        parameters,
        page,
        fault: None,
        throttled: false,
        method: parts.method.to_string(),
        target: parts.uri.path_and_query().map_or("/", |target| target.as_str()).to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect(),
        body: body.clone(),
        status: None,
        received: Instant::now(),
    }
}

/// The Get calls of a bucket, by the sub-resource in their query string.
const S3_SUBRESOURCES: &[(&str, &str)] = &[
    ("location", "GetBucketLocation"),
    ("acl", "GetBucketAcl"),
    ("logging", "GetBucketLogging"),
    ("policy", "GetBucketPolicy"),
    ("policyStatus", "GetBucketPolicyStatus"),
    ("publicAccessBlock", "GetPublicAccessBlock"),
    ("encryption", "GetBucketEncryption"),
    ("versioning", "GetBucketVersioning"),
    ("lifecycle", "GetBucketLifecycleConfiguration"),
    ("object-lock", "GetObjectLockConfiguration"),
    ("ownershipControls", "GetBucketOwnershipControls"),
    ("website", "GetBucketWebsite"),
    ("tagging", "GetBucketTagging"),
    ("replication", "GetBucketReplication"),
    ("accelerate", "GetBucketAccelerateConfiguration"),
    ("notification", "GetBucketNotificationConfiguration"),
];

/// The operation of an S3 Control request, by its REST path.
fn s3control_operation(method: &Method, path: &str, parameters: &mut BTreeMap<String, String>) -> Option<String> {
    if *method != Method::GET {
        return None;
    }
    let operation = match path.trim_start_matches("/v20180820/") {
        "configuration/publicAccessBlock" => "GetPublicAccessBlock",
        "accesspoint" => "ListAccessPoints",
        "mrap/instances" => "ListMultiRegionAccessPoints",
        other => {
            let name = other.strip_prefix("accesspoint/").filter(|name| !name.contains('/'))?;
            parameters.insert("Name".to_owned(), percent_decoded(name, false));
            "GetAccessPoint"
        }
    };
    Some(operation.to_owned())
}

/// The operation of an S3 request; takes `x-id` and the sub-resource naming it out of its
/// query `parameters`.
fn s3_operation(method: &Method, path: &str, parameters: &mut BTreeMap<String, String>) -> Option<String> {
    let operation = if let Some(id) = parameters.remove("x-id") {
        id
    } else if *method == Method::HEAD && parameters.contains_key("Bucket") && !parameters.contains_key("Key") {
        "HeadBucket".to_owned()
    } else if *method != Method::GET {
        return None;
    } else if path == "/" {
        "ListBuckets".to_owned()
    } else if parameters.contains_key("Key") && parameters.contains_key("acl") {
        parameters.remove("acl");
        "GetObjectAcl".to_owned()
    } else if parameters.get("list-type").is_some_and(|version| version == "2") {
        parameters.remove("list-type");
        "ListObjectsV2".to_owned()
    } else {
        let (_, operation) = S3_SUBRESOURCES.iter().find(|(key, _)| parameters.contains_key(*key))?;
        (*operation).to_owned()
    };
    for (key, _) in S3_SUBRESOURCES.iter().filter(|(_, named)| *named == operation) {
        parameters.remove(*key);
    }
    Some(operation)
}

/// The pairs of a `k=v&k=v` query string or form body, percent-decoded, by name.
fn decoded(pairs: &str) -> BTreeMap<String, String> {
    pairs
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decoded(name, true), percent_decoded(value, true))
        })
        .collect()
}

/// `text` with its `%XX` escapes decoded, and `+` as a space in a form or query string.
fn percent_decoded(text: &str, form: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (b'+', _) if form => out.push(b' '),
            (byte, _) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The error response AWS gives for `fault` in `service`: its status, code and body. S3
/// Control has S3's codes, in the `<ErrorResponse>` wrapping of the query protocols.
fn aws_error(service: &str, operation: &str, fault: Fault, request_id: &str) -> Response<Full<Bytes>> {
    let not_authorized = || format!("User is not authorized to perform: {service}:{operation}");
    let (status, code, message) = match (service, fault) {
        ("ec2", Fault::AccessDenied) => (
            403,
            "UnauthorizedOperation",
            format!("You are not authorized to perform this operation. {}", not_authorized()),
        ),
        ("ec2", Fault::Throttle) => (503, "RequestLimitExceeded", "Request limit exceeded.".to_owned()),
        ("ec2", _) => (500, "InternalError", "An internal error has occurred.".to_owned()),
        ("iam" | "sts", Fault::AccessDenied) => (403, "AccessDenied", not_authorized()),
        ("iam" | "sts", Fault::Throttle) => (400, "Throttling", "Rate exceeded".to_owned()),
        ("iam" | "sts", _) => {
            (500, "InternalFailure", "The request processing has failed because of an unknown error.".to_owned())
        }
        (_, Fault::AccessDenied) => (403, "AccessDenied", "Access Denied".to_owned()),
        (_, Fault::Throttle) => (503, "SlowDown", "Please reduce your request rate.".to_owned()),
        (_, _) => (500, "InternalError", "We encountered an internal error. Please try again.".to_owned()),
    };
    let error = format!("<Code>{code}</Code><Message>{message}</Message>");
    let body = match service {
        "ec2" => {
            format!("<Response><Errors><Error>{error}</Error></Errors><RequestID>{request_id}</RequestID></Response>")
        }
        "iam" | "sts" => {
            let kind = if status < 500 { "Sender" } else { "Receiver" };
            format!(
                "<ErrorResponse><Error><Type>{kind}</Type>{error}</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
            )
        }
        "s3control" => {
            format!("<ErrorResponse><Error>{error}</Error><RequestId>{request_id}</RequestId></ErrorResponse>")
        }
        _ => format!("<Error>{error}<RequestId>{request_id}</RequestId></Error>"),
    };
    let (content_type, id_header) = if service.starts_with("s3") {
        ("application/xml", "x-amz-request-id")
    } else {
        ("text/xml", "x-amzn-requestid")
    };
    Response::builder()
        .status(status)
        .header(CONTENT_TYPE, content_type)
        .header(id_header, request_id)
        .body(Full::from(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}")))
        .expect("a valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, uri: &str, scope: &str, body: &str) -> Seen {
        let authorization = format!("AWS4-HMAC-SHA256 Credential=testing/20261129/{scope}/aws4_request, Signature=0");
        let request = Request::builder().method(method).uri(uri).header(AUTHORIZATION, authorization).body(()).unwrap();
        identify(&request.into_parts().0, &Bytes::copy_from_slice(body.as_bytes()))
    }

    fn seen(method: Method, uri: &str, scope: &str, body: &str) -> (String, String, String) {
        let seen = request(method, uri, scope, body);
        (seen.service, seen.operation, seen.region)
    }

    #[test]
    fn requests_are_named_as_in_the_api_reference() {
        let named = |service: &str, operation: &str, region: &str| (service.into(), operation.into(), region.into());
        let form = "Action=DescribeVolumes&Version=2016-11-15";
        assert_eq!(seen(Method::POST, "/", "eu-west-1/ec2", form), named("ec2", "DescribeVolumes", "eu-west-1"));
        let form = "Version=2010-05-08&Action=GetAccountPasswordPolicy";
        assert_eq!(
            seen(Method::POST, "/", "us-east-1/iam", form),
            named("iam", "GetAccountPasswordPolicy", "us-east-1")
        );
        assert_eq!(
            seen(Method::GET, "/?x-id=ListBuckets", "us-east-1/s3", ""),
            named("s3", "ListBuckets", "us-east-1")
        );
        assert_eq!(seen(Method::GET, "/b?acl", "eu-west-1/s3", ""), named("s3", "GetBucketAcl", "eu-west-1"));
        assert_eq!(
            seen(Method::GET, "/b?policyStatus", "eu-west-1/s3", ""),
            named("s3", "GetBucketPolicyStatus", "eu-west-1")
        );
        assert_eq!(seen(Method::GET, "/b?policy", "eu-west-1/s3", ""), named("s3", "GetBucketPolicy", "eu-west-1"));
        let control = "/v20180820/configuration/publicAccessBlock";
        assert_eq!(
            seen(Method::GET, control, "us-east-1/s3", ""),
            named("s3control", "GetPublicAccessBlock", "us-east-1")
        );
        assert_eq!(seen(Method::PUT, "/b/key", "us-east-1/s3", ""), named("s3", "PUT /b/key", "us-east-1"));
        assert_eq!(seen(Method::HEAD, "/b", "us-east-1/s3", ""), named("s3", "HeadBucket", "us-east-1"));
        assert_eq!(seen(Method::GET, "/b/a%2Fk?acl", "us-east-1/s3", ""), named("s3", "GetObjectAcl", "us-east-1"));
        assert_eq!(
            seen(Method::GET, "/b?list-type=2&max-keys=3", "us-east-1/s3", ""),
            named("s3", "ListObjectsV2", "us-east-1")
        );
        assert_eq!(
            seen(Method::GET, "/b?accelerate", "us-east-1/s3", ""),
            named("s3", "GetBucketAccelerateConfiguration", "us-east-1")
        );
        for (path, operation) in [
            ("/v20180820/accesspoint", "ListAccessPoints"),
            ("/v20180820/accesspoint/ap-1", "GetAccessPoint"),
            ("/v20180820/mrap/instances", "ListMultiRegionAccessPoints"),
        ] {
            assert_eq!(seen(Method::GET, path, "eu-west-1/s3", ""), named("s3control", operation, "eu-west-1"));
        }
        for (service, path, operation) in [
            ("lambda", "/2015-03-31/functions", "ListFunctions"),
            ("lambda", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Afn/policy", "GetPolicy"),
            ("glacier", "/-/vaults/archive/access-policy", "GetVaultAccessPolicy"),
            ("apigateway", "/restapis/a1b2c3/stages", "GetStages"),
            ("apigateway", "/v2/apis", "GetApis"),
            ("cloudfront", "/2020-05-31/distribution/E2ABC/config", "GetDistributionConfig"),
        ] {
            let scope = format!("us-east-1/{service}");
            assert_eq!(seen(Method::GET, path, &scope, ""), named(service, operation, "us-east-1"));
        }
        let unknown = "/2015-03-31/functions/fn/policy/extra";
        assert_eq!(seen(Method::GET, unknown, "us-east-1/lambda", "").1, format!("GET {unknown}"));
    }

    fn parameters(seen: &Seen) -> Vec<(&str, &str)> {
        seen.parameters.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect()
    }

    #[test]
    fn parameters_identify_the_call_and_the_page_token_is_apart() {
        let form = "Action=GetAccessKeyLastUsed&Version=2010-05-08&AccessKeyId=AKIA1";
        let seen = request(Method::POST, "/", "us-east-1/iam", form);
        assert_eq!((parameters(&seen), seen.page.as_deref()), (vec![("AccessKeyId", "AKIA1")], None));

        let form = "Action=ListAccessKeys&Version=2010-05-08&UserName=carol&Marker=abc%2B%2F%3D";
        let seen = request(Method::POST, "/", "us-east-1/iam", form);
        assert_eq!((parameters(&seen), seen.page.as_deref()), (vec![("UserName", "carol")], Some("abc+/=")));

        let form = "Action=DescribeImageAttribute&Version=2016-11-15&ImageId=ami-1&Attribute=launchPermission";
        let seen = request(Method::POST, "/", "us-east-1/ec2", form);
        assert_eq!(parameters(&seen), [("Attribute", "launchPermission"), ("ImageId", "ami-1")]);

        let form = "Action=DescribeSnapshots&Version=2016-11-15&Owner.1=self&NextToken=t2&Filter.1.Value.1=a+b";
        let seen = request(Method::POST, "/", "eu-west-1/ec2", form);
        let expected = vec![("Filter.1.Value.1", "a b"), ("Owner.1", "self")];
        assert_eq!((parameters(&seen), seen.page.as_deref()), (expected, Some("t2")));

        let seen = request(Method::GET, "/stance-bucket?acl", "eu-west-1/s3", "");
        assert_eq!(parameters(&seen), [("Bucket", "stance-bucket")]);
        let seen = request(Method::GET, "/b?versioning&x-id=GetBucketVersioning", "eu-west-1/s3", "");
        assert_eq!((seen.operation.as_str(), parameters(&seen)), ("GetBucketVersioning", vec![("Bucket", "b")]));
        let seen = request(Method::GET, "/?x-id=ListBuckets&max-buckets=5&continuation-token=c1", "us-east-1/s3", "");
        assert_eq!((parameters(&seen), seen.page.as_deref()), (vec![("max-buckets", "5")], Some("c1")));
        let seen = request(Method::PUT, "/b/a%20key?tagging", "us-east-1/s3", "");
        assert_eq!(parameters(&seen), [("Bucket", "b"), ("Key", "a key"), ("tagging", "")]);
        let path = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Afn/policy";
        let seen = request(Method::GET, path, "us-east-1/lambda", "");
        assert_eq!(parameters(&seen), [("FunctionName", "arn:aws:lambda:us-east-1:1:function:fn")]);
        let seen = request(Method::GET, "/-/vaults?marker=m2", "us-east-1/glacier", "");
        assert_eq!((parameters(&seen), seen.page.as_deref()), (vec![("accountId", "-")], Some("m2")));
    }

    #[test]
    fn rules_narrowed_to_a_parameter_match_only_its_requests() {
        let rule = Rule::new("GetBucketAcl", Fault::AccessDenied).parameter("Bucket", "b");
        assert!(rule.matches(&request(Method::GET, "/b?acl", "eu-west-1/s3", "")));
        assert!(!rule.matches(&request(Method::GET, "/c?acl", "eu-west-1/s3", "")));
        assert!(!rule.matches(&request(Method::GET, "/b?policy", "eu-west-1/s3", "")));
    }

    #[test]
    fn repeated_requests_are_found_but_not_other_pages_or_other_resources() {
        let iam = |form: &str| request(Method::POST, "/", "us-east-1/iam", &format!("Action=ListUsers&{form}"));
        let mut denied = iam("Version=2010-05-08");
        denied.fault = Some(Fault::AccessDenied);
        let log = [
            iam("Version=2010-05-08"),
            iam("Version=2010-05-08&Marker=m1"),
            iam("Version=2010-05-08&PathPrefix=%2Fa%2F"),
            request(Method::POST, "/", "eu-west-1/iam", "Action=ListUsers"),
            denied,
            iam("Marker=m1"),
            iam("Marker=m2"),
        ];
        let repeated: Vec<_> = repeated(&log).into_iter().map(|(seen, count)| (seen.to_string(), count)).collect();
        assert_eq!(
            repeated,
            [("iam us-east-1 ListUsers".to_owned(), 2), ("iam us-east-1 ListUsers page=m1".to_owned(), 2)]
        );
    }

    #[test]
    fn a_canned_response_is_given_as_is_with_a_request_id() {
        let canned = Canned::s3_xml("<PolicyStatus><IsPublic>true</IsPublic></PolicyStatus>");
        let response = canned.response("id-1");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/xml");
        assert_eq!(response.headers()["x-amz-request-id"], "id-1");
        let own_id = Canned { status: 404, headers: &[("X-Amz-Request-Id", "mine")], body: "" };
        let response = own_id.response("id-2");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers().get_all("x-amz-request-id").iter().collect::<Vec<_>>(), ["mine"]);
    }
}
