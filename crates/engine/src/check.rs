//! What a check is: its metadata, declared next to its logic with [`declare_check!`], and the
//! function that runs it.

use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use crate::context::{Context, Findings};
use crate::settings::SettingInfo;

/// One check. Each lives in its own file under `checks/<service>/` as a `pub(crate) static CHECK`,
/// declared with [`declare_check!`].
pub struct Check {
    /// The id users type (`--plugin=rootAccountInUse`); the same as CloudSploit's where one exists.
    pub id: &'static str,
    pub title: &'static str,
    /// The service module the check lives in.
    pub category: Category,
    pub severity: Severity,
    /// The check's doc comment: the description, then `## ` sections (`## Remediation`).
    docs: &'static str,
    /// The source file, relative to the workspace root.
    pub source_file: &'static str,
    /// Other tools' ids for the same check (`--plugin` accepts them), and whether stance
    /// decides as that tool does.
    pub aliases: &'static [Alias],
    /// The snapshot calls the check reads; `scan --plugin` collects only these, and the check's
    /// context serves no other.
    pub reads: &'static [CallId],
    /// The settings the check reads.
    pub settings: &'static [&'static SettingInfo],
    /// Looks at the snapshot and reports one finding per resource.
    pub run: fn(&Context, &mut Findings),
    /// The family the check is a member of, if it is one of many checks over one logic,
    /// declared together with [`declare_family!`].
    pub family: Option<&'static Family>,
    text: OnceLock<Text>,
}

/// Checks declared together in one file over one logic (the "open to the internet" checks),
/// with shared fixtures (`fixtures/families/<name>/`).
#[derive(Debug)]
pub struct Family {
    /// The family's file stem under `checks/<service>/`, and its fixture directory's name.
    pub name: &'static str,
    /// A paragraph every member's description ends with: what the family's logic decides.
    pub docs: &'static str,
}

/// The prose of a check, taken from its doc comment.
struct Text {
    description: String,
    remediation: String,
}

impl Check {
    /// A check with the required metadata; the optional keys of [`declare_check!`] are the
    /// builder methods below.
    #[allow(clippy::too_many_arguments)] // Called by `declare_check!` only.
    pub const fn new(
        id: &'static str,
        title: &'static str,
        category: Category,
        severity: Severity,
        docs: &'static str,
        source_file: &'static str,
        reads: &'static [CallId],
        run: fn(&Context, &mut Findings),
    ) -> Check {
        Check {
            id,
            title,
            category,
            severity,
            docs,
            source_file,
            aliases: &[],
            reads,
            settings: &[],
            run,
            family: None,
            text: OnceLock::new(),
        }
    }

    pub const fn aliases(mut self, aliases: &'static [Alias]) -> Check {
        self.aliases = aliases;
        self
    }

    /// Whether `id` names this check: its id or one of its aliases.
    pub fn is_named(&self, id: &str) -> bool {
        self.id == id || self.aliases.iter().any(|alias| alias.id == id)
    }

    pub const fn settings(mut self, settings: &'static [&'static SettingInfo]) -> Check {
        self.settings = settings;
        self
    }

    pub const fn family(mut self, family: &'static Family) -> Check {
        self.family = Some(family);
        self
    }

    /// What the check looks at and why it matters: the doc comment's first section.
    pub fn description(&'static self) -> &'static str {
        &self.text().description
    }

    /// How to fix a failure: the doc comment's `## Remediation` section.
    pub fn remediation(&'static self) -> &'static str {
        &self.text().remediation
    }

    fn text(&'static self) -> &'static Text {
        self.text.get_or_init(|| Text {
            description: match self.family {
                Some(family) => format!("{}\n\n{}", section(self.docs, None), section(family.docs, None)),
                None => section(self.docs, None),
            },
            remediation: section(self.docs, Some("Remediation")),
        })
    }
}

impl fmt::Debug for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check").field("id", &self.id).finish_non_exhaustive()
    }
}

/// The text of a doc comment's section: the part before the first `## ` heading (`None`) or
/// under `## {heading}`. Lines are joined with spaces; blank lines separate paragraphs.
fn section(docs: &str, heading: Option<&str>) -> String {
    let mut inside = heading.is_none();
    let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
    for line in docs.lines().map(str::trim) {
        if let Some(title) = line.strip_prefix("## ") {
            inside = heading == Some(title.trim());
            continue;
        }
        if !inside {
            continue;
        }
        match paragraphs.last_mut() {
            Some(current) if line.is_empty() => {
                if !current.is_empty() {
                    paragraphs.push(Vec::new());
                }
            }
            Some(current) => current.push(line),
            None => unreachable!("there is always a paragraph"),
        }
    }
    paragraphs.iter().filter(|lines| !lines.is_empty()).map(|lines| lines.join(" ")).collect::<Vec<_>>().join("\n\n")
}

