//! Results as a pretty-printed JSON array, byte for byte what `serde_json::to_writer_pretty`
//! writes for `&[CheckResult]` (and a newline), but rendered in parallel, with each check's
//! metadata escaped and laid out once rather than once per result: at 250,000 results the
//! metadata is most of the bytes.

use std::collections::HashMap;
use std::io::{self, Write};

use rayon::prelude::*;

use crate::check::Check;
use crate::results::CheckResult;

/// Results rendered per parallel task; a window of [`WINDOW`] tasks is held in memory at once
/// (a few MB: a result is about 650 bytes of JSON).
const CHUNK: usize = 1024;
const WINDOW: usize = 4;

/// A JSON array of results written a batch at a time, so that results can be written as
/// checks finish instead of held until all have.
pub struct ResultsJson<'w> {
    out: &'w mut dyn Write,
    /// Keyed by check id, which the registry keeps unique.
    layouts: HashMap<&'static str, Layout>,
    empty: bool,
}

impl<'w> ResultsJson<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        ResultsJson { out, layouts: HashMap::new(), empty: true }
    }

    /// Appends `results` to the array.
    pub fn write(&mut self, results: &[CheckResult]) -> io::Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        for result in results {
            self.layouts.entry(result.check.id).or_insert_with(|| Layout::of(result.check));
        }
        if self.empty {
            self.out.write_all(
                b"[
",
            )?;
        }
        let chunks: Vec<&[CheckResult]> = results.chunks(CHUNK).collect();
        for (window, tasks) in chunks.chunks(WINDOW).enumerate() {
            let first = self.empty && window == 0;
            let rendered: Vec<Vec<u8>> = tasks
                .par_iter()
                .enumerate()
                .map(|(task, chunk)| {
                    let mut bytes = Vec::with_capacity(chunk.len() * 768);
                    for (index, result) in chunk.iter().enumerate() {
                        if !(first && task == 0 && index == 0) {
                            bytes.extend_from_slice(b",\n");
                        }
                        self.layouts[result.check.id].render(result, &mut bytes);
                    }
                    bytes
                })
                .collect();
            rendered.iter().try_for_each(|bytes| self.out.write_all(bytes))?;
        }
        self.empty = false;
        Ok(())
    }

    /// Closes the array, and ends the text with a newline.
    pub fn finish(self) -> io::Result<()> {
        self.out.write_all(if self.empty { b"[]\n" } else { b"\n]\n" })
    }
}

/// A check's results as JSON text around the members that vary: everything before `id` and
/// everything after `suppressed`, as serde_json's pretty printer lays them out in an array.
struct Layout {
    head: Vec<u8>,
    tail: Vec<u8>,
}

/// The members each result has of its own, in the order `CheckResult` serializes them; the
/// last, `suppressed`, is rendered apart (it may be an object).
const OWN_MEMBERS: [&str; 6] = ["id", "account", "resource", "region", "status", "message"];

impl Layout {
    fn of(check: &'static Check) -> Layout {
        let sample = CheckResult {
            check,
            resource: String::new(),
            region: String::new(),
            status: crate::results::Status::Ok,
            message: String::new(),
            account: "".into(),
            suppressed: None,
            baseline: None,
        };
        let text = serde_json::to_vec_pretty(&[sample]).expect("results serialize");
        // `[\n  {\n    "plugin": …,\n … \n  }\n]`: the element is between the brackets' lines.
        let element = &text[2..text.len() - 2];
        let start = find(element, b"    \"id\": ").expect("results have an id");
        let last = find(element, b"    \"suppressed\": ").expect("results have a suppressed member");
        let end = last + find(&element[last..], b"\n").expect("a member ends its line") + 1;
        Layout { head: element[..start].to_vec(), tail: element[end..].to_vec() }
    }

    fn render(&self, result: &CheckResult, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.head);
        let id = result.id();
        let values = [&id, &*result.account, &result.resource, &result.region, result.status.as_str(), &result.message];
        for (name, value) in OWN_MEMBERS.iter().zip(values) {
            out.extend_from_slice(b"    \"");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\": ");
            serde_json::to_writer(&mut *out, value).expect("a string serializes");
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(b"    \"suppressed\": ");
        match &result.suppressed {
            None => out.extend_from_slice(b"null"),
            Some(suppression) => {
                // Nested two levels down: its lines are indented by four more spaces.
                let nested = serde_json::to_vec_pretty(&**suppression).expect("a suppression serializes");
                for byte in nested {
                    out.push(byte);
                    if byte == b'\n' {
                        out.extend_from_slice(b"    ");
                    }
                }
            }
        }
        out.extend_from_slice(b",\n");
        if let Some(baseline) = result.baseline {
            out.extend_from_slice(b"    \"baseline\": \"");
            out.extend_from_slice(baseline.as_str().as_bytes());
            out.extend_from_slice(b"\",\n");
        }
        out.extend_from_slice(&self.tail);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::REGISTRY;
    use crate::results::{Baseline, Status};

    /// `results` written in one batch.
    fn write_results_json(out: &mut Vec<u8>, results: &[CheckResult]) -> io::Result<()> {
        let mut json = ResultsJson::new(out);
        json.write(results)?;
        json.finish()
    }

    fn pretty(results: &[CheckResult]) -> Vec<u8> {
        let mut expected = serde_json::to_vec_pretty(results).unwrap();
        expected.push(b'\n');
        expected
    }

    #[test]
    fn the_same_bytes_as_serde_json() {
        let odd = "quote \" backslash \\ newline \n tab \t control \u{1} unicode é 🦀 </script>";
        let mut results = Vec::new();
        for (index, check) in REGISTRY.iter().cycle().take(3 * CHUNK * WINDOW + 17).enumerate() {
            let status = [Status::Ok, Status::Warn, Status::Fail, Status::Unknown][index % 4];
            results.push(CheckResult {
                check,
                resource: format!("arn:aws:ec2:us-east-1:123456789012:volume/vol-{index}"),
                region: "us-east-1".to_owned(),
                status,
                message: if index % 7 == 0 { odd.to_owned() } else { format!("Message {index}") },
                account: "123456789012".into(),
                suppressed: (index % 5 == 0).then(|| {
                    std::sync::Arc::new(crate::results::Suppression {
                        rule: format!("stance-suppressions.toml:{index}"),
                        reason: if index % 3 == 0 { odd.to_owned() } else { "accepted risk".to_owned() },
                    })
                }),
                baseline: [None, Some(Baseline::New), Some(Baseline::Known)][index % 3],
            });
        }
        let mut written = Vec::new();
        write_results_json(&mut written, &results).unwrap();
        assert!(written == pretty(&results), "the output differs from serde_json's");
        for count in [0, 1, 2] {
            let mut written = Vec::new();
            write_results_json(&mut written, &results[..count]).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(pretty(&results[..count])).unwrap());
        }
        let mut batched = Vec::new();
        let mut json = ResultsJson::new(&mut batched);
        for batch in [&results[..0], &results[..1], &results[1..1], &results[1..CHUNK + 3], &results[CHUNK + 3..]] {
            json.write(batch).unwrap();
        }
        json.finish().unwrap();
        assert!(batched == pretty(&results), "written in batches, the output differs from serde_json's");
    }
}
