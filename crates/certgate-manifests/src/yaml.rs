//! Multi-document YAML. The text is cut into documents at `---` and `...`
//! lines (YAML forbids both at the start of a line inside a document, so the
//! cut is the parser's), and each is parsed on its own: a broken document
//! does not lose the others, a byte-order mark at the start of a later
//! document (`cat a.yaml b.yaml`) can be dropped, and every document and
//! List item gets its line.
//!
//! A block-style List (`items:` at the start of a line, items as `- `
//! lines) is parsed item by item, so a large `kubectl get -o yaml` dump is
//! never held as one parse of the whole document; any surprise (an alias
//! across items, flow style) falls back to parsing the document whole.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::{Error, Sink, Skip, merge, shift_lines};

/// One document of the stream: a slice of the text.
struct Segment {
    start: usize,
    end: usize,
    /// The line of `start`.
    start_line: usize,
    /// The first line with content, if any.
    content_line: Option<usize>,
}

pub(crate) fn parse(text: &str, sink: &mut Sink) -> Result<(), Error> {
    for (index, segment) in segments(text).into_iter().enumerate() {
        let slice = without_byte_order_marks(&text[segment.start..segment.end]);
        let line = segment.content_line.unwrap_or(segment.start_line);
        document(&slice, segment.start_line, index + 1, line, sink)?;
    }
    Ok(())
}

fn marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    !trimmed.is_empty() && !trimmed.starts_with('#') && !line.starts_with('%')
}

/// The documents of `text`. A stretch with only comments, blank lines or
/// directives is no document of its own (it goes with the next `---`).
fn segments(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = Segment {
        start: 0,
        end: 0,
        start_line: 1,
        content_line: None,
    };
    let mut explicit = false;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let line = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
        let line = line.trim_end_matches(['\n', '\r']);
        if marker(line, "---") {
            if explicit || current.content_line.is_some() {
                current.end = offset;
                segments.push(current);
                current = Segment {
                    start: offset,
                    end: 0,
                    start_line: number,
                    content_line: None,
                };
            }
            explicit = true;
            // `--- |` or `--- {a: 1}`: the document starts on the marker line.
            if is_content(&line[3..]) {
                current.content_line = Some(number);
            }
        } else if marker(line, "...") {
            let end = offset + raw.len();
            if explicit || current.content_line.is_some() {
                current.end = end;
                segments.push(current);
            }
            current = Segment {
                start: end,
                end: 0,
                start_line: number + 1,
                content_line: None,
            };
            explicit = false;
        } else if current.content_line.is_none() && is_content(line) {
            current.content_line = Some(number);
        }
        offset += raw.len();
    }
    if explicit || current.content_line.is_some() {
        current.end = text.len();
        segments.push(current);
    }
    segments
}

/// `slice` without a byte-order mark at the start of any line (files joined
/// with `cat` keep theirs); copied only when there is one.
fn without_byte_order_marks(slice: &str) -> Cow<'_, str> {
    if !slice.contains('\u{FEFF}') {
        return Cow::Borrowed(slice);
    }
    Cow::Owned(
        slice
            .split_inclusive('\n')
            .map(|line| line.strip_prefix('\u{FEFF}').unwrap_or(line))
            .collect(),
    )
}

/// A parse failure: the line (counted in the slice parsed) and the message.
struct Failure {
    line: Option<usize>,
    message: String,
}

/// Parses one YAML document, merge keys resolved.
fn value(text: &str) -> Result<Value, Failure> {
    let mut value =
        Value::deserialize(serde_norway::Deserializer::from_str(text)).map_err(|error| {
            Failure {
                line: error.location().map(|location| location.line()),
                message: format!("not valid YAML: {error}"),
            }
        })?;
    // Most manifests have no merge key: skip the walk.
    if text.contains("<<") {
        merge::resolve(&mut value).map_err(|message| Failure {
            line: None,
            message,
        })?;
    }
    Ok(value)
}

