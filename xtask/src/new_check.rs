//! `cargo xtask new-check SERVICE ID [--reads SERVICE:Operation ...]`: a new check's file, from a
//! template that compiles and reports UNKNOWN, its `ok` and `fail` fixtures, and the registry
//! regenerated.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use stance_snapshot::{Account, Snapshot};

use crate::registry::{self, SERVICES, snake_case, words};
use crate::{Result, project_root};

const USAGE: &str = "usage: cargo xtask new-check SERVICE ID [--reads SERVICE:Operation ...]";

/// A call the check reads, and the constant that names it in `views/<module>.rs`.
#[derive(Clone)]
struct Read {
    module: String,
    constant: String,
    service: String,
    operation: String,
    /// Whether `views/<module>.rs` declares the constant already.
    declared: bool,
}

pub fn run(args: &[String]) -> Result<()> {
    let (mut positional, mut wanted) = (Vec::new(), Vec::new());
    let mut reading = false;
    for arg in args {
        match arg.as_str() {
            "--reads" => reading = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}\n{USAGE}").into()),
            value if reading => wanted.push(value),
            value => positional.push(value),
        }
    }
    let [service, id] = positional[..] else { return Err(USAGE.into()) };
    if !SERVICES.iter().any(|(known, _)| *known == service) {
        let known: Vec<&str> = SERVICES.iter().map(|(known, _)| *known).collect();
        return Err(format!(
            "unknown service {service:?} (known: {}); a new one needs a row in SERVICES in xtask/src/registry.rs \
             and a `Category` variant in crates/engine/src/check.rs",
            known.join(", ")
        )
        .into());
    }
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("the id {id:?} is not camelCase, like openTelnet").into());
    }
    let checks = registry::checks_dir();
    if registry::scan(&checks)?.iter().any(|file| file.id == id) {
        return Err(format!("a check {id:?} exists already").into());
    }

    let views = project_root().join("crates/engine/src/views");
    let declared = declared_calls(&views)?;
    let mut reads: Vec<Read> = Vec::new();
    for wanted in wanted {
        let read = resolve(wanted, &declared, service, &views)?;
        if !reads.iter().any(|other| other.constant == read.constant) {
            reads.push(read);
        }
    }

    let check_file = checks.join(service).join(format!("{}.rs", snake_case(id)));
    let fixtures = project_root().join("fixtures/checks").join(id);
    let fixture = render_fixture(&reads)?;
    let files = [
        (check_file.clone(), render_check(id, &reads)),
        (fixtures.join("ok.json"), fixture.clone()),
        (fixtures.join("fail.json"), fixture),
    ];
    if let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(format!("{} exists; new-check does not overwrite files", path.display()).into());
    }
    for (path, text) in &files {
        std::fs::create_dir_all(path.parent().expect("a file has a directory"))?;
        std::fs::File::create_new(path)?.write_all(text.as_bytes())?;
        eprintln!("wrote {}", path.display());
    }
    rustfmt(&check_file)?;
    registry::run(false)?;

    let missing: Vec<String> = reads
        .iter()
        .filter(|read| !read.declared)
        .map(|read| format!("{} ({} {}) in views/{}.rs", read.constant, read.service, read.operation, read.module))
        .collect();
    if reads.is_empty() {
        eprintln!("\nThe check does not compile until its `reads` names a call (a constant from views/).");
    } else if !missing.is_empty() {
        eprintln!("\nThe check does not compile until you declare {}, each with its view.", missing.join(", "));
    }
    eprintln!(
        "\nNext: write the description and remediation, implement `run`, give ok.json data that is all OK and \
         fail.json data with a FAIL, accept their results with `INSTA_UPDATE=always cargo test -p stance-engine`, \
         and run `cargo xtask docs`."
    );
    Ok(())
}

/// The `Call` constants declared in `views/*.rs`: `pub const NAME: Call<…> = Call::new("EC2", "Op");`.
fn declared_calls(views: &Path) -> Result<Vec<Read>> {
    let mut calls = Vec::new();
    for path in registry::entries(views)? {
        let Some(module) = path.file_name().and_then(|name| name.to_str()?.strip_suffix(".rs")) else { continue };
        let text = std::fs::read_to_string(&path)?;
        for declaration in text.split("pub const ").skip(1) {
            let declaration = &declaration[..declaration.find(';').unwrap_or(declaration.len())];
            let (Some((constant, _)), Some((_, arguments))) =
                (declaration.split_once(':'), declaration.split_once("Call::new("))
            else {
                continue;
            };
            if let [service, operation] = arguments.split('"').skip(1).step_by(2).take(2).collect::<Vec<_>>()[..] {
                calls.push(Read {
                    module: module.to_owned(),
                    constant: constant.trim().to_owned(),
                    service: service.to_owned(),
                    operation: operation.to_owned(),
                    declared: true,
                });
            }
        }
    }
    Ok(calls)
}

