//! Kubernetes manifests to values, as users really have them: multi-document
//! YAML (a UTF-8 byte-order mark at the start of any document, merge keys),
//! JSON (one value, or a stream of them: `{…}{…}` or one per line),
//! `kind: List` and typed lists (what `kubectl get -o yaml|json` prints)
//! flattened, UTF-16 with a byte-order mark (Windows PowerShell 5.1's `>`),
//! and stray Latin-1 bytes. Shared by the CLI, the npm package and the
//! webhook; the core (`no_std`) takes the `serde_json::Value`s.
//!
//! Every object keeps its document (counted from 1) and line (the line where
//! its document, or its List item, starts), so messages can name them.
//! Documents that are not Kubernetes objects (no `apiVersion` and `kind`:
//! a Helm `Chart.yaml`, a `values.yaml`) and documents that cannot be read
//! are [`Skipped`], not fatal: the rest of the text is still read.

mod decode;
mod json;
mod merge;
mod yaml;

use serde_json::{Map, Value};

pub use decode::{Decoded, Encoding, decode};

/// Largest manifest text accepted, in bytes: a `kubectl get configmaps,
/// secrets,issuers,clusterissuers,certificates -A -o yaml` of a large cluster
/// is tens of MiB.
pub const MAX_MANIFEST_BYTES: usize = 256 * 1024 * 1024;

/// Most objects read from one text (and by the CLI in all). A real cluster
/// dump holds thousands; the bound keeps the core's reference look-ups,
/// linear scans per reference, near ten seconds (100,000 objects took 40 s).
pub const MAX_OBJECTS: usize = 50_000;

/// One Kubernetes object and where it starts.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Manifest {
    /// The object, merge keys resolved.
    pub value: Value,
    /// Its document in the text, counted from 1.
    pub document: usize,
    /// Its position in the document's `List`, counted from 1.
    pub item: Option<usize>,
    /// The line (from 1) where its document or List item starts: the first
    /// line that is not blank, a comment or a `---` alone.
    pub line: usize,
}

/// Why a document or List item was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Skip {
    /// Valid YAML or JSON but no Kubernetes object (no `apiVersion` and
    /// `kind`): a Helm `Chart.yaml` or `values.yaml`, a kustomization.
    NotKubernetes,
    /// Could not be read: invalid YAML or JSON, a bad merge key, a List whose
    /// `items` is not a sequence.
    Unreadable,
}

/// A document or List item that was skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// The document, counted from 1.
    pub document: usize,
    /// The List item, counted from 1.
    pub item: Option<usize>,
    /// The line (from 1): where the document or item starts, or where the
    /// syntax error is.
    pub line: usize,
    /// What kind of skip.
    pub skip: Skip,
    /// What was wrong, for people.
    pub reason: String,
}

impl core::fmt::Display for Skipped {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "document {}", self.document)?;
        if let Some(item) = self.item {
            write!(f, ", item {item}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Something worth telling about how the text was read (not a problem in it).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Note {
    /// The line concerned (from 1).
    pub line: usize,
    /// What happened.
    pub message: String,
}

/// Everything read from one text.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Parsed {
    /// The Kubernetes objects, in order.
    pub objects: Vec<Manifest>,
    /// Documents and items not taken.
    pub skipped: Vec<Skipped>,
    /// How the text was decoded, when that was not plain UTF-8.
    pub notes: Vec<Note>,
}

impl Parsed {
    /// The first skip that was not merely a non-Kubernetes document.
    pub fn first_unreadable(&self) -> Option<&Skipped> {
        self.skipped
            .iter()
            .find(|skipped| skipped.skip == Skip::Unreadable)
    }
}

/// Why a text could not be used at all. Problems in one document are
/// [`Skipped`] instead.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Larger than [`MAX_MANIFEST_BYTES`].
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// More than [`MAX_OBJECTS`] objects.
    TooManyObjects {
        /// Where the object past the limit starts.
        line: usize,
    },
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::TooLarge { size } => write!(
                f,
                "is {size} bytes, over the limit of {MAX_MANIFEST_BYTES} bytes for manifests"
            ),
            Self::TooManyObjects { line } => {
                write!(f, "line {line}: more than {MAX_OBJECTS} objects")
            }
        }
    }
}

impl core::error::Error for Error {}

/// Decodes `bytes` ([`decode`]) and parses the text ([`parse`]); the notes
/// of decoding come first in [`Parsed::notes`]. Takes the bytes by value so
/// a UTF-8 file is never copied.
///
/// # Errors
/// [`Error::TooLarge`] over [`MAX_MANIFEST_BYTES`]; otherwise as [`parse`].
pub fn read(bytes: Vec<u8>) -> Result<Parsed, Error> {
    if bytes.len() > MAX_MANIFEST_BYTES {
        return Err(Error::TooLarge { size: bytes.len() });
    }
    let decoded = decode(bytes);
    let mut parsed = parse(&decoded.text)?;
    let mut notes = decoded.notes;
    notes.append(&mut parsed.notes);
    parsed.notes = notes;
    Ok(parsed)
}

