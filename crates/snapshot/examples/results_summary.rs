//! For `cargo xtask bench evaluate`: reads a `stance evaluate --json` results file and prints,
//! as one JSON line, how many results it holds, by status, and how many (check, resource,
//! region) triples occur more than once (0 when every copy of a resource in a synthetic
//! snapshot has its own ARN). Built in release, since the results of a large snapshot are
//! hundreds of MB.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

#[derive(Deserialize)]
struct Record<'a> {
    #[serde(borrow)]
    plugin: Cow<'a, str>,
    #[serde(borrow)]
    resource: Option<Cow<'a, str>>,
    #[serde(borrow)]
    region: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Cow<'a, str>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("usage: results_summary RESULTS.json")?;
    let text = std::fs::read_to_string(&path)?;
    let records: Vec<Record> = serde_json::from_str(&text)?;
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = HashSet::with_capacity(records.len());
    let mut repeated = 0;
    for record in &records {
        *statuses.entry(&record.status).or_default() += 1;
        if !seen.insert((&record.plugin, &record.resource, &record.region)) {
            repeated += 1;
        }
    }
    let summary = serde_json::json!({"results": records.len(), "statuses": statuses, "repeated": repeated});
    println!("{summary}");
    Ok(())
}
