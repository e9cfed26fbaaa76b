//! The parse floor of `cargo xtask bench evaluate`: reads a file whole and parses it as JSON
//! into [`serde::de::IgnoredAny`], keeping nothing. No reader of a JSON snapshot built on
//! serde_json can be faster than this, so `stance evaluate`'s time over this program's (run
//! on the same file in the same bench) is what stance's reading, checks and output cost.
//!
//! `cargo run --release -p stance-snapshot --example parse_floor -- FILE` prints the file's
//! size in bytes.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_floor FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("parse_floor: {}: {e}", path.to_string_lossy());
            std::process::exit(2);
        }
    };
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        eprintln!("parse_floor: {}: {e}", path.to_string_lossy());
        std::process::exit(2);
    }
    println!("{}", text.len());
}
