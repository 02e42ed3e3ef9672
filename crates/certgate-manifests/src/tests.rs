use super::*;

fn places(parsed: &Parsed) -> Vec<(usize, Option<usize>, usize)> {
    parsed
        .objects
        .iter()
        .map(|object| (object.document, object.item, object.line))
        .collect()
}

fn names(parsed: &Parsed) -> Vec<&str> {
    parsed
        .objects
        .iter()
        .map(|object| object.value["metadata"]["name"].as_str().unwrap_or("?"))
        .collect()
}

#[test]
fn multi_document_yaml_counts_documents_from_1() {
    let text = "# header comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\n\
                apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(names(&parsed), ["a", "b"]);
    // The empty explicit document is document 2.
    assert_eq!(places(&parsed), [(1, None, 3), (3, Some(1), 11)]);
    assert!(parsed.skipped.is_empty() && parsed.notes.is_empty());
}

#[test]
fn a_broken_document_is_skipped_with_its_line_and_the_rest_is_read() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: [unclosed\n---\n\
                apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(names(&parsed), ["a", "c"]);
    assert_eq!(parsed.skipped.len(), 1);
    let skipped = &parsed.skipped[0];
    assert_eq!((skipped.document, skipped.skip), (2, Skip::Unreadable));
    assert!(skipped.line >= 5, "{skipped:?}");
    assert!(skipped.reason.contains("not valid YAML"), "{skipped:?}");
    // The parser's own `line N column M` counts in the file, not the document.
    assert!(!skipped.reason.contains("line 1 column"), "{skipped:?}");
    assert!(parsed.first_unreadable().is_some());
}

#[test]
fn non_kubernetes_documents_are_skipped_not_fatal() {
    let chart = "apiVersion: v2\nname: aio-trust\nversion: 0.1.0\n";
    let parsed = parse(chart).expect("parses");
    assert!(parsed.objects.is_empty());
    assert_eq!(parsed.skipped[0].skip, Skip::NotKubernetes);
    assert!(parsed.skipped[0].reason.contains("without kind"));
    assert_eq!(parsed.first_unreadable(), None);
    let parsed = parse("- just\n- a list\n").expect("parses");
    assert_eq!(
        parsed.skipped[0].reason,
        "not a Kubernetes object (a sequence)"
    );
    assert_eq!(
        parsed.skipped[0].to_string(),
        "document 1: not a Kubernetes object (a sequence)"
    );
}

#[test]
fn byte_order_marks_on_every_document() {
    let text = "\u{FEFF}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n\
                \u{FEFF}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n\
                ---\n\u{FEFF}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(names(&parsed), ["a", "b", "c"]);
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    assert_eq!(places(&parsed), [(1, None, 1), (2, None, 5), (3, None, 9)]);
}

#[test]
fn utf16_with_byte_order_marks() {
    let text = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: ü\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (bytes, encoding) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
        let decoded = decode(bytes.clone());
        assert_eq!(decoded.encoding, encoding);
        assert_eq!(decoded.text, text);
        let parsed = read(bytes).expect("reads");
        assert_eq!(names(&parsed), ["ü"]);
        assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
    }
    // A lone surrogate is replaced, and said so.
    let decoded = decode(vec![0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'\n', 0]);
    assert_eq!(decoded.text, "a\u{FFFD}\n");
    assert_eq!(decoded.notes.len(), 2);
}

#[test]
fn latin1_bytes_are_read_and_noted_with_their_line() {
    let mut bytes = b"apiVersion: v1\nkind: ConfigMap\n# Zertifikat f".to_vec();
    bytes.push(0xFC); // ü in Latin-1
    bytes.extend_from_slice(b"r den Broker\nmetadata: {name: a}\n");
    let decoded = decode(bytes.clone());
    assert_eq!(decoded.encoding, Encoding::Utf8WithLatin1);
    assert!(decoded.text.contains("für"));
    assert_eq!(decoded.notes[0].line, 3);
    assert!(
        decoded.notes[0].message.contains("Latin-1"),
        "{:?}",
        decoded.notes
    );
    let parsed = read(bytes).expect("reads");
    assert_eq!(names(&parsed), ["a"]);
    assert_eq!(parsed.notes.len(), 1);
}

