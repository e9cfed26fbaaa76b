//! Synthetic snapshots for `cargo xtask bench evaluate`: the whole-account fixture
//! (`fixtures/moto-account.json`) made larger by copying its resources with new ids and by
//! adding regions.
//!
//! # How an account is scaled
//!
//! A scaled snapshot holds `copies` copies of the fixture's account in every region: the
//! fixture's own regions, and every other region AWS enables by default, each of which
//! takes its calls from one of the fixture's regions in turn (so there are busy regions and
//! nearly empty ones, as the fixture has). Nothing is listed by hand:
//!
//! - **Names.** A first pass over the fixture collects what identifies a resource: the last
//!   segment of every IAM and S3 ARN of the account (user, role, policy, MFA device and bucket
//!   names: `arn:aws:iam::123456789012:user/alice` gives `alice`), per-resource keys included;
//!   the values of IAM's unique-id members (`UserId`, `RoleId`, `AccessKeyId`, …); and every
//!   EC2-style id (`sg-…`, `vol-…`, `subnet-…`, `vpc-cidr-assoc-…`: lowercase words, a dash,
//!   8 or more hex digits).
//! - **Copy k** rewrites every occurrence of those, as whole tokens inside any string (ARNs,
//!   policy documents and per-resource keys included), consistently across the snapshot:
//!   a name gets `-c{k}` (`alice-c17`, `stance-log-bucket-c17`), an IAM unique id gets `k` in
//!   base 36 in its last 5 characters, an EC2 id gets `k` in hex in its first 5 hex digits
//!   (`sg-6f521274d9e80c7ca` → `sg-00011274d9e80c7ca`), so every id stays well-formed and
//!   unique. Copy 0 keeps the fixture's names. An added region also gets its own range of EC2
//!   ids, and the source region's name (`us-east-1`, `us-east-1a`) replaced by its own. Names
//!   (IAM, S3) are account-wide: copy k of a flow log in any region still logs to copy k's
//!   bucket.
//! - **Merging copies.** Each call's outcome is walked as JSON: objects member by member, and
//!   in each array (a response's list of resources, the credential report's rows, the
//!   authorization details' users and roles) every element that holds a name or an id is
//!   written once per copy, every other element (an account attribute, an AWS-managed policy)
//!   once. Scalars (`GetEbsEncryptionByDefault`, the password policy) and error outcomes are
//!   written once. Per-resource calls get one entry per resource per copy, keyed by the
//!   rewritten ARN. S3's per-bucket calls stay keyed under their bucket's region.
//!
//! So each copy of a resource is seen by the same checks with the same data, and every
//! (check, resource) pair stays unique. The number of copies for a target size comes from the
//! sizes of 1 and 2 copies (size is linear in copies). The output is compact JSON with
//! sorted keys, as `stance collect` writes it.
//!
//! The generator is fast in a debug build: each array element and per-resource outcome is
//! turned once into a template (its compact JSON text, cut at every name and id), and every
//! copy is that text with the holes filled in, written straight to the file.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde_json::Value;

use crate::Result;

/// The regions an AWS account has enabled by default (those that are not opt-in).
pub const DEFAULT_REGIONS: [&str; 17] = [
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Members whose values are IAM unique ids (`AIDA…`, `AKIA…`), renamed per copy.
const UNIQUE_ID_MEMBERS: [&str; 9] = [
    "UserId",
    "RoleId",
    "GroupId",
    "PolicyId",
    "InstanceProfileId",
    "AccessKeyId",
    "ServerCertificateId",
    "CertificateId",
    "SSHPublicKeyId",
];

/// Hex digits of an EC2 id, and characters of an IAM unique id, that carry the copy number.
const ID_DIGITS: usize = 5;

/// The fixture, with what identifies its resources.
pub struct Account {
    snapshot: serde_json::Map<String, Value>,
    /// The fixture's regions.
    regions: Vec<String>,
    /// Every name and IAM unique id, and what kind it is.
    names: HashMap<String, Kind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An IAM or S3 name: gets `-c{k}`.
    Name,
    /// An IAM unique id: gets `k` in base 36 at its end.
    UniqueId,
}

/// A snapshot to generate: so many copies of the account in each of these regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub copies: usize,
    /// Sorted; the fixture's regions among them.
    pub regions: Vec<String>,
}

