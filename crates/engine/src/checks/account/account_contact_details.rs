use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::{GET_ALTERNATE_CONTACT, GET_CONTACT_INFORMATION};

/// The alternate contact types, as `GetAlternateContact` keys them.
const ALTERNATE_TYPES: [&str; 3] = ["BILLING", "OPERATIONS", "SECURITY"];

declare_check! {
    /// Ensures AWS can reach the people responsible for the account: its primary contact
    /// (`GetContactInformation`) has a name and a phone number, and its billing, operations
    /// and security alternate contacts (`GetAlternateContact`) are registered with an email
    /// address. The account passes when all are there and fails naming what is missing. CIS 2.2
    /// asks that the details be *current*, which no data can tell: the message says so, and
    /// the review stays a person's.
    ///
    /// Prowler always answers MANUAL without reading the contacts; stance judges what the data
    /// can show, that the contacts exist.
    ///
    /// ## Remediation
    /// Review the contacts in the console's Account page, or with `aws account
    /// get-contact-information`; add the missing alternate contacts with `aws account
    /// put-alternate-contact --alternate-contact-type BILLING|OPERATIONS|SECURITY …`.
    pub(crate) CHECK {
        id: "accountContactDetails",
        title: "Account Contact Details",
        severity: Medium,
        reads: [GET_CONTACT_INFORMATION, GET_ALTERNATE_CONTACT],
        run,
        aliases: [(
            "account_maintain_current_contact_details",
            Differently("Prowler always answers MANUAL; stance checks that the primary and the three alternate contacts are registered")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let arn = ctx.arn("account", "", "account");
    let account = ctx.account_id();
    let mut missing = Vec::new();
    match ctx.read_configured(GET_CONTACT_INFORMATION, GLOBAL_REGION) {
        Ok(primary) => {
            let present = |value: &Option<String>| value.as_deref().is_some_and(|value| !value.trim().is_empty());
            let contact = &primary.contact_information;
            if !present(&contact.full_name) {
                missing.push("the primary contact's name");
            }
            if !present(&contact.phone_number) {
                missing.push("the primary contact's phone number");
            }
        }
        Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
    }
    for kind in ALTERNATE_TYPES {
        match ctx.read_resource(GET_ALTERNATE_CONTACT, kind).1 {
            Ok(Some(contact)) if contact.alternate_contact.email_address.as_deref().is_some_and(|e| !e.is_empty()) => {}
            Ok(_) => missing.push(match kind {
                "BILLING" => "a billing contact",
                "OPERATIONS" => "an operations contact",
                _ => "a security contact",
            }),
            Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
        }
    }
    if missing.is_empty() {
        findings.ok(
            arn,
            GLOBAL_REGION,
            format!(
                "Account {account} has a primary contact and billing, operations and security contacts (whether they are current is for a person to confirm)"
            ),
        );
    } else {
        let last = missing.pop().unwrap_or_default();
        let list = if missing.is_empty() { last.to_owned() } else { format!("{} and {last}", missing.join(", ")) };
        findings.fail(arn, GLOBAL_REGION, format!("Account {account} lacks {list}"));
    }
}
