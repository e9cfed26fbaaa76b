//! Resources with resource policies (queues, functions, vaults, event buses, secrets) and web
//! front ends with and without access logs (distributions, load balancers, REST and HTTP
//! APIs), seeded in us-east-1 with an OK and a FAIL case for each check moto can serve.

use aws_config::SdkConfig;

use crate::OWN_ACCOUNT;

/// Queues: one anyone may send to, unencrypted; one encrypted with SQS-managed keys and no
/// policy; one another account (`111122223333`) may read from, encrypted with KMS.
pub const OPEN_QUEUE: &str = "open-queue";
pub const PRIVATE_QUEUE: &str = "private-queue";
pub const PARTNER_QUEUE: &str = "partner-queue";
/// Functions: one anyone may invoke, one without a resource policy.
pub const PUBLIC_FUNCTION: &str = "public-fn";
pub const PRIVATE_FUNCTION: &str = "private-fn";
/// A Glacier vault (moto has no route for vault access policies).
pub const VAULT: &str = "archive-vault";
/// An event bus whose policy lets anyone put events (the default bus has no policy).
pub const OPEN_BUS: &str = "open-bus";
/// Secrets: one whose policy lets anyone read it, under the AWS managed key; one under a
/// customer managed key, without a policy.
pub const OPEN_SECRET: &str = "open-secret";
pub const PRIVATE_SECRET: &str = "private-secret";
/// Application load balancers: access logs on, to the log bucket / off.
pub const LOGGED_LOAD_BALANCER: &str = "logged-alb";
pub const UNLOGGED_LOAD_BALANCER: &str = "unlogged-alb";
/// REST APIs with one stage each: execution logging at INFO / off.
pub const LOGGED_REST_API: &str = "logged-rest";
pub const UNLOGGED_REST_API: &str = "unlogged-rest";
/// HTTP APIs with one stage each: access logs to a log group / none.
pub const LOGGED_HTTP_API: &str = "logged-http";
pub const UNLOGGED_HTTP_API: &str = "unlogged-http";
/// The stage of every seeded API.
pub const STAGE: &str = "prod";
/// Distributions, told apart by their comment: standard logging on, HTTPS only / off,
/// HTTP allowed.
pub const LOGGED_DISTRIBUTION: &str = "logged-distribution";
pub const UNLOGGED_DISTRIBUTION: &str = "unlogged-distribution";

/// The ARNs and ids AWS (moto) chose for what [`seed`] created, each pair OK case first.
#[derive(Debug, Clone, Default)]
pub struct Exposed {
    /// [`OPEN_SECRET`], [`PRIVATE_SECRET`].
    pub secrets: [String; 2],
    /// [`LOGGED_LOAD_BALANCER`], [`UNLOGGED_LOAD_BALANCER`].
    pub load_balancers: [String; 2],
    /// The ids of [`LOGGED_REST_API`], [`UNLOGGED_REST_API`].
    pub rest_apis: [String; 2],
    /// The ids of [`LOGGED_HTTP_API`], [`UNLOGGED_HTTP_API`].
    pub http_apis: [String; 2],
    /// [`LOGGED_DISTRIBUTION`], [`UNLOGGED_DISTRIBUTION`].
    pub distributions: [String; 2],
}

pub async fn seed(config: &SdkConfig, log_bucket: &str) -> Exposed {
    seed_queues(config).await;
    seed_functions(config).await;
    aws_sdk_glacier::Client::new(config).create_vault().account_id("-").vault_name(VAULT).send().await.unwrap();
    seed_event_bus(config).await;
    Exposed {
        secrets: seed_secrets(config).await,
        load_balancers: seed_load_balancers(config, log_bucket).await,
        rest_apis: seed_rest_apis(config).await,
        http_apis: seed_http_apis(config).await,
        distributions: seed_distributions(config, log_bucket).await,
    }
}

/// The two values of a seeded pair.
fn pair(mut values: Vec<String>) -> [String; 2] {
    assert_eq!(values.len(), 2, "a seeded pair: {values:?}");
    let second = values.pop().unwrap();
    [values.pop().unwrap(), second]
}

fn policy(statement: serde_json::Value) -> String {
    serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}).to_string()
}

