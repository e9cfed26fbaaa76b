//! `cargo xtask codegen [--check]`: generates the conversions from AWS SDK output types to
//! the JSON the AWS CLI prints, into `crates/collector/src/generated/<service>.rs`.
//!
//! Two sources are read side by side:
//! - the botocore service models (`service-2.json.gz`) and paginators, for the wire member
//!   names (`VpcId`, `QRCodePNG`) and for how the CLI merges pages;
//! - the AWS SDK for Rust crates' sources, for the Rust field and type names.
//!
//! Only members both sides know are converted, so version skew between botocore and the SDK
//! drops a member (listed at the end of the generated file) instead of breaking the build.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::{Result, project_root, write_or_check};

// The collector's operation table, from the format crate: the collector cannot be a
// dependency, as it includes the code generated here. Codegen reads the services and names.
use stance_snapshot::operations::OPERATIONS;

/// The botocore release whose models the generated code was made from. CI installs this one.
pub const BOTOCORE_VERSION: &str = "1.43.11";

/// A service the collector calls; its operations are those of the collector's table.
struct Service {
    /// The snapshot's service name, as in `OPERATIONS` (`S3Control`); lowercased, the generated
    /// module's name.
    name: &'static str,
    /// botocore's directory name under `botocore/data`.
    botocore: &'static str,
    /// The SDK crate.
    krate: &'static str,
    /// The AWS CLI command (`s3api` for S3).
    cli: &'static str,
}

impl Service {
    fn module(&self) -> String {
        self.name.to_lowercase()
    }

    /// The operations collected from this service, in the table's order.
    fn operations(&self) -> impl Iterator<Item = &'static str> {
        OPERATIONS.iter().filter(move |op| op.service == self.name).map(|op| op.name)
    }
}

/// Every service the collector calls. Adding an operation to `OPERATIONS` and running codegen
/// gives its conversion.
const SERVICES: &[Service] = &[
    Service { name: "STS", botocore: "sts", krate: "aws-sdk-sts", cli: "sts" },
    Service { name: "IAM", botocore: "iam", krate: "aws-sdk-iam", cli: "iam" },
    Service { name: "EC2", botocore: "ec2", krate: "aws-sdk-ec2", cli: "ec2" },
    Service { name: "S3", botocore: "s3", krate: "aws-sdk-s3", cli: "s3api" },
    Service { name: "S3Control", botocore: "s3control", krate: "aws-sdk-s3control", cli: "s3control" },
    Service { name: "CloudTrail", botocore: "cloudtrail", krate: "aws-sdk-cloudtrail", cli: "cloudtrail" },
    Service { name: "CloudWatchLogs", botocore: "logs", krate: "aws-sdk-cloudwatchlogs", cli: "logs" },
    Service { name: "CloudWatch", botocore: "cloudwatch", krate: "aws-sdk-cloudwatch", cli: "cloudwatch" },
    Service { name: "SNS", botocore: "sns", krate: "aws-sdk-sns", cli: "sns" },
    Service { name: "ConfigService", botocore: "config", krate: "aws-sdk-config", cli: "configservice" },
    Service { name: "KMS", botocore: "kms", krate: "aws-sdk-kms", cli: "kms" },
    Service {
        name: "AccessAnalyzer",
        botocore: "accessanalyzer",
        krate: "aws-sdk-accessanalyzer",
        cli: "accessanalyzer",
    },
    Service { name: "SecurityHub", botocore: "securityhub", krate: "aws-sdk-securityhub", cli: "securityhub" },
    Service { name: "Organizations", botocore: "organizations", krate: "aws-sdk-organizations", cli: "organizations" },
    Service { name: "Account", botocore: "account", krate: "aws-sdk-account", cli: "account" },
    Service { name: "Macie2", botocore: "macie2", krate: "aws-sdk-macie2", cli: "macie2" },
    Service { name: "RDS", botocore: "rds", krate: "aws-sdk-rds", cli: "rds" },
    Service { name: "EFS", botocore: "efs", krate: "aws-sdk-efs", cli: "efs" },
    Service { name: "SQS", botocore: "sqs", krate: "aws-sdk-sqs", cli: "sqs" },
    Service { name: "Lambda", botocore: "lambda", krate: "aws-sdk-lambda", cli: "lambda" },
    Service { name: "Glacier", botocore: "glacier", krate: "aws-sdk-glacier", cli: "glacier" },
    Service { name: "EventBridge", botocore: "events", krate: "aws-sdk-eventbridge", cli: "events" },
    Service {
        name: "SecretsManager",
        botocore: "secretsmanager",
        krate: "aws-sdk-secretsmanager",
        cli: "secretsmanager",
    },
    Service { name: "CloudFront", botocore: "cloudfront", krate: "aws-sdk-cloudfront", cli: "cloudfront" },
    Service { name: "ELBv2", botocore: "elbv2", krate: "aws-sdk-elasticloadbalancingv2", cli: "elbv2" },
    Service { name: "APIGateway", botocore: "apigateway", krate: "aws-sdk-apigateway", cli: "apigateway" },
    Service { name: "ApiGatewayV2", botocore: "apigatewayv2", krate: "aws-sdk-apigatewayv2", cli: "apigatewayv2" },
];