#[test]
fn utf8_byte_order_mark_is_dropped_without_a_note() {
    let decoded = decode(b"\xEF\xBB\xBFkind: A\n".to_vec());
    assert_eq!(
        (decoded.text.as_str(), decoded.encoding, decoded.notes.len()),
        ("kind: A\n", Encoding::Utf8, 0)
    );
}

#[test]
fn json_plain_stream_and_newline_delimited() {
    let one = r#"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}"#;
    assert_eq!(names(&parse(one).expect("json")), ["a"]);
    let glued = format!("{one}{}", one.replace("\"a\"", "\"b\""));
    assert_eq!(names(&parse(&glued).expect("glued")), ["a", "b"]);
    let lines = format!("\u{FEFF}{one}\n\u{FEFF}{}\n", one.replace("\"a\"", "\"b\""));
    let parsed = parse(&lines).expect("ndjson");
    assert_eq!(names(&parsed), ["a", "b"]);
    assert_eq!(places(&parsed), [(1, None, 1), (2, None, 2)]);
}

#[test]
fn json_list_items_have_their_lines() {
    let text = "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n    {\n      \"apiVersion\": \"v1\",\n      \"kind\": \"ConfigMap\",\n      \"metadata\": {\"name\": \"a\"}\n    },\n    {\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"b\"}}\n  ],\n  \"kind\": \"List\"\n}\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(names(&parsed), ["a", "b"]);
    assert_eq!(places(&parsed), [(1, Some(1), 4), (1, Some(2), 9)]);
}

#[test]
fn broken_json_after_good_values_keeps_them() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n{\"kind\": }\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(names(&parsed), ["a"]);
    let skipped = &parsed.skipped[0];
    assert_eq!(
        (skipped.document, skipped.line, skipped.skip),
        (2, 2, Skip::Unreadable)
    );
    assert!(skipped.reason.contains("not valid JSON"), "{skipped:?}");
}

#[test]
fn flow_yaml_and_json_between_markers_are_yaml() {
    let parsed = parse("{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n").expect("flow");
    assert_eq!(names(&parsed), ["a"]);
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n---\n{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}\n";
    let parsed = parse(text).expect("marked");
    assert_eq!(names(&parsed), ["a", "b"]);
    assert!(parsed.skipped.is_empty());
}

const KUBECTL_LIST: &str = "apiVersion: v1\nitems:\n\
- apiVersion: v1\n  data:\n    ca.crt: |\n      -----BEGIN CERTIFICATE-----\n      MIIB\n      -----END CERTIFICATE-----\n  kind: ConfigMap\n  metadata:\n    name: kube-root-ca.crt\n    namespace: default\n\
- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n    namespace: default\n  type: Opaque\n\
kind: List\nmetadata:\n  resourceVersion: \"\"\n";

#[test]
fn yaml_list_items_have_their_lines() {
    let parsed = parse(KUBECTL_LIST).expect("parses");
    assert_eq!(names(&parsed), ["kube-root-ca.crt", "s"]);
    assert_eq!(places(&parsed), [(1, Some(1), 3), (1, Some(2), 13)]);
    assert_eq!(
        parsed.objects[0].value["data"]["ca.crt"],
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    );
    // The same List parsed whole (an alias across items forces it) agrees.
    let aliased = KUBECTL_LIST
        .replace("namespace: default\n  type", "namespace: *ns\n  type")
        .replacen("namespace: default", "namespace: &ns default", 1);
    assert!(aliased.contains("*ns") && aliased.contains("&ns"));
    let whole = parse(&aliased).expect("parses whole");
    assert_eq!(names(&whole), ["kube-root-ca.crt", "s"]);
    assert_eq!(places(&whole), places(&parsed));
    assert!(whole.skipped.is_empty(), "{:?}", whole.skipped);
    assert_eq!(whole.objects[1].value["metadata"]["namespace"], "default");
}