impl Account {
    pub fn load(path: &Path) -> Result<Account> {
        let text = std::fs::read_to_string(path)?;
        let Value::Object(snapshot) = serde_json::from_str::<Value>(&text)? else {
            return Err(format!("{}: not a JSON object", path.display()).into());
        };
        let regions: Vec<String> = snapshot
            .get("regions")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{}: no regions", path.display()))?
            .iter()
            .filter_map(|region| region.as_str().map(str::to_owned))
            .collect();
        let account_id = snapshot.get("account").and_then(|account| account["id"].as_str()).unwrap_or_default();
        let calls = snapshot.get("calls").ok_or_else(|| format!("{}: no calls", path.display()))?;
        let mut names = HashMap::new();
        let mut hex_ids = Vec::new();
        collect(calls, None, account_id, &mut names, &mut hex_ids);
        check_unique(&names, &hex_ids)?;
        Ok(Account { snapshot, regions, names })
    }

    /// The plan whose file is about `bytes` long: every default region, and as many copies as
    /// it takes (at least 1).
    pub fn plan_for(&self, bytes: u64) -> Result<Plan> {
        let mut regions: Vec<String> = DEFAULT_REGIONS.iter().map(|region| (*region).to_owned()).collect();
        regions.extend(self.regions.iter().filter(|region| !regions.contains(region)).cloned().collect::<Vec<_>>());
        regions.sort();
        let size = |copies| -> Result<u64> {
            let mut counter = Counter(0);
            self.write(&Plan { copies, regions: regions.clone() }, &mut counter)?;
            Ok(counter.0)
        };
        let (one, two) = (size(1)?, size(2)?);
        let per_copy = two.saturating_sub(one).max(1);
        let copies = 1 + (bytes.saturating_sub(one) as f64 / per_copy as f64).round() as usize;
        Ok(Plan { copies, regions })
    }