/// Operations the SDK paginates and botocore does not, with the list member the pages are
/// merged on. The CLI prints such an operation's first page with its `NextToken`; stance
/// collects every page, and the merged list is what the CLI's pages give together.
const SDK_ONLY_PAGINATORS: &[(&str, &str)] =
    &[("ListAccessPoints", "AccessPointList"), ("ListMultiRegionAccessPoints", "AccessPoints")];

/// Operations botocore paginates and the SDK does not: the collector follows their `NextToken`
/// itself, and the pages are merged as botocore's paginator says.
/// (`GetApis` and `GetStages`: API Gateway v2's; v1's GetStages is paginated by neither.)
const COLLECTOR_PAGINATED: &[&str] = &["DescribeVpcEndpointServices", "GetApis", "GetStages"];

/// Operations with a token that neither botocore nor the SDK paginates, with the list member
/// the pages are merged on: the CLI prints the first page and its token; the collector follows
/// the token and merges every page.
const UNPAGINATED_WITH_TOKEN: &[(&str, &str)] = &[("ListEventBuses", "EventBuses")];

/// Model shapes the AWS CLI decodes rather than printing as they come: IAM policy documents
/// arrive URL-encoded and are printed as JSON.
const POLICY_DOCUMENT_SHAPES: &[&str] = &["policyDocumentType"];

pub fn run(check: bool) -> Result<()> {
    let botocore = botocore_data_dir()?;
    let sdk_dirs = sdk_source_dirs()?;
    let out_dir = project_root().join("crates/collector/src/generated");
    if let Some(op) = OPERATIONS.iter().find(|op| !SERVICES.iter().any(|service| service.name == op.service)) {
        return Err(format!("{} {}: {} is not in codegen's SERVICES", op.service, op.name, op.service).into());
    }
    let mut files = BTreeMap::new();
    for service in SERVICES {
        let sdk_dir = sdk_dirs.get(service.krate).ok_or_else(|| format!("{} is not a dependency", service.krate))?;
        let code = generate_service(service, &botocore, sdk_dir)?;
        files.insert(format!("{}.rs", service.module()), code);
    }
    files.insert("mod.rs".to_owned(), generate_mod());
    fs::create_dir_all(&out_dir)?;
    for (name, code) in &files {
        write_or_check(&out_dir.join(name), &rustfmt(code)?, check)?;
    }
    Ok(())
}

fn generate_mod() -> String {
    let mut out = String::from(HEADER);
    writeln!(out, "//! Conversions of AWS SDK outputs to AWS CLI JSON, from botocore {BOTOCORE_VERSION}.\n").unwrap();
    for service in SERVICES {
        writeln!(out, "pub mod {};", service.module()).unwrap();
    }
    out
}

const HEADER: &str = "// @generated by `cargo xtask codegen`. Do not edit.\n";

fn botocore_data_dir() -> Result<PathBuf> {
    let output = Command::new("python3")
        .args(["-c", "import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))"])
        .output()
        .map_err(|e| format!("cannot run python3 to find botocore: {e}"))?;
    let text = String::from_utf8(output.stdout)?;
    let mut lines = text.lines();
    let (Some(version), Some(dir)) = (lines.next(), lines.next()) else {
        return Err(format!("botocore is not installed: pip install botocore=={BOTOCORE_VERSION}").into());
    };
    if version != BOTOCORE_VERSION {
        return Err(format!(
            "botocore {version} is installed, codegen is pinned to {BOTOCORE_VERSION}: pip install botocore=={BOTOCORE_VERSION}"
        )
        .into());
    }
    Ok(Path::new(dir).join("data"))
}

