//! `cargo xtask schema [--check]`: the snapshot's JSON Schema, generated from its types.

use crate::{Result, project_root, write_or_check};

pub fn run(check: bool) -> Result<()> {
    let schema = serde_json::to_string_pretty(&stance_snapshot::json_schema())? + "\n";
    write_or_check(&project_root().join("docs/snapshot.schema.json"), &schema, check)
}
