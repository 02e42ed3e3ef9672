//! Parse corpus: the x509 certificates of pyca's `cryptography-vectors`.
//!
//! For every certificate file under `x509/` it records whether pyca
//! `cryptography` (through `differential/pyca_parse.py`), OpenSSL (the
//! `openssl` crate) and certgate (`certgate_core::read`) parse it, prints the
//! counts, and fails for each file that pyca and OpenSSL both parse and
//! certgate does not, unless `pyca-divergences.tsv` lists it with a reason.
//! A listed file that certgate now parses fails too (remove its line).
//!
//! Needs `pip install cryptography==48.0.0 cryptography-vectors==48.0.0`;
//! `CERTGATE_PYCA_VECTORS` may name the package directory instead.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The versions the divergence list was made with.
const PYCA_VERSION: &str = "48.0.0";

const INSTALL: &str = "pip install cryptography==48.0.0 cryptography-vectors==48.0.0";

fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CERTGATE_PYCA_VECTORS") {
        return PathBuf::from(dir);
    }
    let output = Command::new("python3")
        .args([
            "-c",
            "import cryptography_vectors, os; print(os.path.dirname(cryptography_vectors.__file__))",
        ])
        .output()
        .unwrap_or_else(|error| panic!("cannot run python3 ({error}); {INSTALL}"));
    assert!(
        output.status.success(),
        "cryptography-vectors is not installed ({}); {INSTALL}, or set CERTGATE_PYCA_VECTORS",
        String::from_utf8_lossy(&output.stderr).trim()
    );
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim())
}

/// A file of `x509/` that holds certificates: PEM with a CERTIFICATE block,
/// or DER (`.der`, PKITS's `.crt`) outside the OCSP and CSR folders, CRLs
/// and the one bare TBSCertificate.
fn is_certificate_file(relative: &str, bytes: &[u8]) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if relative.starts_with("ocsp/") || relative.starts_with("requests/") {
        return false;
    }
    if name.ends_with(".pem") {
        let text = String::from_utf8_lossy(bytes);
        return text.lines().any(|line| {
            let line = line.trim();
            line == "-----BEGIN CERTIFICATE-----" || line == "-----BEGIN X509 CERTIFICATE-----"
        });
    }
    (name.ends_with(".der") || name.ends_with(".crt"))
        && !name.starts_with("crl_")
        // A precertificate's TBSCertificate, not a certificate.
        && name != "cryptography-scts-tbs-precert.der"
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// pyca's verdict per path, from the helper script.
fn pyca_verdicts(paths: &[PathBuf]) -> BTreeMap<PathBuf, Result<(), String>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("differential/pyca_parse.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run python3 ({error}); {INSTALL}"));
    let mut list = String::new();
    for path in paths {
        list.push_str(&path.to_string_lossy());
        list.push('\n');
    }
    child
        .stdin
        .take()
        .expect("stdin was piped")
        .write_all(list.as_bytes())
        .expect("write the file list to pyca_parse.py");
    let output = child.wait_with_output().expect("pyca_parse.py runs");
    assert!(
        output.status.success(),
        "pyca_parse.py failed (is cryptography installed? {INSTALL}):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("pyca_parse.py prints UTF-8");
    let mut lines = text.lines();
    let header: serde_json::Value =
        serde_json::from_str(lines.next().expect("version line")).expect("version JSON");
    for package in ["cryptography", "cryptography_vectors"] {
        assert_eq!(
            header[package].as_str(),
            Some(PYCA_VERSION),
            "{package} {} is installed; pyca-divergences.tsv was made with {PYCA_VERSION}: {INSTALL}",
            header[package]
        );
    }
    lines
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("result JSON");
            let path = PathBuf::from(value["path"].as_str().expect("path"));
            let verdict = if value["parsed"].as_bool() == Some(true) {
                Ok(())
            } else {
                Err(value["error"].as_str().unwrap_or("?").to_string())
            };
            (path, verdict)
        })
        .collect()
}

