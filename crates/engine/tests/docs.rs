//! The generated docs (`docs/checks.md`, `docs/compliance/*.md`) are what the engine generates
//! now. `STANCE_UPDATE_DOCS=1 cargo test -p stance-engine --test docs` rewrites them, as
//! `cargo xtask docs` does, without building xtask.

use std::path::Path;

#[test]
fn the_generated_docs_are_current() {
    // Relative to the package directory, where cargo runs tests.
    let root = Path::new("../..");
    let update = std::env::var_os("STANCE_UPDATE_DOCS").is_some_and(|value| !value.is_empty());
    let mut stale = Vec::new();
    for (path, text) in stance_engine::docs::files() {
        let file = root.join(&path);
        if std::fs::read_to_string(&file).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
            eprintln!("wrote {path}");
        } else {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `STANCE_UPDATE_DOCS=1 cargo test -p stance-engine --test docs` (or `cargo xtask docs`)"
    );
}