    /// Writes the snapshot of `plan` to `out`, compact.
    pub fn write(&self, plan: &Plan, out: &mut impl Write) -> Result<()> {
        let added = plan.regions.iter().filter(|region| !self.regions.contains(region)).count();
        if (added + 1) * plan.copies >= 16usize.pow(ID_DIGITS as u32) {
            return Err(
                format!("{} copies in {} regions is more than EC2-style ids can hold", plan.copies, added).into()
            );
        }
        out.write_all(b"{")?;
        for (i, (key, value)) in self.snapshot.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            write_json_str(out, key)?;
            out.write_all(b":")?;
            match key.as_str() {
                "regions" => serde_json::to_writer(&mut *out, &plan.regions)?,
                "calls" => self.write_calls(value, plan, out)?,
                _ => serde_json::to_writer(&mut *out, value)?,
            }
        }
        out.write_all(b"}")?;
        Ok(())
    }

    fn write_calls(&self, calls: &Value, plan: &Plan, out: &mut impl Write) -> Result<()> {
        let services = calls.as_object().ok_or("calls: not an object")?;
        out.write_all(b"{")?;
        for (s, (service, operations)) in services.iter().enumerate() {
            if s > 0 {
                out.write_all(b",")?;
            }
            write_json_str(out, service)?;
            out.write_all(b":{")?;
            let operations = operations.as_object().ok_or_else(|| format!("calls.{service}: not an object"))?;
            for (o, (operation, by_region)) in operations.iter().enumerate() {
                if o > 0 {
                    out.write_all(b",")?;
                }
                write_json_str(out, operation)?;
                out.write_all(b":{")?;
                let by_region =
                    by_region.as_object().ok_or_else(|| format!("calls.{service}.{operation}: not an object"))?;
                for (r, (region, value)) in self.regions_of(service, by_region, plan).into_iter().enumerate() {
                    if r > 0 {
                        out.write_all(b",")?;
                    }
                    write_json_str(out, &region.target)?;
                    out.write_all(b":")?;
                    self.write_region(value, &region, plan.copies, out)?;
                }
                out.write_all(b"}")?;
            }
            out.write_all(b"}")?;
        }
        out.write_all(b"}")?;
        Ok(())
    }

    /// The regions a call is written for, sorted, each with the fixture region it is copied
    /// from. Global calls, and S3's (keyed by the bucket's region), keep their keys; a regional
    /// call is written for every region of the plan whose source region has it.
    fn regions_of<'v>(
        &self,
        service: &str,
        by_region: &'v serde_json::Map<String, Value>,
        plan: &Plan,
    ) -> Vec<(Region, &'v Value)> {
        let mut regions = Vec::new();
        if service == "S3" || by_region.keys().all(|key| !self.regions.contains(key)) {
            for (key, value) in by_region {
                regions.push((Region::same(key, 0), value));
            }
            return regions;
        }
        let mut added = 0;
        for target in &plan.regions {
            let (source, ids_base) = if self.regions.contains(target) {
                (target.clone(), 0)
            } else {
                added += 1;
                // Added regions take their data from the fixture's regions in turn.
                (self.regions[(added - 1) % self.regions.len()].clone(), added * plan.copies)
            };
            if let Some(value) = by_region.get(&source) {
                let region = if &source == target {
                    Region::same(target, ids_base)
                } else {
                    Region { source: Some(source.clone()), target: target.clone(), ids_base }
                };
                regions.push((region, value));
            }
        }
        // Keys not a region of the fixture (none expected): as they are.
        for (key, value) in by_region.iter().filter(|(key, _)| !self.regions.contains(key)) {
            regions.push((Region::same(key, 0), value));
        }
        regions.sort_by(|a, b| a.0.target.cmp(&b.0.target));
        regions
    }

    /// One region's outcome (merged over the copies), or its per-resource map.
    fn write_region(&self, value: &Value, region: &Region, copies: usize, out: &mut impl Write) -> Result<()> {
        let outcome = value.as_object().is_some_and(|map| map.contains_key("data") || map.contains_key("error"));
        if outcome || !value.is_object() {
            return self.write_merged(value, region, copies, out);
        }
        let resources = value.as_object().into_iter().flatten();
        let templates: Vec<(Template, Template)> = resources
            .map(|(key, outcome)| (self.template(&Value::String(key.clone()), region), self.template(outcome, region)))
            .collect();
        let mut entries = Vec::with_capacity(templates.len() * copies);
        for copy in 0..copies {
            let at = region.copy(copy);
            for (key, outcome) in templates.iter().filter(|(key, _)| copy == 0 || key.varies()) {
                let (mut k, mut v) = (Vec::new(), Vec::new());
                key.fill(&at, &mut k);
                outcome.fill(&at, &mut v);
                entries.push((k, v));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = entries.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(format!("two copies have the key {}", String::from_utf8_lossy(&pair[0].0)).into());
        }
        out.write_all(b"{")?;
        for (i, (key, outcome)) in entries.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(key)?;
            out.write_all(b":")?;
            out.write_all(outcome)?;
        }
        out.write_all(b"}")?;
        Ok(())
    }

    /// `value` for all copies: objects member by member; in arrays, the elements holding a
    /// name or an id once per copy (copy-major: copy 0's list, then copy 1's, …), the others
    /// once; everything else once (as copy 0).
    fn write_merged(&self, value: &Value, region: &Region, copies: usize, out: &mut impl Write) -> Result<()> {
        match value {
            Value::Object(map) => {
                out.write_all(b"{")?;
                for (i, (key, child)) in map.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    write_json_str(out, key)?;
                    out.write_all(b":")?;
                    self.write_merged(child, region, copies, out)?;
                }
                out.write_all(b"}")?;
            }
            Value::Array(items) => {
                let templates: Vec<Template> = items.iter().map(|item| self.template(item, region)).collect();
                let mut buffer = Vec::new();
                let mut first = true;
                out.write_all(b"[")?;
                for copy in 0..copies {
                    let at = region.copy(copy);
                    for template in templates.iter().filter(|template| copy == 0 || template.varies()) {
                        if !first {
                            buffer.push(b',');
                        }
                        first = false;
                        template.fill(&at, &mut buffer);
                        if buffer.len() > 1 << 16 {
                            out.write_all(&buffer)?;
                            buffer.clear();
                        }
                    }
                }
                out.write_all(&buffer)?;
                out.write_all(b"]")?;
            }
            scalar => {
                let mut buffer = Vec::new();
                self.template(scalar, region).fill(&region.copy(0), &mut buffer);
                out.write_all(&buffer)?;
            }
        }
        Ok(())
    }

    /// `value` as compact JSON, cut at every name, id and (for an added region) region name.
    fn template(&self, value: &Value, region: &Region) -> Template {
        let mut template = Template::default();
        self.build(value, region, &mut template);
        template.flush();
        template
    }

    fn build(&self, value: &Value, region: &Region, template: &mut Template) {
        match value {
            Value::Object(map) => {
                template.literal.push('{');
                for (i, (key, child)) in map.iter().enumerate() {
                    if i > 0 {
                        template.literal.push(',');
                    }
                    template.literal.push_str(&serde_json::to_string(key).expect("a string serializes"));
                    template.literal.push(':');
                    self.build(child, region, template);
                }
                template.literal.push('}');
            }
            Value::Array(items) => {
                template.literal.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        template.literal.push(',');
                    }
                    self.build(item, region, template);
                }
                template.literal.push(']');
            }
            Value::String(text) => {
                let escaped = serde_json::to_string(text).expect("a string serializes");
                for (is_token, piece) in tokens(&escaped) {
                    match is_token.then(|| self.hole(piece, region)).flatten() {
                        Some(hole) => template.hole(hole),
                        None => template.literal.push_str(piece),
                    }
                }
            }
            scalar => template.literal.push_str(&scalar.to_string()),
        }
    }

    /// What a token of a string becomes in a copy, if it changes.
    fn hole(&self, token: &str, region: &Region) -> Option<Hole> {
        match self.names.get(token) {
            Some(Kind::Name) => return Some(Hole::Name(token.to_owned())),
            Some(Kind::UniqueId) => return Some(Hole::UniqueId(token.to_owned())),
            None => {}
        }
        if let Some(source) = &region.source
            && let Some(suffix) = token.strip_prefix(source.as_str())
            && (suffix.is_empty() || (suffix.len() == 1 && suffix.as_bytes()[0].is_ascii_lowercase()))
        {
            return Some(Hole::Region(suffix.to_owned()));
        }
        ec2_id(token).map(|dash| Hole::Ec2Id(token.to_owned(), dash))
    }
}