/// Parses every document of `text` (YAML, JSON, or a stream of JSON values)
/// into one [`Manifest`] per Kubernetes object. Empty documents are passed
/// over; `kind: List` (and `*List`) items are flattened in order, and items
/// of a typed list (`ConfigMapList`) without `apiVersion`/`kind` get the
/// list's. A leading byte-order mark on any document is dropped.
///
/// # Errors
/// [`Error::TooManyObjects`] past [`MAX_OBJECTS`]; every other problem is a
/// [`Skipped`] document.
pub fn parse(text: &str) -> Result<Parsed, Error> {
    if json::looks_like_json(text) {
        let mut sink = Sink::default();
        let Err(failure) = json::parse(text, &mut sink)? else {
            return Ok(sink.parsed);
        };
        // `{a: 1}` and JSON documents between `---` lines are YAML.
        let mut as_yaml = Sink::default();
        yaml::parse(text, &mut as_yaml)?;
        if as_yaml.parsed.first_unreadable().is_none() {
            return Ok(as_yaml.parsed);
        }
        sink.skip(
            failure.document,
            None,
            failure.line,
            Skip::Unreadable,
            format!("not valid JSON: {}", failure.message),
        );
        return Ok(sink.parsed);
    }
    let mut sink = Sink::default();
    yaml::parse(text, &mut sink)?;
    Ok(sink.parsed)
}

/// Collects the objects and skips of the format readers.
#[derive(Default)]
struct Sink {
    parsed: Parsed,
}

impl Sink {
    /// One whole document.
    fn document(
        &mut self,
        value: Value,
        document: usize,
        line: usize,
        item_lines: &[usize],
    ) -> Result<(), Error> {
        match value {
            Value::Null => Ok(()),
            Value::Object(mut header) if is_list(&header) => {
                let items = match header.remove("items") {
                    Some(Value::Array(items)) => items,
                    Some(Value::Null) => Vec::new(),
                    _ => {
                        self.skip(
                            document,
                            None,
                            line,
                            Skip::Unreadable,
                            "a List's items must be a sequence".into(),
                        );
                        return Ok(());
                    }
                };
                // Item lines come from a scan of the text; when it does not
                // agree with the parser, the document's line is still true.
                let lines_agree = item_lines.len() == items.len();
                let items = items.into_iter().enumerate().map(|(index, item)| {
                    let item_line = item_lines
                        .get(index)
                        .copied()
                        .filter(|_| lines_agree)
                        .unwrap_or(line);
                    (item, item_line)
                });
                self.list(&header, items, document)
            }
            other => self.object(other, document, None, line),
        }
    }

    /// The items of a List whose other fields are `header`.
    fn list(
        &mut self,
        header: &Map<String, Value>,
        items: impl IntoIterator<Item = (Value, usize)>,
        document: usize,
    ) -> Result<(), Error> {
        // A typed list (`ConfigMapList`, as the API server returns it) leaves
        // kind and apiVersion out of its items.
        let item_kind = header
            .get("kind")
            .and_then(Value::as_str)
            .and_then(|kind| kind.strip_suffix("List"))
            .filter(|kind| !kind.is_empty());
        let api_version = header.get("apiVersion").and_then(Value::as_str);
        for (index, (mut item, line)) in items.into_iter().enumerate() {
            if let (Some(kind), Some(api_version), Value::Object(map)) =
                (item_kind, api_version, &mut item)
            {
                map.entry("kind").or_insert_with(|| kind.into());
                map.entry("apiVersion")
                    .or_insert_with(|| api_version.into());
            }
            self.object(item, document, Some(index + 1), line)?;
        }
        Ok(())
    }

    fn object(
        &mut self,
        value: Value,
        document: usize,
        item: Option<usize>,
        line: usize,
    ) -> Result<(), Error> {
        if let Some(reason) = not_kubernetes(&value) {
            self.skip(document, item, line, Skip::NotKubernetes, reason);
            return Ok(());
        }
        if self.parsed.objects.len() >= MAX_OBJECTS {
            return Err(Error::TooManyObjects { line });
        }
        self.parsed.objects.push(Manifest {
            value,
            document,
            item,
            line,
        });
        Ok(())
    }

    fn skip(
        &mut self,
        document: usize,
        item: Option<usize>,
        line: usize,
        skip: Skip,
        reason: String,
    ) {
        self.parsed.skipped.push(Skipped {
            document,
            item,
            line,
            skip,
            reason,
        });
    }
}

fn is_list(map: &Map<String, Value>) -> bool {
    map.get("kind")
        .and_then(Value::as_str)
        .is_some_and(|kind| kind.ends_with("List"))
        && map.contains_key("items")
}

/// Why `value` is not a Kubernetes object, or `None` when it is one.
fn not_kubernetes(value: &Value) -> Option<String> {
    let what = match value {
        Value::Object(map) => {
            let has = |key: &str| {
                map.get(key)
                    .and_then(Value::as_str)
                    .is_some_and(|text| !text.is_empty())
            };
            match (has("apiVersion"), has("kind")) {
                (true, true) => return None,
                (true, false) => "a mapping without kind",
                (false, true) => "a mapping without apiVersion",
                (false, false) => "a mapping without apiVersion and kind",
            }
        }
        Value::Array(_) => "a sequence",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "empty",
    };
    Some(format!("not a Kubernetes object ({what})"))
}

/// Counts lines up to byte offsets that mostly increase.
struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line (from 1) of byte `offset`.
    fn at(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let bytes = self.text.as_bytes();
        let end = offset.min(bytes.len());
        let start = self.offset.min(end);
        self.line += bytes[start..end].iter().filter(|&&b| b == b'\n').count();
        self.offset = end;
        self.line
    }
}

/// Adds `offset` to every `line N column M` of a parser's message, whose
/// lines count from the start of the slice it was given.
fn shift_lines(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len() + 8);
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        out.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && rest[digits..].starts_with(" column ")
            && let Ok(line) = rest[..digits].parse::<usize>()
        {
            out.push_str(&(line + offset).to_string());
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
