use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::GET_ALTERNATE_CONTACT;

declare_check! {
    /// Ensures the account has a security alternate contact, whom AWS notifies about security
    /// issues in the account (abuse reports, exposed credentials, security bulletins), as CIS
    /// 2.3 and FSBP Account.1 ask. The account passes when `GetAlternateContact` with type
    /// `SECURITY` returns a contact with an email address, and fails when it answers
    /// `ResourceNotFoundException` (none registered) or the contact has no email address.
    ///
    /// Prowler always answers MANUAL, although the data decides the control; stance judges it.
    ///
    /// ## Remediation
    /// `aws account put-alternate-contact --alternate-contact-type SECURITY --name <name>
    /// --title <title> --email-address <address> --phone-number <number>`, with a team address
    /// rather than a person's.
    pub(crate) CHECK {
        id: "accountSecurityContact",
        title: "Account Security Contact",
        severity: Medium,
        reads: [GET_ALTERNATE_CONTACT],
        run,
        aliases: [(
            "account_security_contact_information_is_registered",
            Differently("Prowler always answers MANUAL; stance reads the security alternate contact")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let arn = ctx.arn("account", "", "account");
    let account = ctx.account_id();
    match ctx.read_resource(GET_ALTERNATE_CONTACT, "SECURITY").1 {
        Ok(Some(contact)) => match contact.alternate_contact.email_address.as_deref().filter(|email| !email.is_empty())
        {
            Some(email) => {
                findings.ok(arn, GLOBAL_REGION, format!("Account {account} has a security contact ({email})"))
            }
            None => {
                findings.fail(arn, GLOBAL_REGION, format!("Account {account}'s security contact has no email address"))
            }
        },
        Ok(None) => findings.fail(arn, GLOBAL_REGION, format!("Account {account} has no security contact")),
        Err(reason) => findings.unknown(arn, GLOBAL_REGION, &reason),
    }
}
