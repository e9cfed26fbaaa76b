//! `cargo xtask registry [--check]`: each `checks/<service>/mod.rs` and `checks/registry.rs`,
//! generated from the listing of `crates/engine/src/checks/`. It reads the source files, not the
//! engine, so that it can repair a registry the engine no longer compiles with.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::{Result, project_root, write_or_check};

/// The service directories under `checks/` and their `Category` variants, in `Category`'s order
/// (`crates/engine/src/check.rs`), which is the registry's.
pub const SERVICES: &[(&str, &str)] = &[
    ("iam", "Iam"),
    ("ec2", "Ec2"),
    ("s3", "S3"),
    ("cloudtrail", "CloudTrail"),
    ("cloudwatch", "CloudWatch"),
    ("cloudwatchlogs", "CloudWatchLogs"),
    ("sns", "Sns"),
    ("configservice", "ConfigService"),
    ("kms", "Kms"),
    ("securityhub", "SecurityHub"),
    ("organizations", "Organizations"),
    ("account", "Account"),
    ("macie", "Macie"),
    ("rds", "Rds"),
    ("efs", "Efs"),
    ("sqs", "Sqs"),
    ("lambda", "Lambda"),
    ("glacier", "Glacier"),
    ("eventbridge", "EventBridge"),
    ("secretsmanager", "SecretsManager"),
    ("cloudfront", "CloudFront"),
    ("elbv2", "Elbv2"),
    ("apigateway", "ApiGateway"),
];

/// One check: its file, `checks/<service>/<stem>.rs`, and for a member of a family (a file
/// declaring several checks with `declare_family!`), its module in that file.
pub struct CheckFile {
    /// The index of its service in [`SERVICES`].
    service: usize,
    stem: String,
    /// The member's module, for a family's member.
    member: Option<String>,
    pub id: String,
}

impl CheckFile {
    /// `open_ssh.rs`, or `open_ports.rs (open_ssh)`.
    fn describe(&self) -> String {
        match &self.member {
            Some(member) => format!("checks/{}/{}.rs ({member})", SERVICES[self.service].0, self.stem),
            None => format!("checks/{}/{}.rs", SERVICES[self.service].0, self.stem),
        }
    }
}

pub fn run(check: bool) -> Result<()> {
    let dir = checks_dir();
    let checks = scan(&dir)?;
    for (service, (name, variant)) in SERVICES.iter().enumerate() {
        let mut stems: Vec<&str> =
            checks.iter().filter(|file| file.service == service).map(|file| file.stem.as_str()).collect();
        stems.sort_unstable();
        stems.dedup();
        if !stems.is_empty() {
            write_or_check(&dir.join(name).join("mod.rs"), &render_service(variant, stems), check)?;
        }
    }
    write_or_check(&dir.join("registry.rs"), &render_registry(&checks), check)
}

/// `crates/engine/src/checks`.
pub fn checks_dir() -> PathBuf {
    project_root().join("crates/engine/src/checks")
}

