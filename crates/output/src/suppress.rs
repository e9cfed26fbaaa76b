//! Suppressions: rules that mute results a team has accepted, with a reason, for a time.
//!
//! Two forms. CloudSploit's `--suppress=pluginId:region:resourceId` (repeatable), where each
//! part is a glob and `*` is anything; and a TOML file of rules:
//!
//! ```toml
//! [[suppress]]
//! check = "openSSH"                  # a check id or Prowler alias; a glob (`open*`)
//! account = "123456789012"           # optional, a glob
//! region = "eu-*"                    # optional, a glob
//! resource = "arn:aws:ec2:*:*:security-group/sg-0bastion*"   # optional, a glob
//! tags = { Environment = "sandbox" } # optional: every tag must be on the resource (values are globs)
//! reason = "bastion host, reviewed by security in 2026-05"   # required
//! expires = 2026-12-31               # optional: the rule applies through this day
//! ```
//!
//! TOML rather than YAML: `--settings` files are TOML already; TOML has dates of its own, so
//! `expires` is a date and not a string that might be one; and it has none of YAML's implicit
//! typing (`NO` read as false, `1e3` as a number), which in a file that decides what stays
//! hidden would turn a typo into a silent change.
//!
//! A suppressed result stays in every output, marked with its rule and reason, and does not
//! count for the exit code. A rule past its date stops applying and is reported; so is a rule
//! that matched nothing (stale), since it may have a typo; `--strict` makes either an error.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};
use jiff::civil::Date;
use serde::Deserialize;
use stance_engine::{CheckResult, Suppression};
use toml::Spanned;

use crate::Tags;

/// A suppression that could not be read, or, under `--strict`, rules that are expired or stale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SuppressionError {
    /// A malformed suppression file: where, and what.
    #[error("{path}:{line}:{column}: {message}")]
    File { path: String, line: usize, column: usize, message: String },
    #[error("cannot read the suppression file {path}: {message}")]
    Read { path: String, message: String },
    /// A malformed `--suppress` value.
    #[error("--suppress {text:?}: {message}")]
    Flag { text: String, message: String },
    /// With `--strict`: every expired and stale rule, one per line.
    #[error("suppression rules need attention (--strict):\n{}", .0.join("\n"))]
    Strict(Vec<String>),
}

/// A rule past its `expires` date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiredRule {
    /// The rule (`FILE:LINE`).
    pub rule: String,
    pub expires: Date,
    /// How many results it would have muted.
    pub would_match: usize,
}

/// What the rules did, once every result has been through them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SuppressionReport {
    /// Results muted.
    pub suppressed: usize,
    /// Rules past their date, which muted nothing.
    pub expired: Vec<ExpiredRule>,
    /// Rules in force that matched no result.
    pub stale: Vec<String>,
}

impl SuppressionReport {
    /// One line per expired and stale rule, for stderr.
    pub fn warnings(&self) -> Vec<String> {
        let expired = self.expired.iter().map(|rule| {
            format!(
                "suppression rule {} expired on {}; it no longer applies ({} result{} it matches)",
                rule.rule,
                rule.expires,
                rule.would_match,
                if rule.would_match == 1 { "" } else { "s" }
            )
        });
        let stale = self
            .stale
            .iter()
            .map(|rule| format!("suppression rule {rule} matched no result; it may be stale or have a typo"));
        expired.chain(stale).collect()
    }

    /// Under `strict`, an error if any rule is expired or stale.
    pub fn check(&self, strict: bool) -> Result<(), SuppressionError> {
        let warnings = self.warnings();
        if strict && !warnings.is_empty() { Err(SuppressionError::Strict(warnings)) } else { Ok(()) }
    }
}

/// The suppression rules of a run, in the order given: the first that matches a result mutes
/// it.
#[derive(Debug)]
pub struct Suppressions {
    rules: Vec<Rule>,
    today: Date,
    suppressed: usize,
}