#[test]
fn typed_lists_give_their_items_kind_and_api_version() {
    let text =
        "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata: {name: a}\n  data: {x: y}\n";
    let parsed = parse(text).expect("parses");
    assert_eq!(parsed.objects[0].value["kind"], "ConfigMap");
    assert_eq!(parsed.objects[0].value["apiVersion"], "v1");
    assert_eq!(places(&parsed), [(1, Some(1), 4)]);
    let empty = parse("apiVersion: v1\nkind: List\nitems: []\n").expect("empty list");
    assert!(empty.objects.is_empty() && empty.skipped.is_empty());
    let bad = parse("apiVersion: v1\nkind: List\nitems: {a: 1}\n").expect("parses");
    assert_eq!(bad.skipped[0].skip, Skip::Unreadable);
}

#[test]
fn merge_keys_are_resolved() {
    // Anchors do not cross documents (YAML's rule): the alias is unreadable.
    let text = "x-meta: &meta {namespace: n}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: *meta\n  name: one\n";
    let parsed = parse(text).expect("parses");
    assert!(parsed.objects.is_empty());
    assert_eq!(parsed.skipped[0].skip, Skip::NotKubernetes);
    assert_eq!(
        (parsed.skipped[1].document, parsed.skipped[1].skip),
        (2, Skip::Unreadable)
    );
    let single = "\
apiVersion: v1
kind: List
x-meta: &meta
  namespace: azure-iot-operations
  labels: {team: a}
x-more: &more
  annotations: {owner: b}
  labels: {team: ignored}
x-nested: &nested
  <<: *meta
  finalizers: [f]
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    <<: *meta
    name: one
- apiVersion: v1
  kind: ConfigMap
  metadata:
    <<: [*more, *meta]
    name: two
    namespace: own
- apiVersion: v1
  kind: ConfigMap
  metadata:
    <<: *nested
    name: three
";
    let parsed = parse(single).expect("parses");
    assert_eq!(names(&parsed), ["one", "two", "three"]);
    let meta = |index: usize| &parsed.objects[index].value["metadata"];
    assert_eq!(meta(0)["namespace"], "azure-iot-operations");
    assert_eq!(meta(0)["labels"]["team"], "a");
    assert!(meta(0).get("<<").is_none());
    // Own keys win, then the first mapping of the list.
    assert_eq!(meta(1)["namespace"], "own");
    assert_eq!(meta(1)["labels"]["team"], "ignored");
    assert_eq!(meta(1)["annotations"]["owner"], "b");
    assert_eq!(meta(2)["namespace"], "azure-iot-operations");
    assert_eq!(meta(2)["finalizers"][0], "f");
    assert_eq!(
        places(&parsed),
        [(1, Some(1), 13), (1, Some(2), 18), (1, Some(3), 24)]
    );
    let bad = parse("apiVersion: v1\nkind: A\nmetadata:\n  <<: 3\n").expect("parses");
    assert_eq!(bad.skipped[0].skip, Skip::Unreadable);
    assert!(bad.skipped[0].reason.contains("merge key"));
}

#[test]
fn too_many_objects_and_too_large() {
    let text = "{\"apiVersion\":\"v1\",\"kind\":\"A\",\"metadata\":{\"name\":\"a\"}}\n"
        .repeat(MAX_OBJECTS + 1);
    assert!(matches!(
        parse(&text),
        Err(Error::TooManyObjects { line }) if line == MAX_OBJECTS + 1
    ));
    let size = MAX_MANIFEST_BYTES + 1;
    assert_eq!(read(vec![b' '; size]), Err(Error::TooLarge { size }));
}

#[test]
fn parser_lines_are_shifted_to_the_file() {
    assert_eq!(
        shift_lines(
            "did not find key at line 2 column 3, while parsing at line 1 column 1",
            10
        ),
        "did not find key at line 12 column 3, while parsing at line 11 column 1"
    );
    assert_eq!(shift_lines("line 5 is fine", 1), "line 5 is fine");
}