/// The check files under `dir`, by category (the order of [`SERVICES`]), then id. Fails on a
/// directory that is not a service, a file without an id, a file named unlike its id, or an id
/// declared twice.
pub fn scan(dir: &Path) -> Result<Vec<CheckFile>> {
    let mut checks = Vec::new();
    for service_dir in entries(dir)?.into_iter().filter(|path| path.is_dir()) {
        let name = file_name(&service_dir)?;
        let service = SERVICES.iter().position(|(known, _)| *known == name).ok_or_else(|| {
            format!(
                "{}: unknown service {name:?}: add it to SERVICES in xtask/src/registry.rs and to `Category` in \
                 crates/engine/src/check.rs",
                service_dir.display()
            )
        })?;
        let count = checks.len();
        for path in entries(&service_dir)? {
            let stem = file_name(&path)?.strip_suffix(".rs").map(str::to_owned);
            let Some(stem) = stem.filter(|stem| stem != "mod") else { continue };
            let text = std::fs::read_to_string(&path)?;
            if let Some(members) = family_members(&text) {
                if members.is_empty() {
                    return Err(format!("{}: a `declare_family!` without members", path.display()).into());
                }
                for (member, id) in members {
                    if squash(&id) != squash(&member) {
                        return Err(format!(
                            "{}: the member module {member} is named unlike its id {id:?}: rename it to {}",
                            path.display(),
                            snake_case(&id)
                        )
                        .into());
                    }
                    checks.push(CheckFile { service, stem: stem.clone(), member: Some(member), id });
                }
                continue;
            }
            let id = declared_id(&text).ok_or_else(|| {
                format!(
                    "{}: no `id: \"…\"` in a `declare_check!` (each file under checks/<service>/ but mod.rs is one check)",
                    path.display()
                )
            })?;
            if squash(&id) != squash(&stem) {
                return Err(format!(
                    "{}: the file is named unlike its id {id:?}: rename it to {}.rs",
                    path.display(),
                    snake_case(&id)
                )
                .into());
            }
            checks.push(CheckFile { service, stem, member: None, id });
        }
        if checks.len() == count {
            return Err(format!("{}: no checks; remove the directory", service_dir.display()).into());
        }
    }
    let mut seen = BTreeMap::new();
    for file in &checks {
        if let Some(other) = seen.insert(&file.id, file) {
            return Err(format!(
                "the id {:?} is declared by both {} and {}",
                file.id,
                other.describe(),
                file.describe()
            )
            .into());
        }
    }
    checks.sort_by(|a, b| (a.service, &a.id).cmp(&(b.service, &b.id)));
    Ok(checks)
}

/// A directory's entries, sorted by name.
pub fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    paths.sort();
    Ok(paths)
}

fn file_name(path: &Path) -> Result<&str> {
    path.file_name()
        .and_then(|name| name.to_str())
        .ok_or_else(|| format!("{}: not a UTF-8 name", path.display()).into())
}

