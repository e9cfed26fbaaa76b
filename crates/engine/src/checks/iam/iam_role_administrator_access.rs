use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity};
use crate::views::iam_grants;

declare_check! {
    /// Ensures no IAM role has the AWS-managed AdministratorAccess policy attached: whoever the
    /// role's trust policy admits, and any code running as the role, gets full administrator
    /// access. A role with the policy attached fails; when the role has a permissions boundary,
    /// IAM allows only what both the policy and the boundary allow, so the role warns instead,
    /// unless the boundary itself allows every action. Other roles pass. Service-linked roles
    /// are not judged: AWS defines their permissions, and no policy can be attached to them.
    ///
    /// Prowler skips every role whose trust policy names only AWS services, on the grounds that
    /// users cannot modify them; that holds only for service-linked roles. A role trusted by
    /// ec2.amazonaws.com or lambda.amazonaws.com is the customer's own, and hands its permissions
    /// to whatever code runs on the instance or in the function, so stance judges it. Prowler
    /// also matches the policy by name and ignores permissions boundaries; stance matches the
    /// AWS-managed policy by its ARN and reads the boundary.
    ///
    /// ## Remediation
    /// Detach AdministratorAccess from the role and attach policies for what its holders do. Keep
    /// administrator roles few, assumable only by named principals with MFA.
    pub(crate) CHECK {
        id: "iamRoleAdministratorAccess",
        title: "IAM Role Administrator Access",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_role_administratoraccess_policy", Differently("Prowler skips roles whose trust policy names only AWS services, though an EC2 or Lambda role passes its permissions to the code it runs, matches the policy by name and ignores permissions boundaries; stance judges every role but service-linked ones, by the AWS-managed policy's ARN, and warns where a permissions boundary limits it")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        for role in details.roles().iter().filter(|role| !role.is_service_linked()) {
            let boundary = role.permissions_boundary.as_ref();
            match iam_grants::administrator_access(ctx, details, Identity::Role(role), boundary) {
                Some((status, message)) => findings.add(status, &role.arn, GLOBAL_REGION, message),
                None => findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!(
                        "Role {} does not have the AWS-managed AdministratorAccess policy attached",
                        role.role_name
                    ),
                ),
            }
        }
    });
}