/// Another tool's id for a check. Today every alias is Prowler's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub id: &'static str,
    #[serde(flatten)]
    pub agreement: Agreement,
}

impl Alias {
    pub const fn new(id: &'static str, agreement: Agreement) -> Alias {
        Alias { id, agreement }
    }
}

/// Whether stance decides as the tool of an alias does, on the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "decides", content = "why", rename_all = "lowercase")]
pub enum Agreement {
    /// The same verdicts.
    Same,
    /// Other verdicts in some cases: which, and why stance's follow AWS.
    Differently(&'static str),
}

/// A snapshot call, as keyed in the snapshot: service and operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CallId {
    pub service: &'static str,
    pub operation: &'static str,
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.service, self.operation)
    }
}

/// A snapshot call together with the typed view its data is read as, so that a check cannot
/// pair a call with the wrong struct, and every check reading the call shares one parse.
pub struct Call<T> {
    pub id: CallId,
    view: PhantomData<fn() -> T>,
}

impl<T> Call<T> {
    pub const fn new(service: &'static str, operation: &'static str) -> Call<T> {
        Call { id: CallId { service, operation }, view: PhantomData }
    }
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Call<T> {}

impl<T> Serialize for Call<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.id.serialize(serializer)
    }
}

/// The service group a check reports under, as CloudSploit users filter on it. A check's
/// category is its service module's `CATEGORY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Category {
    #[serde(rename = "IAM")]
    Iam,
    /// EC2, VPC networking included.
    #[serde(rename = "EC2")]
    Ec2,
    #[serde(rename = "S3")]
    S3,
    #[serde(rename = "CloudTrail")]
    CloudTrail,
    #[serde(rename = "CloudWatch")]
    CloudWatch,
    #[serde(rename = "CloudWatchLogs")]
    CloudWatchLogs,
    #[serde(rename = "SNS")]
    Sns,
    /// AWS Config.
    #[serde(rename = "ConfigService")]
    ConfigService,
    #[serde(rename = "KMS")]
    Kms,
    #[serde(rename = "SecurityHub")]
    SecurityHub,
    #[serde(rename = "Organizations")]
    Organizations,
    /// AWS Account Management (contacts).
    #[serde(rename = "Account")]
    Account,
    #[serde(rename = "Macie")]
    Macie,
    #[serde(rename = "RDS")]
    Rds,
    #[serde(rename = "EFS")]
    Efs,
    #[serde(rename = "SQS")]
    Sqs,
    #[serde(rename = "Lambda")]
    Lambda,
    /// S3 Glacier vaults.
    #[serde(rename = "Glacier")]
    Glacier,
    #[serde(rename = "EventBridge")]
    EventBridge,
    #[serde(rename = "Secrets Manager")]
    SecretsManager,
    #[serde(rename = "CloudFront")]
    CloudFront,
    /// Application, network and gateway load balancers.
    #[serde(rename = "ELBv2")]
    Elbv2,
    /// REST APIs and, through API Gateway v2, HTTP and WebSocket APIs.
    #[serde(rename = "API Gateway")]
    ApiGateway,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// Declares a check: `pub(crate) static CHECK`, in a file under `checks/<service>/`.