#[derive(Debug)]
struct Rule {
    check: GlobMatcher,
    account: Option<GlobMatcher>,
    region: Option<GlobMatcher>,
    resource: Option<GlobMatcher>,
    tags: Vec<(String, GlobMatcher)>,
    expires: Option<Date>,
    suppression: Arc<Suppression>,
    matched: usize,
}

/// A suppression file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    suppress: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    check: Spanned<String>,
    account: Option<Spanned<String>>,
    region: Option<Spanned<String>>,
    resource: Option<Spanned<String>>,
    #[serde(default)]
    tags: BTreeMap<String, Spanned<String>>,
    reason: Spanned<String>,
    expires: Option<Spanned<toml::value::Datetime>>,
}

impl Suppressions {
    /// No rules yet; `today` decides which rules have expired.
    pub fn new(today: Date) -> Suppressions {
        Suppressions { rules: Vec::new(), today, suppressed: 0 }
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Adds CloudSploit's `pluginId:region:resourceId`, each part a glob (`*` is anything).
    /// The resource is the rest of the text, colons and all, as ARNs have them.
    pub fn add_flag(&mut self, text: &str) -> Result<(), SuppressionError> {
        let error = |message: String| SuppressionError::Flag { text: text.to_owned(), message };
        let mut parts = text.splitn(3, ':');
        let (Some(check), Some(region), Some(resource)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(error("expected pluginId:region:resourceId, with * for any part".to_owned()));
        };
        if [check, region, resource].iter().any(|part| part.is_empty()) {
            return Err(error("no part may be empty; * matches anything".to_owned()));
        }
        let glob = |pattern: &str| glob(pattern).map_err(&error);
        self.rules.push(Rule {
            check: glob(check)?,
            account: None,
            region: Some(glob(region)?),
            resource: Some(glob(resource)?),
            tags: Vec::new(),
            expires: None,
            suppression: Arc::new(Suppression {
                rule: format!("--suppress={text}"),
                reason: "suppressed on the command line (--suppress)".to_owned(),
            }),
            matched: 0,
        });
        Ok(())
    }

    /// Adds the rules of the suppression file at `path`.
    pub fn add_file(&mut self, path: &Path) -> Result<(), SuppressionError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| SuppressionError::Read { path: path.display().to_string(), message: error.to_string() })?;
        self.add_toml(&text, &path.display().to_string())
    }

    /// Adds the rules of a suppression file's `text`; `name` names the file in errors and in
    /// each rule (`NAME:LINE`). Nothing is added if any rule is malformed.
    pub fn add_toml(&mut self, text: &str, name: &str) -> Result<(), SuppressionError> {
        let at = |offset: usize, message: String| {
            let (line, column) = line_column(text, offset);
            SuppressionError::File { path: name.to_owned(), line, column, message }
        };
        let file: RuleFile = toml::from_str(text)
            .map_err(|e| at(e.span().map_or(0, |span| span.start), e.message().trim().to_owned()))?;
        let mut rules = Vec::with_capacity(file.suppress.len());
        for raw in file.suppress {
            let line = line_column(text, raw.span().start).0;
            let raw = raw.into_inner();
            let glob =
                |field: &Spanned<String>| glob(field.get_ref()).map_err(|message| at(field.span().start, message));
            let optional = |field: &Option<Spanned<String>>| field.as_ref().map(glob).transpose();
            let reason = raw.reason.get_ref().trim();
            if reason.is_empty() {
                return Err(at(raw.reason.span().start, "the reason is empty: say why the finding is accepted".into()));
            }
            let expires = match &raw.expires {
                None => None,
                Some(date) => Some(match (date.get_ref().date, date.get_ref().time) {
                    (Some(day), None) => Date::new(day.year as i16, day.month as i8, day.day as i8)
                        .map_err(|e| at(date.span().start, format!("expires: {e}")))?,
                    _ => return Err(at(date.span().start, "expires must be a date, such as 2026-12-31".to_owned())),
                }),
            };
            let tags = raw
                .tags
                .iter()
                .map(|(key, value)| Ok((key.clone(), glob(value)?)))
                .collect::<Result<Vec<_>, SuppressionError>>()?;
            rules.push(Rule {
                check: glob(&raw.check)?,
                account: optional(&raw.account)?,
                region: optional(&raw.region)?,
                resource: optional(&raw.resource)?,
                tags,
                expires,
                suppression: Arc::new(Suppression { rule: format!("{name}:{line}"), reason: reason.to_owned() }),
                matched: 0,
            });
        }
        self.rules.extend(rules);
        Ok(())
    }

    /// Marks each of `results` that a rule in force matches as suppressed by the first such
    /// rule, and counts every rule's matches; `tags` are the resources' tags.
    pub fn apply(&mut self, results: &mut [CheckResult], tags: &Tags) {
        if self.rules.is_empty() {
            return;
        }
        for result in results {
            let resource_tags = tags.get(&result.resource);
            for rule in &mut self.rules {
                if !rule.matches(result, resource_tags) {
                    continue;
                }
                rule.matched += 1;
                let in_force = rule.expires.is_none_or(|expires| self.today <= expires);
                if in_force && result.suppressed.is_none() {
                    result.suppressed = Some(rule.suppression.clone());
                    self.suppressed += 1;
                }
            }
        }
    }

    /// What the rules did.
    pub fn report(&self) -> SuppressionReport {
        let mut report = SuppressionReport { suppressed: self.suppressed, ..SuppressionReport::default() };
        for rule in &self.rules {
            match rule.expires {
                Some(expires) if self.today > expires => report.expired.push(ExpiredRule {
                    rule: rule.suppression.rule.clone(),
                    expires,
                    would_match: rule.matched,
                }),
                _ if rule.matched == 0 => report.stale.push(rule.suppression.rule.clone()),
                _ => {}
            }
        }
        report
    }
}

