//! The finding-id contract: every id in `shared/spec/findings.tsv` exists in
//! the core's catalogue with the same severity, and `docs/findings.md` is
//! generated from the catalogue (regenerate with `CERTGATE_UPDATE_DOCS=1`).

use std::path::PathBuf;

use certgate_core::catalogue::ALL;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_spec_id_exists_with_its_severity() {
    let spec = repository().join("../shared/spec/findings.tsv");
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
    for rule in ALL {
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
        "# Finding ids\n\nGenerated from `crates/certgate-core/src/catalogue.rs` by `tests/catalogue.rs`; \
         do not edit by hand. Search the code for an id to find its check.\n\n\
         | id | severity | reference | description |\n|---|---|---|---|\n",
    );
    for rule in ALL {
        text.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.reference,
            rule.description.replace('|', "\\|")
        ));
    }
    text
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
