//! `--baseline`: the results of an earlier run, which a new run's results are compared with, so
//! that only what is new decides the exit code.

use std::collections::HashMap;

use stance_engine::{Baseline, CheckResult, Status};

/// An earlier run's results, by finding id ([`CheckResult::id`]: account, check, region and
/// resource, whatever the message).
#[derive(Debug, Default)]
pub struct BaselineResults {
    statuses: HashMap<String, Status>,
}

impl BaselineResults {
    pub fn new(results: &[CheckResult]) -> BaselineResults {
        BaselineResults { statuses: results.iter().map(|result| (result.id(), result.status)).collect() }
    }

    /// Marks each of `results` `known` when the baseline has its finding in the same status, and
    /// `new` otherwise: a finding the baseline lacks, or had in another status (OK then, FAIL now).
    pub fn mark(&self, results: &mut [CheckResult]) {
        for result in results {
            let known = self.statuses.get(&result.id()) == Some(&result.status);
            result.baseline = Some(if known { Baseline::Known } else { Baseline::New });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use stance_engine::REGISTRY;

    use super::*;

    fn result(resource: &str, status: Status) -> CheckResult {
        CheckResult {
            check: REGISTRY[0],
            resource: resource.to_owned(),
            region: "us-east-1".to_owned(),
            status,
            message: format!("{resource} is {}", status.as_str()),
            account: Arc::from("123456789012"),
            suppressed: None,
            baseline: None,
        }
    }

    #[test]
    fn a_finding_is_known_only_in_the_status_the_baseline_had() {
        let baseline = BaselineResults::new(&[result("a", Status::Fail), result("b", Status::Ok)]);
        let mut now = [result("a", Status::Fail), result("b", Status::Fail), result("c", Status::Fail)];
        // A message that changed does not make a finding new.
        now[0].message = "worded otherwise".to_owned();
        baseline.mark(&mut now);
        let marks: Vec<_> = now.iter().map(|result| result.baseline).collect();
        assert_eq!(marks, [Some(Baseline::Known), Some(Baseline::New), Some(Baseline::New)]);
    }
}
