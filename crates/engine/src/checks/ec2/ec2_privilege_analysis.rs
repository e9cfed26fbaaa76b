use stance_snapshot::GLOBAL_REGION;

use crate::analysis::{instances, role_privilege};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;

declare_check! {
    /// Ensures no instance runs with a role that grants administrator access or a way to raise
    /// its own privileges: anyone who compromises the instance (a vulnerable service, or a
    /// request forged to its metadata service) gets the role's credentials. Each instance that
    /// is not terminated is judged on the role of its instance profile, found in
    /// GetAccountAuthorizationDetails by the profile's ARN: it fails when the role's identity
    /// policies (inline and attached, at their default versions, taken together) allow every
    /// action on every resource, or open one of the policy module's privilege-escalation paths
    /// (writing or attaching policies, a new policy version, another user's keys, passing a
    /// role to a service that runs code, and the others), naming which and through which
    /// policies; it passes when they grant neither, and an instance without an instance profile
    /// passes. A grant of every action that an unconditioned Deny narrows, or a NotAction grant
    /// that leaves out part of IAM (PowerUserAccess), warns when no escalation path is open. An
    /// instance whose profile no role lists (a profile without a role, or one changed after IAM
    /// was read), or whose role's policies or boundary cannot be read, is UNKNOWN, as is every
    /// instance with a profile when the authorization details are missing or denied.
    ///
    /// A permissions boundary caps what the role's policies grant, as IAM's evaluation does and
    /// as the IAM checks of the house read it: administrator access limited by a boundary that
    /// does not itself allow everything warns, and an escalation path counts only when the
    /// boundary opens it too. Service control policies and session policies are not in the
    /// snapshot and are not weighed.
    ///
    /// CloudSploit's `ec2PrivilegeAnalysis` is a placeholder: it reads no API and reports
    /// nothing. stance gives the id the meaning its name promises, from data it already
    /// collects. Prowler has no check of this property: its `ec2_instance_profile_attached`
    /// asks only whether a profile is attached, and
    /// `ec2_instance_internet_facing_with_instance_profile` whether a public instance has one
    /// (stance's `instanceIamRole` and `publicInstanceProfile`).
    ///
    /// ## Remediation
    /// Give the instance's role only the permissions its workload needs: detach administrator
    /// policies, remove `iam:PassRole` on `*` and IAM write actions, or set a permissions
    /// boundary that excludes them. Require IMDSv2 so that the credentials are harder to steal.
    pub(crate) CHECK {
        id: "ec2PrivilegeAnalysis",
        title: "EC2 Privilege Analysis",
        severity: High,
        reads: [DESCRIBE_INSTANCES, GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let mut details = None;
    instances::each_instance(ctx, findings, "instances", instances::is_live, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        let Some(profile) = &instance.iam_instance_profile else {
            return findings.ok(arn, region, format!("Instance {id} has no instance profile"));
        };
        let name = instances::profile_name(&profile.arn);
        let details = match details
            .get_or_insert_with(|| ctx.read_configured(GET_ACCOUNT_AUTHORIZATION_DETAILS, GLOBAL_REGION))
        {
            Ok(details) => details,
            Err(reason) => {
                let reason =
                    Unknown::new(format!("Instance {id} (instance profile {name}) cannot be judged: {reason}"));
                return findings.unknown(arn, region, &reason);
            }
        };
        let Some(role) = instances::role_of_profile(details, &profile.arn) else {
            let reason = Unknown::new(format!(
                "Instance {id} has the instance profile {name}, which no role in GetAccountAuthorizationDetails lists (a profile without a role, or one changed after IAM was read)"
            ));
            return findings.unknown(arn, region, &reason);
        };
        match role_privilege::of_role(details, role, ctx.partition()) {
            Ok(privilege) => {
                let (status, detail) = privilege.verdict();
                let message =
                    format!("Instance {id} has the role {} (instance profile {name}), which {detail}", role.role_name);
                findings.add(status, arn, region, message);
            }
            Err(reason) => {
                let reason = Unknown::new(format!(
                    "Instance {id} has the role {} (instance profile {name}), which cannot be judged: {reason}",
                    role.role_name
                ));
                findings.unknown(arn, region, &reason);
            }
        }
    });
}
