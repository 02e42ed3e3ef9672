//! YAML merge keys (`<<: *meta`, `<<: [*a, *b]`), as kubectl's YAML reader
//! resolves them. serde_norway hands them over as a plain `<<` key, which
//! would silently drop the merged fields (a merged `metadata.namespace`).

use serde_json::{Map, Value};

/// Resolves every merge key in `value`: keys of the mapping itself win over
/// merged ones, and an earlier mapping of a merge list wins over a later one.
/// Nested merges (a merged mapping that merges another) are resolved first.
///
/// Recursion is bounded by serde_norway's nesting limit on what it parses.
pub(crate) fn resolve(value: &mut Value) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            for child in map.values_mut() {
                resolve(child)?;
            }
            if let Some(merged) = map.remove("<<") {
                for source in sources(merged)? {
                    for (key, value) in source {
                        map.entry(key).or_insert(value);
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                resolve(item)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn sources(merged: Value) -> Result<Vec<Map<String, Value>>, String> {
    const WHAT: &str = "a merge key (<<) takes a mapping or a list of mappings";
    match merged {
        Value::Object(map) => Ok(vec![map]),
        Value::Array(list) => list
            .into_iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(WHAT.to_owned()),
            })
            .collect(),
        _ => Err(WHAT.to_owned()),
    }
}