/// The source directory of each SDK crate in the lock file, from `cargo metadata`.
fn sdk_source_dirs() -> Result<BTreeMap<String, PathBuf>> {
    let output = crate::cargo().args(["metadata", "--format-version", "1", "--locked"]).output()?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)?;
    let mut dirs = BTreeMap::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        let name = package["name"].as_str().unwrap_or_default();
        if name.starts_with("aws-sdk-") {
            let manifest = Path::new(package["manifest_path"].as_str().unwrap_or_default());
            dirs.insert(name.to_owned(), manifest.parent().unwrap().to_owned());
        }
    }
    Ok(dirs)
}

/// The latest model of a botocore service: its `service-2.json.gz` and `paginators-1.json`,
/// each with botocore's `*.sdk-extras.json` merged in, as botocore loads them (S3's extras
/// keep `Owner` in `list-buckets` output, for one).
fn load_model(data: &Path, service: &str) -> Result<(Value, Value, String)> {
    let dir = data.join(service);
    let mut versions: Vec<_> =
        fs::read_dir(&dir)?.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    versions.sort();
    let version = versions.pop().ok_or_else(|| format!("no model under {}", dir.display()))?;
    let dir = dir.join(&version);
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(dir.join("service-2.json.gz"))?).read_to_string(&mut text)?;
    let mut model = serde_json::from_str(&text)?;
    let mut paginators = match fs::read_to_string(dir.join("paginators-1.json")) {
        Ok(text) => serde_json::from_str(&text)?,
        Err(_) => Value::Null,
    };
    for (base, extras) in [(&mut model, "service-2.sdk-extras.json"), (&mut paginators, "paginators-1.sdk-extras.json")]
    {
        if let Ok(text) = fs::read_to_string(dir.join(extras)) {
            let extras: Value = serde_json::from_str(&text)?;
            merge(base, &extras["merge"]);
        }
    }
    Ok((model, paginators, version))
}