/// The constant for `SERVICE:Operation` (case aside): the declared one, or the name and place
/// (`views/<service>.rs`, else the check's service's) that the developer is to declare it with.
fn resolve(wanted: &str, declared: &[Read], check_service: &str, views: &Path) -> Result<Read> {
    let (service, operation) = wanted
        .split_once(':')
        .ok_or_else(|| format!("--reads {wanted:?} is not SERVICE:Operation, like ec2:DescribeVpcs"))?;
    let same_service = |read: &&Read| read.service.eq_ignore_ascii_case(service);
    if let Some(read) = declared.iter().filter(same_service).find(|read| read.operation.eq_ignore_ascii_case(operation))
    {
        return Ok(read.clone());
    }
    let service = declared.iter().find(same_service).map_or(service, |read| &read.service);
    let lower = service.to_lowercase();
    let module = if views.join(format!("{lower}.rs")).is_file() { lower } else { check_service.to_owned() };
    Ok(Read {
        module,
        constant: words(operation).join("_").to_uppercase(),
        service: service.to_owned(),
        operation: operation.to_owned(),
        declared: false,
    })
}

/// The check file, before `rustfmt` sorts its imports.
fn render_check(id: &str, reads: &[Read]) -> String {
    let mut out = String::from(
        "use stance_snapshot::GLOBAL_REGION;\n\n\
         use crate::check::declare_check;\n\
         use crate::context::{Context, Findings, Unknown};\n",
    );
    let mut modules: Vec<&str> = reads.iter().map(|read| read.module.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    for module in modules {
        let constants: Vec<&str> =
            reads.iter().filter(|read| read.module == module).map(|read| read.constant.as_str()).collect();
        writeln!(out, "use crate::views::{module}::{{{}}};", constants.join(", ")).unwrap();
    }
    let title: Vec<String> = words(id).iter().map(|word| word[..1].to_uppercase() + &word[1..]).collect();
    write!(
        out,
        "\ndeclare_check! {{\n    \
         /// Ensures (what the check looks at, and why a failure matters).\n    \
         ///\n    \
         /// ## Remediation\n    \
         /// (How to fix a failing resource.)\n    \
         pub(crate) CHECK {{\n        \
         id: \"{id}\",\n        \
         title: \"{title}\",\n        \
         severity: Medium,\n",
        title = title.join(" ")
    )
    .unwrap();
    if reads.is_empty() {
        out.push_str("        // Name the calls the check reads: `Call` constants from crates/engine/src/views/.\n");
    }
    for read in reads.iter().filter(|read| !read.declared) {
        writeln!(
            out,
            "        // Declare {} ({} {}) and its view in views/{}.rs.",
            read.constant, read.service, read.operation, read.module
        )
        .unwrap();
    }
    let constants: Vec<&str> = reads.iter().map(|read| read.constant.as_str()).collect();
    write!(
        out,
        "        reads: [{}],\n        \
         run,\n    \
         }}\n\
         }}\n\n\
         fn run(ctx: &Context, findings: &mut Findings) {{\n    \
         findings.unknown(ctx.account_arn(), GLOBAL_REGION, &Unknown::new(\"Not implemented yet\"));\n\
         }}\n",
        constants.join(", ")
    )
    .unwrap();
    out
}

/// A fixture with the header of the others and the calls the check reads, without data.
fn render_fixture(reads: &[Read]) -> Result<String> {
    let account = Account {
        id: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/audit".into(),
        partition: "aws".into(),
    };
    let collected_at = serde_json::from_str("\"2026-06-30T12:00:00Z\"")?;
    let mut snapshot = Snapshot::new("0.1.0", collected_at, account, vec!["us-east-1".into()]);
    for read in reads {
        snapshot.calls.entry(read.service.clone()).or_default().entry(read.operation.clone()).or_default();
    }
    Ok(serde_json::to_string_pretty(&snapshot)? + "\n")
}

/// Formats a file in place as `cargo fmt` would.
fn rustfmt(path: &Path) -> Result<()> {
    let status = Command::new("rustfmt")
        .args(["--edition", "2024", "--config-path"])
        .arg(project_root().join("rustfmt.toml"))
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if !status.success() {
        return Err(format!("rustfmt failed on {}", path.display()).into());
    }
    Ok(())
}