impl Rule {
    fn matches(&self, result: &CheckResult, tags: Option<&BTreeMap<String, String>>) -> bool {
        let check = result.check;
        let named = self.check.is_match(check.id) || check.aliases.iter().any(|alias| self.check.is_match(alias.id));
        let optional = |glob: &Option<GlobMatcher>, value: &str| glob.as_ref().is_none_or(|glob| glob.is_match(value));
        named
            && optional(&self.account, &result.account)
            && optional(&self.region, &result.region)
            && optional(&self.resource, &result.resource)
            && self
                .tags
                .iter()
                .all(|(key, value)| tags.and_then(|tags| tags.get(key)).is_some_and(|actual| value.is_match(actual)))
    }
}

/// A glob where `*` matches anything, `/` and `:` included; `?`, `[abc]` and `{a,b}` work too.
fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    let glob: Glob = GlobBuilder::new(pattern)
        .literal_separator(false)
        .build()
        .map_err(|e| format!("bad pattern {pattern:?}: {}", e.kind()))?;
    Ok(glob.compile_matcher())
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use stance_engine::{REGISTRY, Status, check_by_id};

    use super::*;

    fn today() -> Date {
        Date::new(2026, 6, 1).unwrap()
    }

    fn result(check: &str, region: &str, resource: &str) -> CheckResult {
        CheckResult {
            check: check_by_id(check).unwrap(),
            resource: resource.to_owned(),
            region: region.to_owned(),
            status: Status::Fail,
            message: String::new(),
            account: "123456789012".into(),
            suppressed: None,
            baseline: None,
        }
    }

    const SG: &str = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-1";

    #[test]
    fn cloudsploit_form_with_wildcards() {
        let mut rules = Suppressions::new(today());
        rules.add_flag("openSSH:*:arn:aws:ec2:*:*:security-group/sg-1").unwrap();
        rules.add_flag("rootAccountInUse:global:*").unwrap();
        let mut results = [result("openSSH", "eu-west-1", SG), result("openRDP", "eu-west-1", SG)];
        rules.apply(&mut results, &Tags::default());
        let suppression = results[0].suppressed.as_ref().unwrap();
        assert_eq!(suppression.rule, "--suppress=openSSH:*:arn:aws:ec2:*:*:security-group/sg-1");
        assert!(results[1].suppressed.is_none());
        let report = rules.report();
        assert_eq!(report.suppressed, 1);
        assert_eq!(report.stale, ["--suppress=rootAccountInUse:global:*"]);
        assert!(matches!(rules.add_flag("openSSH:eu-west-1"), Err(SuppressionError::Flag { .. })));
        assert!(matches!(rules.add_flag("openSSH::x"), Err(SuppressionError::Flag { .. })));
    }

    #[test]
    fn file_rules_match_aliases_tags_and_expire() {
        let alias = REGISTRY.iter().find_map(|check| check.aliases.first().map(|alias| (check.id, alias.id))).unwrap();
        let text = format!(
            r#"
[[suppress]]
check = "{}"
reason = "accepted"

[[suppress]]
check = "open*"
region = "eu-*"
tags = {{ Environment = "sand*" }}
reason = "sandbox account"

[[suppress]]
check = "openRDP"
reason = "old exception"
expires = 2026-05-31

[[suppress]]
check = "openSSH"
account = "999999999999"
reason = "another account"
expires = 2026-06-01
"#,
            alias.1
        );
        let mut rules = Suppressions::new(today());
        rules.add_toml(&text, "s.toml").unwrap();
        let mut tags = Tags::default();
        tags.insert(SG, BTreeMap::from([("Environment".to_owned(), "sandbox".to_owned())]));
        let mut results = [
            result(alias.0, "global", "arn:aws:iam::123456789012:root"),
            result("openSSH", "eu-west-1", SG),
            result("openSSH", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-2"),
            result("openRDP", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-2"),
        ];
        rules.apply(&mut results, &tags);
        let rules_of: Vec<Option<&str>> =
            results.iter().map(|r| r.suppressed.as_ref().map(|s| s.rule.as_str())).collect();
        assert_eq!(rules_of, [Some("s.toml:2"), Some("s.toml:6"), None, None]);
        assert_eq!(results[1].suppressed.as_ref().unwrap().reason, "sandbox account");
        let report = rules.report();
        assert_eq!(
            report.expired,
            [ExpiredRule { rule: "s.toml:12".into(), expires: Date::new(2026, 5, 31).unwrap(), would_match: 1 }]
        );
        assert_eq!(report.stale, ["s.toml:17"]);
        assert_eq!(report.warnings().len(), 2);
        assert!(report.check(false).is_ok());
        assert!(matches!(report.check(true), Err(SuppressionError::Strict(lines)) if lines.len() == 2));
    }

    #[test]
    fn a_malformed_file_is_one_error_with_line_and_column() {
        let error = |text: &str| Suppressions::new(today()).add_toml(text, "s.toml").unwrap_err().to_string();
        assert_eq!(
            error("[[suppress]]\ncheck = \"openSSH\"\n"),
            "s.toml:1:1: missing field `reason`",
            "a rule without a reason"
        );
        assert!(
            error("[[suppress]]\ncheck = \"openSSH\"\nreason = \"x\"\nregoin = \"eu\"\n")
                .starts_with("s.toml:4:1: unknown field `regoin`")
        );
        assert_eq!(
            error("[[suppress]]\ncheck = \"a\"\nreason = \"  \"\n"),
            "s.toml:3:10: the reason is empty: say why the finding is accepted"
        );
        assert_eq!(
            error("[[suppress]]\ncheck = \"a\"\nreason = \"r\"\nexpires = 2026-01-01T00:00:00Z\n"),
            "s.toml:4:11: expires must be a date, such as 2026-12-31"
        );
        assert_eq!(
            error("[[suppress]]\ncheck = \"a[\"\nreason = \"r\"\n"),
            "s.toml:2:9: bad pattern \"a[\": unclosed character class; missing ']'"
        );
        assert!(error("[[suppress]\n").starts_with("s.toml:1:"));
    }
}
