//! The finding-id contract: every id in `tests/data/findings.tsv` (the
//! project's contract with users' scripts, vendored from the spec) exists in
//! the core's catalogue with that default severity, and `docs/findings.md`
//! is generated from the catalogue (regenerate with `CERTGATE_UPDATE_DOCS=1`).

use std::path::PathBuf;

use certgate_core::catalogue::all;
use certgate_core::client::{Client, Position};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_spec_id_exists_with_its_severity() {
    let spec = repository().join("tests/data/findings.tsv");
    let text = std::fs::read_to_string(&spec)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", spec.display()));
    let mut checked = 0;
    for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let mut columns = line.split('\t');
        let (Some(id), Some(severity)) = (columns.next(), columns.next()) else {
            panic!("malformed spec line {line:?}");
        };
        let rule = certgate_core::catalogue::rule(id)
            .unwrap_or_else(|| panic!("spec id {id} is missing from the catalogue"));
        assert_eq!(rule.severity.as_str(), severity, "severity of {id}");
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} spec ids read");
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut seen = std::collections::BTreeSet::new();
    for rule in all() {
        assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
        let (family, name) = rule.id.split_once('.').expect("family.name");
        assert!(!family.is_empty() && !name.is_empty());
        assert!(
            rule.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'),
            "id {} has characters outside [a-z0-9_.]",
            rule.id
        );
    }
}

fn render() -> String {
    let mut text = String::from(
        "# Finding ids\n\nGenerated from `crates/certgate-core/src/catalogue/` by `tests/catalogue.rs`; \
         do not edit by hand. Search the code for an id to find its declaration and its check.\n\n\
         The severity is the default. Under the client model (certgate's default verdict) a \
         certificate or path rule is an error only where a selected client rejects it (the \
         *rejected by* column names the clients and the positions on the path), and at most a \
         warning elsewhere; under `--profile rfc5280` or `webpki` their MUST rules decide. Rules \
         with an empty *rejected by* (Kubernetes objects, bundles as files) keep their severity.\n\n\
         | id | severity | rejected by | reference | description | fix |\n|---|---|---|---|---|---|\n",
    );
    for rule in all() {
        text.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rejected_by(rule),
            rule.reference,
            rule.description.replace('|', "\\|"),
            rule.fix.replace('|', "\\|")
        ));
    }
    text
}

/// `openssl (leaf, intermediate); go (anchor)`, `none`, or empty when no
/// client judges the rule.
fn rejected_by(rule: &certgate_core::catalogue::Rule) -> String {
    let Some(rejections) = rule.rejected_by else {
        return String::new();
    };
    let mut parts = Vec::new();
    for client in Client::ALL {
        let positions = rejections.client(client);
        let at: Vec<&str> = [
            (Position::Leaf, "leaf"),
            (Position::Intermediate, "intermediate"),
            (Position::Anchor, "anchor"),
        ]
        .into_iter()
        .filter(|(position, _)| positions.contains(*position))
        .map(|(_, name)| name)
        .collect();
        if !at.is_empty() {
            parts.push(format!("{} ({})", client.name(), at.join(", ")));
        }
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join("; ")
    }
}

#[test]
fn docs_are_generated_from_the_catalogue() {
    let path = repository().join("docs/findings.md");
    let expected = render();
    if std::env::var_os("CERTGATE_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().expect("docs dir")).expect("mkdir docs");
        std::fs::write(&path, &expected).expect("write docs");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/findings.md is stale: run CERTGATE_UPDATE_DOCS=1 cargo test -p certgate-tests --test catalogue"
    );
}
