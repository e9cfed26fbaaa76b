//! `cargo xtask fixtures`: regenerates `fixtures/moto-account.json`, a whole-account snapshot
//! made by the real collector (`stance collect`) from the insecure account the end-to-end
//! tests seed into a local moto server, so fixtures cannot drift from what `collect` writes.

use stance_testkit::{Moto, isolated_command, seed_insecure_account};

use crate::{Result, ci::python_tools, project_root, target_dir};

pub const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

pub fn run() -> Result<()> {
    // SAFETY: set before any thread is started; Moto::start reads it.
    if std::env::var_os("STANCE_MOTO_SERVER").is_none() {
        unsafe { std::env::set_var("STANCE_MOTO_SERVER", python_tools()?.join("moto_server")) };
    }
    let moto = Moto::start_with_aws_managed_policies();
    tokio::runtime::Runtime::new()?.block_on(seed_insecure_account(&moto));
    let fixture = project_root().join("fixtures/moto-account.json");
    let collected = std::env::temp_dir().join(format!("stance-fixture-{}.json", std::process::id()));
    let built = crate::cargo().args(["build", "--quiet", "-p", "stance"]).status()?;
    if !built.success() {
        return Err("cargo build -p stance failed".into());
    }
    let mut command = isolated_command(target_dir().join("debug/stance"));
    command.args(["collect", "--endpoint-url", &moto.endpoint, "-o"]).arg(&collected);
    for region in REGIONS {
        command.args(["--region", region]);
    }
    let status = command.status()?;
    if !status.success() {
        return Err(format!("stance collect failed ({status})").into());
    }
    // Pretty-printed, so that a regenerated fixture reviews as a readable diff.
    let snapshot: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&collected)?)?;
    std::fs::remove_file(&collected)?;
    std::fs::write(&fixture, serde_json::to_string_pretty(&snapshot)? + "\n")?;
    eprintln!(
        "wrote {}\nnow run `INSTA_UPDATE=always cargo test -p stance-engine` and review the change to fixtures/moto-account.snap",
        fixture.display()
    );
    Ok(())
}
