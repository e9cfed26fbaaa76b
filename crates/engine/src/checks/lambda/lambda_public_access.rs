use crate::analysis::resource_policy::report_public;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::lambda::{GET_POLICY, LIST_FUNCTIONS};

declare_check! {
    /// Ensures no Lambda function's resource policy lets everyone invoke or manage it. A function
    /// fails when an Allow statement names everyone (`"*"`, `{"AWS": "*"}`, `{"Service": "*"}`,
    /// `arn:aws:iam::*:root`, or NotPrincipal) and neither one of its conditions nor a Deny of the
    /// policy confines it, and passes when every such grant is confined, or there is none, or the
    /// function has no resource policy (GetPolicy's `ResourceNotFoundException`). A condition
    /// confines when it tests with fixed values (a positive operator, no catch-all value) a key
    /// that names the caller, its account, organization, network or source (`aws:SourceArn`,
    /// `aws:SourceAccount`, `aws:PrincipalOrgID`, `aws:SourceVpce`, …). A function URL grant
    /// (`lambda:InvokeFunctionUrl` to `"*"` conditioned only on `lambda:FunctionUrlAuthType`)
    /// fails: the auth type says how callers sign in, not who they are, and with `NONE` anyone on
    /// the internet can call the URL.
    ///
    /// CloudSploit ignores Effect and Condition, so it fails a Deny to everyone and an Allow to
    /// everyone limited by `aws:SourceArn` (the usual S3 or SNS trigger permission); the IAM
    /// policy evaluation logic makes neither of them public, so both pass here. Prowler counts any
    /// value of its condition keys as restricting, even `*`; here a wildcard confines nothing.
    /// Where GetPolicy fails with anything but "no policy", Prowler reports nothing and stance
    /// UNKNOWN.
    ///
    /// ## Remediation
    /// Remove the statement granting to everyone (`aws lambda remove-permission --function-name …
    /// --statement-id …`) and grant to the account or service that needs it, with `--source-arn`
    /// or `--source-account` for service principals.
    pub(crate) CHECK {
        id: "lambdaPublicAccess",
        title: "Lambda Public Access",
        severity: High,
        reads: [LIST_FUNCTIONS, GET_POLICY],
        run,
        aliases: [
            ("awslambda_function_not_publicly_accessible", Differently("Prowler counts any value of its condition keys as restricting, even \"*\", and gives no result when GetPolicy fails; stance counts only fixed values under positive operators, by the IAM reference's condition semantics, and reports UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(LIST_FUNCTIONS, findings, |region, data, findings| {
        for function in &data.functions {
            let arn = function.function_arn.as_str();
            let policy = ctx.read_resource(GET_POLICY, arn).1;
            let label = format!("Lambda function {}", function.function_name);
            report_public(
                findings,
                arn,
                region,
                &label,
                policy
                    .as_ref()
                    .map(|policy| policy.as_ref().map(|policy| policy.policy.as_str()))
                    .map_err(Clone::clone),
                &[],
            );
        }
    });
}