/// Which copy in which region is being written.
struct Region {
    /// The fixture region the data comes from, when it is another region.
    source: Option<String>,
    target: String,
    /// Added to the copy number for EC2 ids: each added region has its own range.
    ids_base: usize,
}

impl Region {
    fn same(target: &str, ids_base: usize) -> Region {
        Region { source: None, target: target.to_owned(), ids_base }
    }

    fn copy(&self, copy: usize) -> Copy<'_> {
        Copy { names: copy, ids: self.ids_base + copy, region: &self.target }
    }
}

/// The numbers a template is filled in with.
struct Copy<'a> {
    /// The copy of the account: IAM and S3 names and IAM unique ids.
    names: usize,
    /// The range of EC2 ids.
    ids: usize,
    region: &'a str,
}

#[derive(Debug)]
enum Hole {
    Name(String),
    UniqueId(String),
    /// The id, and the position of its last dash.
    Ec2Id(String, usize),
    /// A region name (`us-east-1`) or an availability zone (the suffix `a`).
    Region(String),
}

/// Compact JSON text with holes: literal, hole, literal, hole, …
#[derive(Debug, Default)]
struct Template {
    pieces: Vec<(String, Option<Hole>)>,
    literal: String,
}

impl Template {
    fn hole(&mut self, hole: Hole) {
        self.pieces.push((std::mem::take(&mut self.literal), Some(hole)));
    }

