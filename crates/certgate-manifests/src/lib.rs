//! Kubernetes manifests to values: multi-document YAML or JSON, with
//! `kind: List` (what `kubectl get -o yaml` prints) flattened, so the core
//! (which is `no_std` and takes `serde_json::Value`s) sees one value per
//! object. Shared by the CLI, the npm package and the webhook.

use certgate_core::Error;
use serde::Deserialize;
use serde_json::Value;

/// Most objects read from one text (a `kubectl get -A -o yaml` of a large
/// cluster stays well below).
pub const MAX_OBJECTS: usize = 10_000;

/// Parses every document of `text` (YAML or JSON) into one value per object.
/// Empty documents are skipped; `kind: List` (and `*List`) items are
/// flattened in order.
///
/// # Errors
/// [`Error::Manifest`] naming the document (0-based) and what is wrong:
/// invalid YAML/JSON, a document that is not a mapping, an item that is not
/// an object, or more than [`MAX_OBJECTS`] objects.
pub fn parse(text: &str) -> Result<Vec<Value>, Error> {
    let mut objects = Vec::new();
    for (document, deserializer) in serde_norway::Deserializer::from_str(text).enumerate() {
        let value = Value::deserialize(deserializer).map_err(|error| Error::Manifest {
            document,
            field: String::new(),
            message: format!("not valid YAML or JSON: {error}"),
        })?;
        match value {
            Value::Null => continue,
            Value::Object(ref map) if is_list(map) => {
                let items =
                    map.get("items")
                        .and_then(Value::as_array)
                        .ok_or_else(|| Error::Manifest {
                            document,
                            field: "items".into(),
                            message: "a List must have an items array".into(),
                        })?;
                for (position, item) in items.iter().enumerate() {
                    if !item.is_object() {
                        return Err(Error::Manifest {
                            document,
                            field: format!("items[{position}]"),
                            message: "list item is not an object".into(),
                        });
                    }
                    objects.push(item.clone());
                }
            }
            Value::Object(_) => objects.push(value),
            _ => {
                return Err(Error::Manifest {
                    document,
                    field: String::new(),
                    message: "document is not a Kubernetes object (a mapping)".into(),
                });
            }
        }
        if objects.len() > MAX_OBJECTS {
            return Err(Error::Manifest {
                document,
                field: String::new(),
                message: format!("more than {MAX_OBJECTS} objects"),
            });
        }
    }
    Ok(objects)
}

fn is_list(map: &serde_json::Map<String, Value>) -> bool {
    map.get("kind")
        .and_then(Value::as_str)
        .is_some_and(|kind| kind == "List" || kind.ends_with("List"))
        && map.contains_key("items")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_yaml_and_lists() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n\
                    apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n";
        let objects = parse(text).expect("parses");
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[1]["kind"], "Secret");
    }

    #[test]
    fn json_and_errors_name_the_document() {
        assert_eq!(parse(r#"{"kind": "ConfigMap"}"#).expect("json").len(), 1);
        let error = parse("kind: A\n---\n: : :\n  - [").expect_err("invalid");
        assert!(
            matches!(error, Error::Manifest { document: 1, .. }),
            "{error}"
        );
        let error = parse("- just\n- a list\n").expect_err("not a mapping");
        assert!(error.to_string().contains("document 0"), "{error}");
    }
}
