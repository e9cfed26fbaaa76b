use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::whole_days;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::iam_lists::LIST_SERVER_CERTIFICATES;

declare_check! {
    /// Ensures the SSL/TLS server certificates stored in IAM are neither expired nor about to
    /// expire: an expired certificate still attached to a load balancer or CloudFront breaks
    /// every client's connection, and one left stored is clutter that can be deployed by
    /// mistake. Each certificate is judged by the whole days left from collection to its
    /// `Expiration`: more than certificate_expiry_pass (default 45) passes, more than
    /// certificate_expiry_warn (default 30) warns, and that many or fewer, or an expiry already
    /// past, fails.
    ///
    /// Prowler fails only certificates already expired; stance keeps CloudSploit's early
    /// warning, with CloudSploit's setting names. CloudSploit rounds the days left to the
    /// nearest day, so it passes a certificate expiring within the next twelve hours (while
    /// calling it expired) and counts 45 days and 13 hours as 46; stance counts whole days, so
    /// less than a day left fails like any count under the warn threshold. A certificate whose
    /// `Expiration` IAM does not give is UNKNOWN rather than skipped.
    ///
    /// ## Remediation
    /// Upload a renewed certificate (or move to AWS Certificate Manager), switch the load
    /// balancers and distributions that use the old one, then delete the old one with
    /// `aws iam delete-server-certificate`.
    pub(crate) CHECK {
        id: "certificateExpiry",
        title: "Certificate Expiry",
        severity: Low,
        reads: [LIST_SERVER_CERTIFICATES],
        run,
        settings: [PASS_DAYS, WARN_DAYS],
        aliases: [
            ("iam_no_expired_server_certificates_stored", Differently("Prowler fails only certificates already past their expiry; stance also fails those expiring within certificate_expiry_warn days (default 30) and warns up to certificate_expiry_pass days (default 45)")),
        ],
    }
}

static PASS_DAYS: Setting<i64> = Setting::new(
    "certificate_expiry_pass",
    "45",
    "A server certificate with more than this many whole days left before its expiry, counted from collection, passes.",
);

static WARN_DAYS: Setting<i64> = Setting::new(
    "certificate_expiry_warn",
    "30",
    "A server certificate with more than this many whole days left before its expiry (but not more than certificate_expiry_pass) warns; one with fewer fails.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let (pass, warn) = (*ctx.setting(&PASS_DAYS), *ctx.setting(&WARN_DAYS));
    let list = match ctx.read_configured(LIST_SERVER_CERTIFICATES, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    };
    if list.server_certificate_metadata_list.is_empty() {
        return findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM server certificates found");
    }
    let now = ctx.now();
    for certificate in &list.server_certificate_metadata_list {
        let (arn, name) = (certificate.arn.clone(), &certificate.server_certificate_name);
        let Some(expiration) = certificate.expiration else {
            let reason = Unknown::new(format!("IAM ListServerCertificates gave no Expiration for certificate {name}"));
            findings.unknown(arn, GLOBAL_REGION, &reason);
            continue;
        };
        let thresholds = format!("warn: {warn}, pass: {pass}");
        if expiration <= now {
            let ago = plural(whole_days(expiration, now), "day");
            findings.fail(arn, GLOBAL_REGION, format!("Certificate {name} expired {ago} ago"));
            continue;
        }
        let left = whole_days(now, expiration);
        let when = if left == 0 { "less than a day".to_owned() } else { plural(left, "day") };
        let message = format!("Certificate {name} expires in {when} ({thresholds})");
        if left <= warn {
            findings.fail(arn, GLOBAL_REGION, message);
        } else if left <= pass {
            findings.warn(arn, GLOBAL_REGION, message);
        } else {
            findings.ok(arn, GLOBAL_REGION, message);
        }
    }
}