    fn flush(&mut self) {
        if !self.literal.is_empty() {
            self.pieces.push((std::mem::take(&mut self.literal), None));
        }
    }

    /// Whether copies differ (a name or an id is in it), so that each copy is written.
    fn varies(&self) -> bool {
        self.pieces.iter().any(|(_, hole)| matches!(hole, Some(Hole::Name(_) | Hole::UniqueId(_) | Hole::Ec2Id(..))))
    }

    fn fill(&self, copy: &Copy, out: &mut Vec<u8>) {
        for (literal, hole) in &self.pieces {
            out.extend_from_slice(literal.as_bytes());
            match hole {
                None => {}
                Some(Hole::Name(name)) => {
                    out.extend_from_slice(name.as_bytes());
                    if copy.names > 0 {
                        let _ = write!(out, "-c{}", copy.names);
                    }
                }
                Some(Hole::UniqueId(id)) => {
                    if copy.names == 0 {
                        out.extend_from_slice(id.as_bytes());
                    } else {
                        let lower = id.bytes().any(|b| b.is_ascii_lowercase());
                        let keep = id.len() - ID_DIGITS;
                        out.extend_from_slice(&id.as_bytes()[..keep]);
                        out.extend_from_slice(&digits(copy.names, 36, lower));
                    }
                }
                Some(Hole::Ec2Id(id, dash)) => {
                    if copy.ids == 0 {
                        out.extend_from_slice(id.as_bytes());
                    } else {
                        out.extend_from_slice(&id.as_bytes()[..=*dash]);
                        out.extend_from_slice(&digits(copy.ids, 16, true));
                        out.extend_from_slice(&id.as_bytes()[dash + 1 + ID_DIGITS..]);
                    }
                }
                Some(Hole::Region(suffix)) => {
                    out.extend_from_slice(copy.region.as_bytes());
                    out.extend_from_slice(suffix.as_bytes());
                }
            }
        }
    }
}

/// `n` as [`ID_DIGITS`] digits in `base` (16 or 36).
fn digits(mut n: usize, base: usize, lower: bool) -> [u8; ID_DIGITS] {
    let alphabet: &[u8; 36] =
        if lower { b"0123456789abcdefghijklmnopqrstuvwxyz" } else { b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" };
    let mut out = [b'0'; ID_DIGITS];
    for digit in out.iter_mut().rev() {
        *digit = alphabet[n % base];
        n /= base;
    }
    out
}

/// Characters of a token: what IAM and S3 names and AWS ids are made of.
fn token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'@' | b'+')
}

/// `text` cut into tokens and what lies between them: (is a token, piece).
fn tokens(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let is_token = token_char(bytes[start]);
        let end = bytes[start..].iter().position(|&c| token_char(c) != is_token).map_or(bytes.len(), |n| start + n);
        let piece = &text[start..end];
        start = end;
        Some((is_token, piece))
    })
}

/// If `token` is an EC2-style id (`sg-0abc…`, `vpc-cidr-assoc-…`: lowercase words, a dash, 8
/// or more lowercase hex digits), the position of its last dash.
fn ec2_id(token: &str) -> Option<usize> {
    let dash = token.rfind('-')?;
    let (prefix, hex) = (&token[..dash], &token[dash + 1..]);
    let hex_ok = hex.len() >= 8 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let prefix_ok = prefix.split('-').all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()));
    (hex_ok && prefix_ok).then_some(dash)
}

