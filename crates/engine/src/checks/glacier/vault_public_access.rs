use crate::analysis::resource_policy::report_public;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{Setting, StringList};
use crate::views::glacier::{GET_VAULT_ACCESS_POLICY, LIST_VAULTS};

static GLACIER_CONDITION_KEYS: Setting<StringList> = Setting::new(
    "glacier_vault_policy_condition_keys",
    "aws:PrincipalArn,aws:PrincipalAccount,aws:PrincipalOrgID,aws:SourceOwner,aws:SourceArn,aws:SourceAccount",
    "Condition keys, comma-separated, whose fixed values confine an S3 Glacier vault policy statement granted to everyone, besides the global keys that name the caller or its network (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID, ...), which always do.",
);

declare_check! {
    /// Ensures no S3 Glacier vault's access policy lets everyone use it. A vault fails when an
    /// Allow statement names everyone (`"*"`, `{"AWS": "*"}`, `arn:aws:iam::*:root` or another
    /// wildcard, or NotPrincipal) and neither one of its conditions nor a Deny of the policy
    /// confines it; it passes when every such grant is confined, or there is none, or the vault
    /// has no access policy (GetVaultAccessPolicy's `ResourceNotFoundException`). A condition
    /// confines when it tests with fixed values (a positive operator, no catch-all value) a key
    /// that names the caller, its account, organization or network, or a key of
    /// glacier_vault_policy_condition_keys, CloudSploit's setting, which here can add keys but not
    /// take away the global ones.
    ///
    /// Prowler ignores conditions entirely, so it fails every Allow to everyone, even one confined
    /// to an account or organization; by the IAM policy evaluation logic such a grant reaches only
    /// those callers, so it passes here, as in CloudSploit. CloudSploit gives no result for a vault
    /// whose policy cannot be read, or for a region whose vaults cannot be listed; stance reports
    /// UNKNOWN.
    ///
    /// ## Remediation
    /// Name the accounts that need the vault in its access policy, or confine the grant with a
    /// condition (`aws:PrincipalOrgID`, `aws:SourceVpce`): `aws glacier set-vault-access-policy`.
    pub(crate) CHECK {
        id: "vaultPublicAccess",
        title: "S3 Glacier Vault Public Access",
        severity: Medium,
        reads: [LIST_VAULTS, GET_VAULT_ACCESS_POLICY],
        run,
        settings: [GLACIER_CONDITION_KEYS],
        aliases: [
            ("glacier_vaults_policy_public_access", Differently("Prowler ignores conditions and fails every Allow to everyone; stance passes one confined by a restricting condition, which by the IAM policy evaluation logic reaches only the callers it names")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let keys = ctx.setting(&GLACIER_CONDITION_KEYS).items();
    ctx.each_region(LIST_VAULTS, findings, |region, data, findings| {
        for vault in &data.vault_list {
            let arn = vault.vault_arn.as_str();
            let policy = ctx.read_resource(GET_VAULT_ACCESS_POLICY, arn).1;
            let label = format!("S3 Glacier vault {}", vault.vault_name);
            let text = policy.as_ref().map(|policy| policy.as_ref().map(|policy| policy.policy.policy.as_str()));
            report_public(findings, arn, region, &label, text.map_err(Clone::clone), keys);
        }
    });
}