///
/// - The doc comment is the check's documentation: its first section is the description, and
///   its `## Remediation` section the remediation.
/// - `id`, `title`, `severity`, `reads` and `run` (alone, for the file's `fn run`, or
///   `run: FUNCTION`) are required, in that order; the optional keys that may follow, in this
///   order, are [`Check`]'s builder methods, so a new optional key touches no existing check:
///   - `settings: [SETTING, …]`;
///   - `aliases: [("prowler_id", Same), ("other_id", Differently("why")), …]` ([`Agreement`]).
/// - The category is the service module's `CATEGORY`.
/// - Which compliance controls the check evaluates is not its metadata: the programme files
///   (`crates/engine/compliance/`, [`crate::compliance`]) map controls to checks.
///
/// ```ignore
/// declare_check! {
///     /// Ensures … .
///     ///
///     /// ## Remediation
///     /// Turn … on.
///     pub(crate) CHECK {
///         id: "openSSH",
///         title: "Open SSH",
///         severity: High,
///         reads: [DESCRIBE_SECURITY_GROUPS],
///         run,
///         aliases: [("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", Same)],
///     }
/// }
/// ```
macro_rules! declare_check {
    (
        $(#[doc = $doc:literal])+
        $vis:vis $name:ident {
            id: $id:literal,
            title: $title:literal,
            severity: $severity:ident,
            reads: [$($read:expr),+ $(,)?],
            $run_key:ident $(: $run:expr)?
            $(, family: $family:expr)?
            $(, settings: [$($setting:expr),* $(,)?])?
            $(, aliases: [$(($alias:literal, $($agreement:tt)+)),* $(,)?])?
            $(,)?
        }
    ) => {
        $vis static $name: $crate::check::Check = $crate::check::Check::new(
            $id,
            $title,
            super::CATEGORY,
            $crate::check::Severity::$severity,
            concat!($($doc, "\n"),+),
            file!(),
            &[$($read.id),+],
            $crate::check::declare_check!(@run $run_key $($run)?),
        )
        $(.family(&$family))?
        $(.settings(&[$(&$setting.info),*]))?
        $(.aliases(&[$($crate::check::Alias::new($alias, $crate::check::Agreement::$($agreement)+)),*]))?;
    };
    // `run` alone names the file's `fn run`.
    (@run $run_key:ident) => { $run_key };
    (@run $run_key:ident $run:expr) => { $run };
}

pub(crate) use declare_check;

/// Declares a family of checks over one logic, in one file under `checks/<service>/` named
/// after the family: each member is a module holding its `CHECK`, whose `run` calls the
/// family's `run` with the member's parameter.
///
/// ```ignore
/// declare_family! {
///     family: FAMILY,                    // a `Family` static, named like the file
///     reads: [DESCRIBE_SECURITY_GROUPS],  // every member's reads
///     settings: [SKIP_UNUSED],            // every member's settings
///     run: judge,                         // fn(&Context, &mut Findings, &Param)
///     param: Param,                       // the type of each member's parameter
///     members: {
///         /// Ensures … (the member's description and `## Remediation`).
///         pub(crate) mod open_ssh(Param { … }) {
///             id: "openSSH",
///             title: "Open SSH",
///             severity: High,
///             aliases: […],             // the optional keys of `declare_check!` after settings
///         }
///     }
/// }
/// ```
///
/// `cargo xtask registry` registers each member (`<service>::<family>::<module>::CHECK`); a
/// member module is named after its id, as a check file is.
macro_rules! declare_family {
    (
        family: $family:path,
        reads: $reads:tt,
        settings: $settings:tt,
        run: $run:path,
        param: $param_type:ty,
        members: {
            $(
                $(#[doc = $doc:literal])+
                $vis:vis mod $module:ident($param:expr) {
                    id: $id:literal,
                    title: $title:literal,
                    severity: $severity:ident
                    $(, $($rest:tt)*)?
                }
            )+
        }
    ) => {
        $(
            $vis mod $module {
                #[allow(unused_imports)]
                use super::*;

                $crate::check::declare_check! {
                    $(#[doc = $doc])+
                    pub(crate) CHECK {
                        id: $id,
                        title: $title,
                        severity: $severity,
                        reads: $reads,
                        run,
                        family: $family,
                        settings: $settings
                        $(, $($rest)*)?
                    }
                }

                static PARAM: $param_type = $param;

                fn run(ctx: &$crate::context::Context, findings: &mut $crate::context::Findings) {
                    $run(ctx, findings, &PARAM)
                }
            }
        )+
    };
}

pub(crate) use declare_family;

#[cfg(test)]
mod tests {
    use super::section;

    const DOCS: &str = " Ensures one thing\n and another.\n\n A second paragraph.\n\n ## Remediation\n Fix\n it.\n\n ## Examples\n none\n";

    #[test]
    fn doc_sections_are_joined_lines_and_paragraphs() {
        assert_eq!(section(DOCS, None), "Ensures one thing and another.\n\nA second paragraph.");
        assert_eq!(section(DOCS, Some("Remediation")), "Fix it.");
        assert_eq!(section(DOCS, Some("Examples")), "none");
        assert_eq!(section(DOCS, Some("Missing")), "");
    }
}