/// The code from the first `macro_name` on, without comments.
fn code_after(text: &str, macro_name: &str) -> Option<String> {
    Some(
        text[text.find(macro_name)?..]
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The value of the first `id:` key in `code`.
fn first_id(code: &str) -> Option<String> {
    let (at, _) = code.match_indices("id:").find(|(at, _)| {
        !code[..*at]
            .chars()
            .next_back()
            .is_some_and(|before| before.is_alphanumeric() || before == '_' || before == ':')
    })?;
    let value = code[at + "id:".len()..].trim_start().strip_prefix('"')?;
    Some(value[..value.find('"')?].to_owned())
}

/// The value of the first `id:` key after `declare_check!`, outside comments.
fn declared_id(text: &str) -> Option<String> {
    first_id(&code_after(text, "declare_check!")?)
}

/// For a family file (one with a `declare_family!`), each member's module and id: every
/// `mod <name>(` in the macro, and the first `id:` after it.
fn family_members(text: &str) -> Option<Vec<(String, String)>> {
    let code = code_after(text, "declare_family!")?;
    let mut members = Vec::new();
    let starts: Vec<usize> = code
        .match_indices("mod ")
        .map(|(at, _)| at)
        .filter(|&at| !code[..at].chars().next_back().is_some_and(|before| before.is_alphanumeric() || before == '_'))
        .collect();
    for (i, &at) in starts.iter().enumerate() {
        let rest = &code[at + "mod ".len()..starts.get(i + 1).copied().unwrap_or(code.len())];
        let name: String = rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() || !rest.trim_start()[name.len()..].trim_start().starts_with('(') {
            continue;
        }
        if let Some(id) = first_id(rest) {
            members.push((name, id));
        }
    }
    Some(members)
}

fn render_service(variant: &str, stems: Vec<&str>) -> String {
    let mut out = format!(
        "// @generated by `cargo xtask registry` from the files in this directory. Do not edit.\n\n\
         use crate::check::Category;\n\n\
         pub(crate) const CATEGORY: Category = Category::{variant};\n\n"
    );
    for stem in stems {
        writeln!(out, "pub(crate) mod {stem};").unwrap();
    }
    out
}

fn render_registry(checks: &[CheckFile]) -> String {
    let mut out = String::from(
        "// @generated by `cargo xtask registry` from the files under checks/<service>/. Do not edit.\n\
         //! The service modules, and [`REGISTRY`].\n\n\
         use crate::check::Check;\n\n",
    );
    // Sorted by name, as `cargo fmt` sorts module declarations.
    let mut services: Vec<&str> = checks.iter().map(|file| SERVICES[file.service].0).collect();
    services.sort_unstable();
    services.dedup();
    for service in services {
        writeln!(out, "#[path = \"{service}/mod.rs\"]\nmod {service};").unwrap();
    }
    out.push_str("\n/// Every check, by category, then id: the order results are reported in.\npub static REGISTRY: &[&Check] = &[\n");
    for file in checks {
        match &file.member {
            Some(member) => writeln!(out, "    &{}::{}::{member}::CHECK,", SERVICES[file.service].0, file.stem),
            None => writeln!(out, "    &{}::{}::CHECK,", SERVICES[file.service].0, file.stem),
        }
        .unwrap();
    }
    out.push_str("];\n");
    out
}

/// A name lowercased without its non-alphanumerics: a check's id and file stem agree when
/// their squashes do (`openSSH`, `open_ssh`).
fn squash(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The words of a camelCase name: `openSSHPort` → `open`, `SSH`, `Port`; digits stay with the
/// word before them.
pub fn words(name: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    let mut words = Vec::new();
    let mut start = 0;
    for (i, &(at, c)) in chars.iter().enumerate().skip(1) {
        let before = chars[i - 1].1;
        let next_is_lower = chars.get(i + 1).is_some_and(|(_, next)| next.is_lowercase());
        if c.is_uppercase() && (!before.is_uppercase() || next_is_lower) {
            words.push(&name[start..at]);
            start = at;
        }
    }
    words.push(&name[start..]);
    words
}

/// The file stem of a check id: `openSSH` → `open_ssh`.
pub fn snake_case(id: &str) -> String {
    words(id).join("_").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_file_stems_that_squash_alike() {
        for (id, stem) in [
            ("openSSH", "open_ssh"),
            ("openRDP", "open_rdp"),
            ("rootMfaEnabled", "root_mfa_enabled"),
            ("openSSHPort", "open_ssh_port"),
            ("s3Tls12Only", "s3_tls12_only"),
        ] {
            assert_eq!(snake_case(id), stem);
            assert_eq!(squash(id), squash(stem));
        }
    }

    #[test]
    fn the_id_is_the_macros_key_outside_comments() {
        let text = "use x;\n// id: \"no\"\ndeclare_check! {\n    /// Ensures id: \"doc\".\n    pub(crate) CHECK {\n        \
                    id: \"openSSH\",\n        title: \"Open SSH\",\n";
        assert_eq!(declared_id(text).as_deref(), Some("openSSH"));
        assert_eq!(declared_id("fn run() {}"), None);
    }

    #[test]
    fn a_family_lists_its_member_modules_and_ids() {
        let text = "use x;\nmod helpers {}\ndeclare_family! {\n    family: FAMILY,\n    members: {\n        \
                    /// Ensures mod fake( id: \"no\".\n        pub(crate) mod open_ssh(Target::ports(\"SSH\", &[])) {\n            \
                    id: \"openSSH\",\n        }\n        pub(crate) mod open_rdp(Target::every_port()) {\n            \
                    id: \"openRDP\",\n        }\n    }\n}\n";
        let members = family_members(text).unwrap();
        assert_eq!(
            members,
            [("open_ssh".to_owned(), "openSSH".to_owned()), ("open_rdp".to_owned(), "openRDP".to_owned())]
        );
        assert_eq!(family_members("declare_check! {}"), None);
    }
}