/// Collects names (from the account's IAM and S3 ARNs), IAM unique ids and EC2 ids.
fn collect(
    value: &Value,
    member: Option<&str>,
    account_id: &str,
    names: &mut HashMap<String, Kind>,
    ec2_ids: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect_string(key, None, account_id, names, ec2_ids);
                collect(child, Some(key), account_id, names, ec2_ids);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(item, member, account_id, names, ec2_ids);
            }
        }
        Value::String(text) => collect_string(text, member, account_id, names, ec2_ids),
        _ => {}
    }
}

fn collect_string(
    text: &str,
    member: Option<&str>,
    account_id: &str,
    names: &mut HashMap<String, Kind>,
    ec2_ids: &mut Vec<String>,
) {
    if let Some(name) = arn_name(text, account_id) {
        names.insert(name.to_owned(), Kind::Name);
    }
    if member.is_some_and(|member| UNIQUE_ID_MEMBERS.contains(&member))
        && text.len() >= 16
        && text.bytes().all(|b| b.is_ascii_alphanumeric())
        && text != account_id
    {
        names.entry(text.to_owned()).or_insert(Kind::UniqueId);
    }
    for (is_token, token) in tokens(text) {
        if is_token && ec2_id(token).is_some() {
            ec2_ids.push(token.to_owned());
        }
    }
}

/// The name an IAM or S3 ARN of the account ends with: `alice` in
/// `arn:aws:iam::123456789012:user/alice`, the bucket in `arn:aws:s3:::bucket/key`.
fn arn_name<'t>(text: &'t str, account_id: &str) -> Option<&'t str> {
    let mut parts = text.strip_prefix("arn:")?.splitn(5, ':');
    let (_partition, service, _region, account, resource) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let name = match service {
        "s3" if account.is_empty() => resource.split('/').next()?,
        "iam" if account == account_id => resource.rsplit_once('/')?.1,
        _ => return None,
    };
    (!name.is_empty() && name.bytes().all(token_char)).then_some(name)
}

/// Fails if two of the fixture's ids would give the same id in some copy, or a name with
/// `-c{k}` is another name.
fn check_unique(names: &HashMap<String, Kind>, ec2_ids: &[String]) -> Result<()> {
    let mut kept: BTreeMap<String, &str> = BTreeMap::new();
    for id in ec2_ids {
        let dash = ec2_id(id).expect("collected as an id");
        if id.len() < dash + 1 + ID_DIGITS + 3 {
            return Err(format!("the id {id} is too short to copy").into());
        }
        let rest = format!("{}-{}", &id[..dash], &id[dash + 1 + ID_DIGITS..]);
        if let Some(other) = kept.insert(rest, id)
            && other != id
        {
            return Err(format!("the ids {other} and {id} differ only in their first {ID_DIGITS} hex digits").into());
        }
    }
    let mut kept: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, kind) in names {
        match kind {
            Kind::UniqueId => {
                if let Some(other) = kept.insert(&name[..name.len() - ID_DIGITS], name) {
                    return Err(
                        format!("the ids {other} and {name} differ only in their last {ID_DIGITS} characters").into()
                    );
                }
            }
            Kind::Name => {
                if let Some((base, copy)) = name.rsplit_once("-c")
                    && copy.bytes().all(|b| b.is_ascii_digit())
                    && names.contains_key(base)
                {
                    return Err(format!("the name {name} is a copy's name of {base}").into());
                }
            }
        }
    }
    Ok(())
}

fn write_json_str(out: &mut impl Write, text: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, text).map_err(io::Error::from)
}