fn openssl_parses(name: &str, bytes: &[u8]) -> bool {
    if name.ends_with(".pem") {
        openssl::x509::X509::stack_from_pem(bytes).is_ok_and(|stack| !stack.is_empty())
    } else {
        openssl::x509::X509::from_der(bytes).is_ok()
    }
}

/// certgate's verdict: every block a certificate, none a `bundle.parse_error`.
fn certgate_verdict(bytes: &[u8]) -> Result<(), String> {
    let inventory = certgate_core::read(bytes).map_err(|error| error.to_string())?;
    if let Some(finding) = inventory
        .findings
        .iter()
        .find(|finding| finding.id() == "bundle.parse_error")
    {
        return Err(finding.message.clone());
    }
    if inventory.certificates.is_empty() {
        return Err("no certificate".into());
    }
    Ok(())
}

fn verdict(result: &Result<(), String>) -> String {
    match result {
        Ok(()) => "ok".into(),
        Err(reason) => format!("fails ({reason})"),
    }
}

fn divergences() -> BTreeMap<String, String> {
    include_str!("pyca-divergences.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (path, reason) = line.split_once('\t').expect("path<TAB>reason");
            (path.to_string(), reason.to_string())
        })
        .collect()
}

#[test]
fn certgate_parses_what_pyca_and_openssl_parse() {
    let root = vectors_dir().join("x509");
    assert!(
        root.is_dir(),
        "{} is not a directory: is cryptography-vectors installed? {INSTALL}",
        root.display()
    );
    let mut all = Vec::new();
    walk(&root, &mut all);
    all.sort();
    let mut files = Vec::new();
    for path in all {
        let bytes = std::fs::read(&path).expect("read a vector");
        let relative = path
            .strip_prefix(&root)
            .expect("under x509/")
            .to_string_lossy()
            .replace('\\', "/");
        if is_certificate_file(&relative, &bytes) {
            files.push((path, relative, bytes));
        }
    }
    let paths: Vec<PathBuf> = files.iter().map(|(path, _, _)| path.clone()).collect();
    let pyca = pyca_verdicts(&paths);

    let listed = divergences();
    let mut counts = [0usize; 4];
    let mut unexplained = Vec::new();
    let mut diverging = BTreeSet::new();
    let mut notes = Vec::new();
    for (path, relative, bytes) in &files {
        let by_pyca = pyca.get(path).is_some_and(Result::is_ok);
        let by_openssl = openssl_parses(relative, bytes);
        let by_certgate = certgate_verdict(bytes);
        counts[0] += 1;
        counts[1] += usize::from(by_pyca);
        counts[2] += usize::from(by_openssl);
        counts[3] += usize::from(by_certgate.is_ok());
        if !(by_pyca == by_openssl && by_openssl == by_certgate.is_ok()) {
            notes.push(format!(
                "  {relative}: pyca {} openssl {} certgate {}",
                pyca.get(path)
                    .map_or_else(|| "missing from pyca_parse.py".into(), verdict),
                if by_openssl { "ok" } else { "fails" },
                verdict(&by_certgate),
            ));
        }
        if let (true, true, Err(reason)) = (by_pyca, by_openssl, &by_certgate) {
            diverging.insert(relative.clone());
            if !listed.contains_key(relative) {
                unexplained.push(format!("{relative}\t{reason}"));
            }
        }
    }
    println!(
        "files {}, pyca parses {}, openssl parses {}, certgate parses {}, certgate alone fails {}",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        diverging.len()
    );
    println!("files the three parsers disagree on:");
    for note in &notes {
        println!("{note}");
    }
    // The selection must keep finding the corpus (PKITS alone has 405 files).
    assert!(
        counts[0] > 500,
        "only {} certificate files under {}",
        counts[0],
        root.display()
    );
    assert!(
        unexplained.is_empty(),
        "pyca and OpenSSL parse these, certgate does not (fix the core or list them in tests/pyca-divergences.tsv):\n{}",
        unexplained.join("\n")
    );
    let stale: Vec<_> = listed
        .keys()
        .filter(|path| !diverging.contains(*path))
        .collect();
    assert!(
        stale.is_empty(),
        "listed in pyca-divergences.tsv but no longer diverging (remove them): {stale:?}"
    );
}