async fn seed_queues(config: &SdkConfig) {
    use aws_sdk_sqs::types::QueueAttributeName::{KmsMasterKeyId, Policy, SqsManagedSseEnabled};
    let sqs = aws_sdk_sqs::Client::new(config);
    let arn = |name: &str| format!("arn:aws:sqs:us-east-1:{OWN_ACCOUNT}:{name}");
    let open = policy(serde_json::json!({
        "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": arn(OPEN_QUEUE)
    }));
    let partner = policy(serde_json::json!({
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "sqs:ReceiveMessage", "Resource": arn(PARTNER_QUEUE)
    }));
    let queues = [
        (OPEN_QUEUE, vec![(Policy, open), (SqsManagedSseEnabled, "false".to_owned())]),
        (PRIVATE_QUEUE, vec![(SqsManagedSseEnabled, "true".to_owned())]),
        (PARTNER_QUEUE, vec![(Policy, partner), (KmsMasterKeyId, "alias/aws/sqs".to_owned())]),
    ];
    for (name, attributes) in queues {
        sqs.create_queue()
            .queue_name(name)
            .set_attributes(Some(attributes.into_iter().collect()))
            .send()
            .await
            .unwrap();
    }
}

/// An empty zip archive: moto stores the code without running it.
const EMPTY_ZIP: &[u8] = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

async fn seed_functions(config: &SdkConfig) {
    use aws_sdk_lambda::primitives::Blob;
    use aws_sdk_lambda::types::{FunctionCode, Runtime};
    let lambda = aws_sdk_lambda::Client::new(config);
    for name in [PUBLIC_FUNCTION, PRIVATE_FUNCTION] {
        lambda
            .create_function()
            .function_name(name)
            .runtime(Runtime::Python312)
            .role(format!("arn:aws:iam::{OWN_ACCOUNT}:role/web"))
            .handler("index.handler")
            .code(FunctionCode::builder().zip_file(Blob::new(EMPTY_ZIP)).build())
            .send()
            .await
            .unwrap();
    }
    lambda
        .add_permission()
        .function_name(PUBLIC_FUNCTION)
        .statement_id("anyone")
        .action("lambda:InvokeFunction")
        .principal("*")
        .send()
        .await
        .unwrap();
}

async fn seed_event_bus(config: &SdkConfig) {
    let events = aws_sdk_eventbridge::Client::new(config);
    let created = events.create_event_bus().name(OPEN_BUS).send().await.unwrap();
    // With `Principal="*"` moto rewrites the principal to `arn:aws:iam::*:root`; a whole policy
    // is kept as given.
    let open = policy(serde_json::json!({
        "Sid": "anyone", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents",
        "Resource": created.event_bus_arn().unwrap()
    }));
    events.put_permission().event_bus_name(OPEN_BUS).policy(open).send().await.unwrap();
}

async fn seed_secrets(config: &SdkConfig) -> [String; 2] {
    let secrets = aws_sdk_secretsmanager::Client::new(config);
    let kms = aws_sdk_kms::Client::new(config);
    let key = kms.create_key().description("secrets").send().await.unwrap();
    let key_arn = key.key_metadata().unwrap().arn().unwrap().to_owned();
    let open = secrets.create_secret().name(OPEN_SECRET).secret_string("not-a-real-secret").send().await.unwrap();
    let anyone = policy(serde_json::json!({
        "Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"
    }));
    secrets.put_resource_policy().secret_id(open.arn().unwrap()).resource_policy(anyone).send().await.unwrap();
    let private = secrets
        .create_secret()
        .name(PRIVATE_SECRET)
        .kms_key_id(key_arn)
        .secret_string("not-a-real-secret")
        .send()
        .await
        .unwrap();
    [open.arn().unwrap().to_owned(), private.arn().unwrap().to_owned()]
}

async fn seed_load_balancers(config: &SdkConfig, log_bucket: &str) -> [String; 2] {
    use aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute;
    let ec2 = aws_sdk_ec2::Client::new(config);
    let subnets = ec2.describe_subnets().send().await.unwrap();
    let default_subnets: Vec<String> = subnets
        .subnets()
        .iter()
        .filter(|subnet| subnet.default_for_az() == Some(true))
        .filter_map(|subnet| subnet.subnet_id().map(str::to_owned))
        .take(2)
        .collect();
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(config);
    let mut arns = Vec::new();
    for name in [LOGGED_LOAD_BALANCER, UNLOGGED_LOAD_BALANCER] {
        let created =
            elb.create_load_balancer().name(name).set_subnets(Some(default_subnets.clone())).send().await.unwrap();
        // moto reports access_logs.s3.enabled only once it is set; AWS always reports it.
        let arn = created.load_balancers()[0].load_balancer_arn().unwrap();
        let attribute = |key: &str, value: &str| LoadBalancerAttribute::builder().key(key).value(value).build();
        let logged = name == LOGGED_LOAD_BALANCER;
        elb.modify_load_balancer_attributes()
            .load_balancer_arn(arn)
            .attributes(attribute("access_logs.s3.enabled", if logged { "true" } else { "false" }))
            .attributes(attribute("access_logs.s3.bucket", if logged { log_bucket } else { "" }))
            .send()
            .await
            .unwrap();
        arns.push(arn.to_owned());
    }
    pair(arns)
}

