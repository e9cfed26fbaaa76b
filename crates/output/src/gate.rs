//! The exit decision: which results make `stance` exit 1.

use stance_engine::{Baseline, CheckResult, Severity, Status};

/// Which results decide exit code 1.
///
/// A result counts when it is not suppressed, not `known` from the baseline (`--baseline`), its
/// check's severity is at least `fail_on` (any severity when `None`), and it is FAIL, or with
/// `strict` also WARN or UNKNOWN.
/// CloudSploit's `--exit-code` asks for what stance always does (exit 1 on a FAIL), so it
/// changes nothing here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gate {
    /// `--fail-on=low|medium|high|critical`.
    pub fail_on: Option<Severity>,
    /// `--strict`: WARN and UNKNOWN results count too.
    pub strict: bool,
}

impl Gate {
    /// Whether `result` makes the exit code 1.
    pub fn counts(&self, result: &CheckResult) -> bool {
        let status = match result.status {
            Status::Fail => true,
            Status::Warn | Status::Unknown => self.strict,
            Status::Ok => false,
        };
        status
            && result.suppressed.is_none()
            && result.baseline != Some(Baseline::Known)
            && self.fail_on.is_none_or(|floor| result.check.severity >= floor)
    }

    /// Whether any of `results` makes the exit code 1.
    pub fn fails<'a>(&self, results: impl IntoIterator<Item = &'a CheckResult>) -> bool {
        results.into_iter().any(|result| self.counts(result))
    }
}

/// The severity `--fail-on` names: `low`, `medium`, `high` or `critical`.
pub fn severity_named(name: &str) -> Option<Severity> {
    match name {
        "low" => Some(Severity::Low),
        "medium" => Some(Severity::Medium),
        "high" => Some(Severity::High),
        "critical" => Some(Severity::Critical),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use stance_engine::REGISTRY;

    use super::*;

    fn result(severity: Severity, status: Status, suppressed: bool) -> CheckResult {
        let check = REGISTRY.iter().find(|check| check.severity == severity).expect("a check of each severity");
        CheckResult {
            check,
            resource: "arn:aws:iam::123456789012:root".to_owned(),
            region: "global".to_owned(),
            status,
            message: String::new(),
            account: "123456789012".into(),
            suppressed: suppressed
                .then(|| Arc::new(stance_engine::Suppression { rule: "r".into(), reason: "why".into() })),
            baseline: None,
        }
    }

    #[test]
    fn a_fail_the_baseline_knows_does_not_count() {
        let gate = Gate { fail_on: None, strict: true };
        let mut known = result(Severity::Critical, Status::Fail, false);
        known.baseline = Some(Baseline::Known);
        assert!(!gate.counts(&known));
        let mut new = result(Severity::Critical, Status::Fail, false);
        new.baseline = Some(Baseline::New);
        assert!(gate.counts(&new));
        let mut known_unknown = result(Severity::Critical, Status::Unknown, false);
        known_unknown.baseline = Some(Baseline::Known);
        assert!(!gate.counts(&known_unknown), "with --strict too, only what is new counts");
    }

    #[test]
    fn only_fail_at_or_above_the_floor_counts_and_never_suppressed() {
        let high = Gate { fail_on: Some(Severity::High), strict: false };
        assert!(high.counts(&result(Severity::High, Status::Fail, false)));
        assert!(high.counts(&result(Severity::Critical, Status::Fail, false)));
        assert!(!high.counts(&result(Severity::Medium, Status::Fail, false)));
        assert!(!high.counts(&result(Severity::Critical, Status::Warn, false)));
        assert!(!high.counts(&result(Severity::Critical, Status::Fail, true)));
        let any = Gate::default();
        assert!(any.counts(&result(Severity::Low, Status::Fail, false)));
        assert!(!any.counts(&result(Severity::Low, Status::Unknown, false)));
        assert!(!any.counts(&result(Severity::Low, Status::Ok, false)));
        let strict = Gate { fail_on: Some(Severity::Medium), strict: true };
        assert!(strict.counts(&result(Severity::Medium, Status::Warn, false)));
        assert!(strict.counts(&result(Severity::High, Status::Unknown, false)));
        assert!(!strict.counts(&result(Severity::Low, Status::Warn, false)));
        assert!(!strict.counts(&result(Severity::High, Status::Unknown, true)));
    }

    #[test]
    fn severity_names() {
        assert_eq!(severity_named("critical"), Some(Severity::Critical));
        assert_eq!(severity_named("High"), None);
    }
}
