//! JSON: one value, or a stream of them (`{…}{…}`, one per line, each file
//! of a `cat` with its byte-order mark). A List's items are read one at a
//! time from the raw text, so each gets its line and the whole List is
//! never held twice.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::{Error, Lines, Sink, shift_lines};

/// Where the JSON stream stopped making sense.
pub(crate) struct Failure {
    pub document: usize,
    pub line: usize,
    pub message: String,
}

pub(crate) fn looks_like_json(text: &str) -> bool {
    skip_space(text).starts_with(['{', '['])
}

fn skip_space(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '\u{FEFF}')
}

/// Byte offset of `inner`, a slice of `text`.
fn offset_in(text: &str, inner: &str) -> usize {
    // RawValue borrows from the text it was read from, so the difference is
    // the offset; saturate rather than trust that blindly.
    inner
        .as_ptr()
        .addr()
        .saturating_sub(text.as_ptr().addr())
        .min(text.len())
}

/// Reads every value of the stream into `sink`; `Ok(Err(…))` when a value
/// is not valid JSON (what was read before it stays in `sink`).
pub(crate) fn parse(text: &str, sink: &mut Sink) -> Result<Result<(), Failure>, Error> {
    let mut lines = Lines::new(text);
    let mut position = 0;
    let mut document = 0;
    loop {
        let rest = &text[position..];
        position += rest.len() - skip_space(rest).len();
        if position >= text.len() {
            return Ok(Ok(()));
        }
        document += 1;
        let line = lines.at(position);
        let mut deserializer = serde_json::Deserializer::from_str(&text[position..]);
        let raw = match <&RawValue>::deserialize(&mut deserializer) {
            Ok(raw) => raw,
            Err(error) => {
                return Ok(Err(Failure {
                    document,
                    line: line + error.line().saturating_sub(1),
                    message: shift_lines(&error.to_string(), line - 1),
                }));
            }
        };
        let start = offset_in(text, raw.get());
        position = start + raw.get().len();
        if let Err(error) = value(text, raw, document, line, &mut lines, sink)? {
            return Ok(Err(error));
        }
    }
}

/// One top-level value: a List item by item, anything else whole.
fn value(
    text: &str,
    raw: &RawValue,
    document: usize,
    line: usize,
    lines: &mut Lines<'_>,
    sink: &mut Sink,
) -> Result<Result<(), Failure>, Error> {
    let failure = |error: serde_json::Error| Failure {
        document,
        line: line + error.line().saturating_sub(1),
        message: shift_lines(&error.to_string(), line - 1),
    };
    if raw.get().starts_with('{')
        && let Ok(fields) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get())
    {
        let is_list = fields
            .get("kind")
            .and_then(|kind| serde_json::from_str::<String>(kind.get()).ok())
            .is_some_and(|kind| kind.ends_with("List"));
        let items = fields
            .get("items")
            .and_then(|items| serde_json::from_str::<Vec<&RawValue>>(items.get()).ok());
        if is_list && let Some(items) = items {
            let mut header = Map::new();
            for (key, field) in fields {
                if key != "items" {
                    match serde_json::from_str(field.get()) {
                        Ok(field) => header.insert(key, field),
                        Err(error) => return Ok(Err(failure(error))),
                    };
                }
            }
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                let item_line = lines.at(offset_in(text, item.get()));
                match serde_json::from_str(item.get()) {
                    Ok(item) => values.push((item, item_line)),
                    Err(error) => return Ok(Err(failure(error))),
                }
            }
            return sink.list(&header, values, document).map(Ok);
        }
    }
    match serde_json::from_str::<Value>(raw.get()) {
        Ok(value) => sink.document(value, document, line, &[]).map(Ok),
        Err(error) => Ok(Err(failure(error))),
    }
}