/// Merges `extra` into `base`, object members recursively, as botocore merges its extras.
fn merge(base: &mut Value, extra: &Value) {
    match (base, extra) {
        (Value::Object(base), Value::Object(extra)) => {
            for (key, value) in extra {
                merge(base.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (base, extra) => *base = extra.clone(),
    }
}

/// A Rust struct or enum of an SDK crate, as read from its source.
enum SdkType {
    /// Public fields: (field name without `r#`, written name, type text).
    Struct(Vec<(String, String, String)>),
    /// A string enum with `as_str`.
    Enum,
    /// A union (an enum with data): its variants and their types; the CLI prints the member set.
    Union(Vec<(String, String)>),
}

/// Reads the public structs and enums of `dir/src/types` and `dir/src/operation/*`, keyed by
/// Rust path below the crate (`types::Vpc`, `operation::describe_vpcs::DescribeVpcsOutput`).
fn read_sdk_types(dir: &Path) -> Result<BTreeMap<String, SdkType>> {
    let mut types = BTreeMap::new();
    let mut files = vec![];
    for entry in fs::read_dir(dir.join("src/types"))?.flatten() {
        files.push(("types".to_owned(), entry.path()));
    }
    for entry in fs::read_dir(dir.join("src/operation"))?.flatten() {
        if entry.path().is_dir() {
            let module = format!("operation::{}", entry.file_name().to_string_lossy());
            for file in fs::read_dir(entry.path())?.flatten() {
                if file.file_name().to_string_lossy().ends_with("_output.rs") {
                    files.push((module.clone(), file.path()));
                }
            }
        }
    }
    for (module, path) in files {
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path)?;
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if let Some(name) = line.strip_prefix("pub struct ").and_then(|rest| rest.strip_suffix(" {}")) {
                types.insert(format!("{module}::{name}"), SdkType::Struct(vec![]));
            } else if let Some(name) = line.strip_prefix("pub struct ").and_then(|rest| rest.strip_suffix(" {")) {
                let mut fields = vec![];
                for line in lines.by_ref().take_while(|line| *line != "}") {
                    if let Some((field, ty)) = line.strip_prefix("    pub ").and_then(|rest| rest.split_once(": ")) {
                        let ty = ty.trim_end_matches(',').to_owned();
                        fields.push((field.trim_start_matches("r#").to_owned(), field.to_owned(), ty));
                    }
                }
                types.insert(format!("{module}::{name}"), SdkType::Struct(fields));
            } else if let Some(name) = line.strip_prefix("pub enum ").and_then(|rest| rest.strip_suffix(" {")) {
                let variants: Vec<(String, String)> = lines
                    .by_ref()
                    .take_while(|line| *line != "}")
                    .filter_map(|line| line.strip_prefix("    ")?.strip_suffix("),")?.split_once('('))
                    .map(|(variant, ty)| (variant.to_owned(), ty.to_owned()))
                    .collect();
                let kind = if text.contains("pub fn as_str(&self) -> &str") {
                    SdkType::Enum
                } else {
                    SdkType::Union(variants)
                };
                types.insert(format!("{module}::{name}"), kind);
            }
        }
    }
    Ok(types)
}

/// `DescribeVpcs` → `describevpcs`: names compared without case or underscores.
fn squash(name: &str) -> String {
    name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// The `crate::types::X` a field's type refers to, if any (`Option<Vec<crate::types::Tag>>` → `Tag`).
fn referenced_type(ty: &str) -> Option<&str> {
    let start = ty.find("crate::types::")? + "crate::types::".len();
    let rest = &ty[start..];
    Some(&rest[..rest.find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(rest.len())])
}

struct Generator<'a> {
    shapes: &'a serde_json::Map<String, Value>,
    sdk: &'a BTreeMap<String, SdkType>,
    /// SDK type path → model shape, for every type reached so far.
    pending: Vec<(String, String)>,
    done: BTreeSet<String>,
    /// SDK type path → its `impl ToCli`, so the output order is stable.
    impls: BTreeMap<String, String>,
    skipped: Vec<String>,
    uses_policy_documents: bool,
}

impl Generator<'_> {
    /// Emits `impl ToCli` for the SDK type at `path`, whose model shape is `shape`.
    fn emit(&mut self, path: &str, shape_name: &str) -> Result<()> {
        let shape = &self.shapes[shape_name];
        match self.sdk.get(path) {
            Some(SdkType::Enum) => {
                let code = format!(
                    "\nimpl ToCli for sdk::{path} {{\n    fn to_cli(&self) -> Option<Value> {{\n        Some(Value::String(self.as_str().to_owned()))\n    }}\n}}\n"
                );
                self.impls.insert(path.to_owned(), code);
            }
            Some(SdkType::Union(variants)) => {
                let members = shape["members"].as_object().cloned().unwrap_or_default();
                let mut arms = String::new();
                for (member_name, member) in &members {
                    let Some((variant, ty)) =
                        variants.iter().find(|(variant, _)| squash(variant) == squash(member_name))
                    else {
                        self.skipped.push(format!("{shape_name}.{member_name} (not in the SDK)"));
                        continue;
                    };
                    if !self.follow(ty, member, shape_name, member_name) {
                        continue;
                    }
                    writeln!(
                        arms,
                        "            sdk::{path}::{variant}(value) => put(&mut out, {member_name:?}, value),"
                    )
                    .unwrap();
                }
                let code = format!(
                    "\nimpl ToCli for sdk::{path} {{\n    fn to_cli(&self) -> Option<Value> {{\n        let mut out = Map::new();\n        match self {{\n{arms}            _ => return None,\n        }}\n        Some(Value::Object(out))\n    }}\n}}\n"
                );
                self.impls.insert(path.to_owned(), code);
            }
            Some(SdkType::Struct(fields)) => {
                let members = shape["members"].as_object().cloned().unwrap_or_default();
                let mut body = String::new();
                let mut seen_fields = BTreeSet::new();
                for (member_name, member) in &members {
                    let Some((field, written, ty)) =
                        fields.iter().find(|(field, _, _)| squash(field) == squash(member_name))
                    else {
                        self.skipped.push(format!("{shape_name}.{member_name} (not in the SDK)"));
                        continue;
                    };
                    seen_fields.insert(field.clone());
                    if !self.follow(ty, member, shape_name, member_name) {
                        continue;
                    }
                    let target = member["shape"].as_str().unwrap_or_default();
                    let put = if POLICY_DOCUMENT_SHAPES.contains(&target) {
                        self.uses_policy_documents = true;
                        "put_policy_document"
                    } else {
                        "put"
                    };
                    writeln!(body, "        {put}(&mut out, {member_name:?}, &self.{written});").unwrap();
                }
                for (field, _, _) in fields {
                    if !seen_fields.contains(field) {
                        self.skipped.push(format!("{shape_name}.{field} (not in the botocore model)"));
                    }
                }
                let binding = if body.is_empty() { "out" } else { "mut out" };
                let code = format!(
                    "\nimpl ToCli for sdk::{path} {{\n    fn to_cli(&self) -> Option<Value> {{\n        let {binding} = Map::new();\n{body}        Some(Value::Object(out))\n    }}\n}}\n"
                );
                self.impls.insert(path.to_owned(), code);
            }
            None => return Err(format!("{path}: not found in the SDK").into()),
        }
        Ok(())
    }

    /// Queues the SDK type a member's Rust type `ty` refers to, if any, for emitting; false (and
    /// the member skipped) when the SDK has no such type.
    fn follow(&mut self, ty: &str, member: &Value, shape_name: &str, member_name: &str) -> bool {
        let Some(referenced) = referenced_type(ty) else { return true };
        let target = self.target_shape(member["shape"].as_str().unwrap_or_default());
        let sdk_path = format!("types::{referenced}");
        if !self.sdk.contains_key(&sdk_path) {
            self.skipped.push(format!("{shape_name}.{member_name} (SDK type {referenced} not found)"));
            return false;
        }
        if self.done.insert(sdk_path.clone()) {
            self.pending.push((sdk_path, target));
        }
        true
    }

    /// Follows lists and maps down to the structure or enum shape they hold.
    fn target_shape(&self, name: &str) -> String {
        let shape = &self.shapes[name];
        match shape["type"].as_str() {
            Some("list") => self.target_shape(shape["member"]["shape"].as_str().unwrap_or_default()),
            Some("map") => self.target_shape(shape["value"]["shape"].as_str().unwrap_or_default()),
            _ => name.to_owned(),
        }
    }
}

