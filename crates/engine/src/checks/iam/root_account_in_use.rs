use crate::check::{Category, Check, Framework, Setting, Severity};
use crate::context::{Context, Findings, plural};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

pub(crate) static CHECK: Check = Check {
    id: "rootAccountInUse",
    title: "Root Account In Use",
    category: Category::Iam,
    severity: Severity::High,
    description: "Ensures the root user's password and access keys have not been used recently. \
                  The root user has unrestricted access to the account; everyday work belongs to IAM identities.",
    remediation: "Stop using the root user: create IAM users or roles for administration and lock the root \
                  credentials away, with MFA.",
    compliance: &[Framework::Hipaa, Framework::Pci, Framework::Cis1],
    cis_controls: &["1.7"],
    reads: &[GET_CREDENTIAL_REPORT],
    settings: &[DAYS],
    run,
};

const DAYS: Setting = Setting {
    name: "root_account_in_use_days",
    default: 15,
    description: "Use of the root user within this many days before collection fails the check.",
};

fn run(ctx: &Context, findings: &mut Findings) {
    let days = ctx.setting(&DAYS);
    iam::with_root(ctx, findings, |root, findings| match root.last_used() {
        None => findings.ok(&root.arn, "global", "The root user has never been used"),
        Some(used) => {
            let ago = (ctx.now().as_second() - used.as_second()).max(0) / 86_400;
            if ago < days {
                findings.fail(
                    &root.arn,
                    "global",
                    format!("The root user was used {} ago (limit: {days})", plural(ago, "day")),
                )
            } else {
                findings.ok(
                    &root.arn,
                    "global",
                    format!("The root user was last used {} ago (limit: {days})", plural(ago, "day")),
                )
            }
        }
    });
}
