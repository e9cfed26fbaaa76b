//! Results as JUnit XML (by `quick-junit`): one testsuite per check, one testcase per
//! resource.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use stance_engine::{CheckResult, Status};

/// Writes `results` as JUnit XML: a `<testsuite>` per check (named by its id, in the order of
/// the results), a `<testcase>` per result (named by the resource, with the check's id as
/// class name). OK passes; FAIL is a `<failure>` of type `fail`; WARN a `<failure>` of type
/// `warning`; UNKNOWN an `<error>` of type `unknown`; each with the message. A suppressed
/// result is `<skipped>`, its text naming the rule and reason (the Jenkins schema gives
/// `<skipped>` no attributes).
pub fn write_junit(out: &mut dyn Write, results: &[CheckResult]) -> io::Result<()> {
    let mut report = Report::new("stance");
    let mut suite: Option<TestSuite> = None;
    for result in results {
        if suite.as_ref().is_none_or(|suite| suite.name.as_str() != result.check.id) {
            report.add_test_suites(suite.take());
            suite = Some(TestSuite::new(result.check.id));
        }
        let status = match (&result.suppressed, result.status) {
            (Some(suppression), _) => {
                let mut status = TestCaseStatus::skipped();
                status.set_description(format!(
                    "{}: suppressed by {}: {}",
                    result.status.as_str(),
                    suppression.rule,
                    suppression.reason
                ));
                status
            }
            (None, Status::Ok) => TestCaseStatus::success(),
            (None, status) => {
                let (kind, ty) = match status {
                    Status::Unknown => (NonSuccessKind::Error, "unknown"),
                    Status::Warn => (NonSuccessKind::Failure, "warning"),
                    _ => (NonSuccessKind::Failure, "fail"),
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_message(result.message.as_str()).set_type(ty).set_description(format!(
                    "{} {} in {}: {}",
                    result.status.as_str(),
                    result.resource,
                    result.region,
                    result.message
                ));
                status
            }
        };
        let mut case = TestCase::new(result.resource.as_str(), status);
        case.set_classname(result.check.id);
        suite.as_mut().expect("a suite is open").add_test_case(case);
    }
    report.add_test_suites(suite);
    report.serialize(&mut *out).map_err(io::Error::other)?;
    writeln!(out)
}