/// A writer that only counts bytes.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Account {
        Account::load(&crate::project_root().join("fixtures/moto-account.json")).unwrap()
    }

    #[test]
    fn names_and_ids() {
        let account = fixture();
        assert_eq!(account.names.get("alice"), Some(&Kind::Name));
        assert_eq!(account.names.get("stance-log-bucket"), Some(&Kind::Name));
        assert_eq!(account.names.get("bob-mfa"), Some(&Kind::Name));
        let carol =
            &account.snapshot["calls"]["IAM"]["ListAccessKeys"]["global"]["arn:aws:iam::123456789012:user/carol"];
        let key = carol["data"]["AccessKeyMetadata"][0]["AccessKeyId"].as_str().unwrap();
        assert_eq!(account.names.get(key), Some(&Kind::UniqueId));
        assert_eq!(account.names.get("default"), None);
        assert_eq!(ec2_id("sg-6f521274d9e80c7ca"), Some(2));
        assert_eq!(ec2_id("vpc-cidr-assoc-2f1a029f0fbdfe293"), Some(14));
        assert_eq!(ec2_id("0b6779fe-dc40-4dea-a465-3d254291c9fb"), None);
        assert_eq!(ec2_id("us-east-1"), None);
    }

    #[test]
    fn one_copy_in_the_fixture_regions_is_the_fixture() {
        let account = fixture();
        let plan = Plan { copies: 1, regions: account.regions.clone() };
        let mut out = Vec::new();
        account.write(&plan, &mut out).unwrap();
        let written: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(written, Value::Object(account.snapshot.clone()));
    }

    #[test]
    fn copies_are_renamed_and_regions_added() {
        let account = fixture();
        let regions = vec!["eu-west-1".to_owned(), "us-east-1".to_owned(), "us-west-2".to_owned()];
        let mut out = Vec::new();
        account.write(&Plan { copies: 3, regions }, &mut out).unwrap();
        let written: Value = serde_json::from_slice(&out).unwrap();
        let calls = &written["calls"];
        let users: Vec<&str> = calls["IAM"]["ListUsers"]["global"]["data"]["Users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|user| user["UserName"].as_str().unwrap())
            .collect();
        assert_eq!(
            users,
            [
                "alice", "bob", "carol", "dave", "alice-c1", "bob-c1", "carol-c1", "dave-c1", "alice-c2", "bob-c2",
                "carol-c2", "dave-c2"
            ]
        );
        assert!(calls["IAM"]["ListAccessKeys"]["global"]["arn:aws:iam::123456789012:user/carol-c2"].is_object());
        let groups = calls["EC2"]["DescribeSecurityGroups"]["us-west-2"]["data"]["SecurityGroups"].as_array().unwrap();
        // us-west-2, the first added region, is copied from eu-west-1 (one group).
        assert_eq!(groups.len(), 3);
        // The copy's id is the original's with its first five digits replaced by a counter.
        let eu = &account.snapshot["calls"]["EC2"]["DescribeSecurityGroups"]["eu-west-1"]["data"]["SecurityGroups"];
        let original = eu[0]["GroupId"].as_str().unwrap();
        let copied = format!("sg-00004{}", &original["sg-".len() + 5..]);
        assert_eq!(groups[1]["GroupId"], copied.as_str());
        assert_eq!(
            groups[1]["SecurityGroupArn"],
            format!("arn:aws:ec2:us-west-2:123456789012:security-group/{copied}").as_str()
        );
        let attributes = calls["EC2"]["DescribeAccountAttributes"]["us-east-1"]["data"]["AccountAttributes"].as_array();
        assert_eq!(attributes.unwrap().len(), 6);
        let subnets = calls["EC2"]["DescribeSubnets"]["us-west-2"]["data"]["Subnets"].as_array().unwrap();
        assert_eq!(subnets[0]["AvailabilityZone"], "us-west-2a");
        assert_eq!(written["regions"], serde_json::json!(["eu-west-1", "us-east-1", "us-west-2"]));
    }
}