async fn seed_rest_apis(config: &SdkConfig) -> [String; 2] {
    use aws_sdk_apigateway::types::{IntegrationType, Op, PatchOperation};
    let apigateway = aws_sdk_apigateway::Client::new(config);
    let mut ids = Vec::new();
    for name in [LOGGED_REST_API, UNLOGGED_REST_API] {
        let api = apigateway.create_rest_api().name(name).send().await.unwrap();
        let id = api.id().unwrap();
        ids.push(id.to_owned());
        let resources = apigateway.get_resources().rest_api_id(id).send().await.unwrap();
        let root = resources.items().iter().find(|r| r.path() == Some("/")).and_then(|r| r.id()).unwrap();
        let method = apigateway.put_method().rest_api_id(id).resource_id(root).http_method("GET");
        method.authorization_type("NONE").send().await.unwrap();
        let integration = apigateway.put_integration().rest_api_id(id).resource_id(root).http_method("GET");
        integration.r#type(IntegrationType::Mock).send().await.unwrap();
        apigateway.create_deployment().rest_api_id(id).stage_name(STAGE).send().await.unwrap();
        if name == LOGGED_REST_API {
            let logging = PatchOperation::builder().op(Op::Replace).path("/*/*/logging/loglevel").value("INFO").build();
            apigateway.update_stage().rest_api_id(id).stage_name(STAGE).patch_operations(logging).send().await.unwrap();
        }
    }
    pair(ids)
}

async fn seed_http_apis(config: &SdkConfig) -> [String; 2] {
    use aws_sdk_apigatewayv2::types::{AccessLogSettings, ProtocolType};
    let apigateway = aws_sdk_apigatewayv2::Client::new(config);
    let mut ids = Vec::new();
    for name in [LOGGED_HTTP_API, UNLOGGED_HTTP_API] {
        let api = apigateway.create_api().name(name).protocol_type(ProtocolType::Http).send().await.unwrap();
        ids.push(api.api_id().unwrap().to_owned());
        let mut stage = apigateway.create_stage().api_id(api.api_id().unwrap()).stage_name(STAGE);
        if name == LOGGED_HTTP_API {
            let destination = format!("arn:aws:logs:us-east-1:{OWN_ACCOUNT}:log-group:api-access");
            stage = stage.access_log_settings(
                AccessLogSettings::builder().destination_arn(destination).format("$context.requestId").build(),
            );
        }
        stage.send().await.unwrap();
    }
    pair(ids)
}

async fn seed_distributions(config: &SdkConfig, log_bucket: &str) -> [String; 2] {
    use aws_sdk_cloudfront::types::{
        DefaultCacheBehavior, DistributionConfig, LoggingConfig, Origin, Origins, S3OriginConfig, ViewerProtocolPolicy,
    };
    let cloudfront = aws_sdk_cloudfront::Client::new(config);
    let mut arns = Vec::new();
    for (comment, logged) in [(LOGGED_DISTRIBUTION, true), (UNLOGGED_DISTRIBUTION, false)] {
        let origin = Origin::builder()
            .id("bucket")
            .domain_name(format!("{log_bucket}.s3.amazonaws.com"))
            .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
            .build()
            .unwrap();
        let behavior = DefaultCacheBehavior::builder()
            .target_origin_id("bucket")
            .viewer_protocol_policy(if logged {
                ViewerProtocolPolicy::HttpsOnly
            } else {
                ViewerProtocolPolicy::AllowAll
            })
            .build()
            .unwrap();
        let logging = LoggingConfig::builder()
            .enabled(logged)
            .include_cookies(false)
            .bucket(if logged { format!("{log_bucket}.s3.amazonaws.com") } else { String::new() })
            .prefix("")
            .build();
        let distribution = DistributionConfig::builder()
            .caller_reference(comment)
            .comment(comment)
            .enabled(true)
            .origins(Origins::builder().quantity(1).items(origin).build().unwrap())
            .default_cache_behavior(behavior)
            .logging(logging)
            .build()
            .unwrap();
        let created = cloudfront.create_distribution().distribution_config(distribution).send().await.unwrap();
        arns.push(created.distribution().unwrap().arn().to_owned());
    }
    pair(arns)
}
