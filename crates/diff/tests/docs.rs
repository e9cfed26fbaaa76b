//! `docs/diff.md` lists the default noise patterns, and `docs/diff.schema.json` is the JSON
//! Schema of the diff's JSON as the types generate it now. `STANCE_UPDATE_DOCS=1 cargo test -p
//! stance-diff --test docs` rewrites the schema.

use std::path::Path;

// Relative to the package directory, where cargo runs tests.
const DOCS: &str = "../../docs";

#[test]
fn the_doc_lists_every_default_noise_pattern_with_its_reason() {
    let doc = std::fs::read_to_string(Path::new(DOCS).join("diff.md")).unwrap();
    let missing: Vec<String> = stance_diff::DEFAULT_NOISE
        .iter()
        .map(|(pattern, reason)| format!("| `{pattern}` | {reason} |"))
        .filter(|row| !doc.lines().any(|line| line == row))
        .collect();
    assert!(missing.is_empty(), "docs/diff.md lacks the rows:\n{}", missing.join("\n"));
    // The table follows the `| pattern | why |` header and its rule, and ends at a blank line.
    let table = doc.split("| pattern | why |\n|---|---|\n").nth(1).expect("docs/diff.md has the noise table");
    let rows = table.lines().take_while(|line| !line.is_empty()).count();
    assert_eq!(
        rows,
        stance_diff::DEFAULT_NOISE.len(),
        "docs/diff.md's noise table lists patterns that are not defaults"
    );
}

#[test]
fn the_schema_is_current() {
    let path = Path::new(DOCS).join("diff.schema.json");
    let schema = serde_json::to_string_pretty(&stance_diff::json_schema()).unwrap() + "\n";
    if std::fs::read_to_string(&path).ok().as_deref() == Some(schema.as_str()) {
        return;
    }
    if std::env::var_os("STANCE_UPDATE_DOCS").is_some_and(|value| !value.is_empty()) {
        std::fs::write(&path, schema).unwrap();
        eprintln!("wrote docs/diff.schema.json");
    } else {
        panic!("docs/diff.schema.json is stale: run `STANCE_UPDATE_DOCS=1 cargo test -p stance-diff --test docs`");
    }
}