fn generate_service(service: &Service, botocore: &Path, sdk_dir: &Path) -> Result<String> {
    let (model, paginators, api_version) = load_model(botocore, service.botocore)?;
    let sdk = read_sdk_types(sdk_dir)?;
    let shapes = model["shapes"].as_object().ok_or("model has no shapes")?;
    let sdk_version = sdk_dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut generator = Generator {
        shapes,
        sdk: &sdk,
        pending: vec![],
        done: BTreeSet::new(),
        impls: BTreeMap::new(),
        skipped: vec![],
        uses_policy_documents: false,
    };
    let mut functions = String::new();
    for operation in service.operations() {
        let op = &model["operations"][operation];
        let module = sdk
            .keys()
            .filter_map(|path| path.strip_prefix("operation::"))
            .find_map(|rest| rest.split_once("::").filter(|(module, _)| squash(module) == squash(operation)))
            .map(|(module, _)| module.to_owned())
            .ok_or_else(|| format!("{}: no SDK module for {operation}", service.krate))?;
        let output_path = sdk
            .keys()
            .find(|path| path.starts_with(&format!("operation::{module}::")) && path.ends_with("Output"))
            .cloned()
            .ok_or_else(|| format!("{}: no output type for {operation}", service.krate))?;
        let output_shape = op["output"]["shape"].as_str();
        match output_shape {
            Some(shape) => {
                generator.done.insert(output_path.clone());
                generator.pending.push((output_path.clone(), shape.to_owned()));
            }
            None => {
                writeln!(functions, "\n/// {operation} returns no data.\npub fn {module}(_pages: &[sdk::{output_path}]) -> Value {{\n    Value::Object(Map::new())\n}}").unwrap();
                continue;
            }
        }
        let sdk_only = SDK_ONLY_PAGINATORS.iter().chain(UNPAGINATED_WITH_TOKEN).find(|(name, _)| *name == operation);
        let sdk_only_pagination = sdk_only.map(|(_, key)| serde_json::json!({"result_key": key}));
        let pagination = sdk_only_pagination.as_ref().unwrap_or(&paginators["pagination"][operation]);
        let keys = |field: &str| -> Vec<String> {
            match &pagination[field] {
                Value::String(key) => vec![key.clone()],
                Value::Array(keys) => keys.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect(),
                _ => vec![],
            }
        };
        // The collector pages through what the SDK paginates, and the conversion merges pages
        // as botocore's paginator says: the two must agree, or pages would be lost or unmerged.
        let sdk_paginates = sdk_dir.join("src/operation").join(&module).join("paginator.rs").is_file();
        if sdk_paginates && pagination.is_null() {
            return Err(format!(
                "{operation}: {sdk_version} paginates it but botocore {BOTOCORE_VERSION} has no paginator for it"
            )
            .into());
        }
        let collector_paginates = COLLECTOR_PAGINATED.contains(&operation)
            || UNPAGINATED_WITH_TOKEN.iter().any(|(name, _)| *name == operation);
        if !sdk_paginates && !pagination.is_null() && !collector_paginates {
            return Err(
                format!("{operation}: botocore {BOTOCORE_VERSION} paginates it but {sdk_version} does not").into()
            );
        }
        let (result_keys, non_aggregate_keys) = (keys("result_key"), keys("non_aggregate_keys"));
        if result_keys
            .iter()
            .chain(&non_aggregate_keys)
            .any(|key| !key.split('.').all(|part| !part.is_empty() && part.chars().all(char::is_alphanumeric)))
        {
            return Err(format!("{operation}: paginator keys other than dotted paths are not supported").into());
        }
        let doc = if pagination.is_null() {
            format!(
                "/// {operation}, as `aws {} {}` prints it.",
                service.cli,
                stance_testkit::cli_command_name(operation)
            )
        } else {
            format!(
                "/// {operation}, all pages merged as `aws {} {}` merges them.",
                service.cli,
                stance_testkit::cli_command_name(operation)
            )
        };
        writeln!(
            functions,
            "\n{doc}\npub fn {module}(pages: &[sdk::{output_path}]) -> Value {{\n    merge_pages(pages, {})\n}}",
            if pagination.is_null() {
                "None".to_owned()
            } else {
                format!("Some((&{result_keys:?}, &{non_aggregate_keys:?}))")
            }
        )
        .unwrap();
    }
    while let Some((path, shape)) = generator.pending.pop() {
        generator.emit(&path, &shape)?;
    }
    let mut out = String::from(HEADER);
    writeln!(
        out,
        "//! {key}: botocore {BOTOCORE_VERSION} model {botocore}/{api_version}, {sdk_version}.\n\n#![allow(clippy::all)]\n// The CLI prints deprecated members too.\n#![allow(deprecated)]\n\nuse {krate} as sdk;\nuse serde_json::{{Map, Value}};\n\nuse crate::cli_json::{{{imports}}};",
        key = service.module(),
        botocore = service.botocore,
        krate = service.krate.replace('-', "_"),
        imports = if generator.uses_policy_documents {
            "ToCli, merge_pages, put, put_policy_document"
        } else {
            "ToCli, merge_pages, put"
        },
    )
    .unwrap();
    out.push_str(&functions);
    out.extend(generator.impls.into_values());
    generator.skipped.sort();
    generator.skipped.dedup();
    if !generator.skipped.is_empty() {
        out.push_str("\n// Members one side lacks, not converted:\n");
        for skipped in &generator.skipped {
            writeln!(out, "// - {skipped}").unwrap();
        }
    }
    Ok(out)
}

/// Formats generated code as `cargo fmt` would, so that formatting never makes it stale.
fn rustfmt(code: &str) -> Result<String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--config-path"])
        .arg(project_root().join("rustfmt.toml"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    child.stdin.take().expect("stdin is piped").write_all(code.as_bytes())?;
    let output = child.wait_with_output()?;
    if !output.status.success() {
        return Err(format!("rustfmt failed on generated code: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(String::from_utf8(output.stdout)?)
}