fn document(
    text: &str,
    start_line: usize,
    document: usize,
    line: usize,
    sink: &mut Sink,
) -> Result<(), Error> {
    let layout = list_layout(text, start_line);
    if let Some(layout) = &layout
        && let Some((header, items)) = list_by_items(text, layout)
    {
        return sink.list(&header, items, document);
    }
    match value(text) {
        Ok(value) => {
            let item_lines = layout.map_or_else(Vec::new, |layout| {
                layout.items.iter().map(|(_, line)| *line).collect()
            });
            sink.document(value, document, line, &item_lines)
        }
        Err(failure) => {
            let offset = start_line - 1;
            sink.skip(
                document,
                None,
                failure.line.map_or(line, |line| line + offset),
                Skip::Unreadable,
                shift_lines(&failure.message, offset),
            );
            Ok(())
        }
    }
}

/// Where a block-style List's parts are in a document's text.
struct Layout {
    /// Byte offset of the `items:` line.
    items_key: usize,
    /// Byte offset and line of each item's `-` line.
    items: Vec<(usize, usize)>,
    /// Byte offset where the fields after the items start.
    tail: usize,
}

/// Finds `items:` at the start of a line followed by `- ` items (what
/// kubectl prints); `None` for anything else.
fn list_layout(text: &str, start_line: usize) -> Option<Layout> {
    let mut offset = 0;
    let mut items_key = None;
    let mut indent = None;
    let mut items = Vec::new();
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let number = start_line + index;
        let line = raw.trim_end_matches(['\n', '\r']);
        let here = offset;
        offset += raw.len();
        let Some(key) = items_key else {
            let rest = line.strip_prefix("items:");
            if rest.is_some_and(|rest| {
                let rest = rest.trim_start_matches([' ', '\t']);
                rest.is_empty() || rest.starts_with('#')
            }) {
                items_key = Some(here);
            }
            continue;
        };
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let column = line.len() - trimmed.len();
        let starts_item = marker(trimmed, "-");
        let Some(indent) = indent else {
            if !starts_item {
                return None;
            }
            indent = Some(column);
            items.push((here, number));
            continue;
        };
        if column > indent {
            continue;
        }
        if column == indent && starts_item {
            items.push((here, number));
            continue;
        }
        return (column == 0).then_some(Layout {
            items_key: key,
            items,
            tail: here,
        });
    }
    let items_key = items_key?;
    indent?;
    Some(Layout {
        items_key,
        items,
        tail: text.len(),
    })
}

/// A List's fields other than `items`, and its items with their lines.
type SplitList = (Map<String, Value>, Vec<(Value, usize)>);

/// Parses a List item by item: the fields before and after `items:`, then
/// each item as a one-element sequence. `None` when anything does not fit,
/// for the caller to parse the document whole.
fn list_by_items(text: &str, layout: &Layout) -> Option<SplitList> {
    let mapping = |slice: &str| match value(slice).ok()? {
        Value::Object(map) => Some(map),
        Value::Null => Some(Map::new()),
        _ => None,
    };
    let mut header = mapping(&text[..layout.items_key])?;
    for (key, value) in mapping(&text[layout.tail..])? {
        if header.insert(key, value).is_some() {
            return None;
        }
    }
    let is_list = header
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|kind| kind.ends_with("List"));
    if !is_list {
        return None;
    }
    let mut items = Vec::with_capacity(layout.items.len());
    for (index, &(start, line)) in layout.items.iter().enumerate() {
        let end = layout
            .items
            .get(index + 1)
            .map_or(layout.tail, |&(next, _)| next);
        let Value::Array(mut sequence) = value(&text[start..end]).ok()? else {
            return None;
        };
        if sequence.len() != 1 {
            return None;
        }
        items.push((sequence.pop()?, line));
    }
    Some((header, items))
}
