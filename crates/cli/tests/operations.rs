//! The checks and the collector agree on the calls: `scan --plugin` collects only what the
//! selected checks read, so a read the collector never makes would leave a check UNKNOWN.

use stance_collector::OPERATIONS;
use stance_engine::REGISTRY;

#[test]
fn every_call_a_check_reads_is_an_operation_of_the_collector() {
    let mut reads = 0;
    for check in REGISTRY {
        for call in check.reads {
            assert!(
                OPERATIONS.iter().any(|op| op.service == call.service && op.name == call.operation),
                "{} reads {} {}, which is not in the collector's OPERATIONS",
                check.id,
                call.service,
                call.operation
            );
            reads += 1;
        }
    }
    assert!(reads > 0, "no check declares a read");
}
