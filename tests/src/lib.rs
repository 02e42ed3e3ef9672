//! The x509-limbo harness as a library, so the binary and the tests share it.
//!
//! Limbo's schema: `data/limbo/README.md` (upstream: C2SP/x509-limbo).

use core::time::Duration;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use certgate_core::client::{Client, ClientSet};
use certgate_core::{
    Certificate, PeerName, Profile, Purpose, UnixTime, ValidationOptions, validate_path,
};
use serde::{Deserialize, Serialize};

pub mod oracle;

/// One limbo test case (the fields certgate and the oracles read).
///
/// Serialize writes the case back in limbo's format for the Go oracle.
#[derive(Serialize, Deserialize, Clone)]
pub struct Testcase {
    pub id: String,
    #[serde(default)]
    pub features: Vec<String>,
    pub validation_kind: String,
    pub trusted_certs: Vec<String>,
    #[serde(default)]
    pub untrusted_intermediates: Vec<String>,
    pub peer_certificate: String,
    #[serde(default)]
    pub validation_time: Option<String>,
    #[serde(default)]
    pub signature_algorithms: Vec<String>,
    #[serde(default)]
    pub key_usage: Vec<String>,
    #[serde(default)]
    pub extended_key_usage: Vec<String>,
    /// Required by limbo; optional in the generated corpora.
    #[serde(default)]
    pub expected_result: Option<String>,
    #[serde(default)]
    pub expected_peer_name: Option<PeerNameJson>,
    #[serde(default)]
    pub expected_peer_names: Vec<PeerNameJson>,
    #[serde(default)]
    pub max_chain_depth: Option<usize>,
    #[serde(default)]
    pub crls: Vec<String>,
}

/// `{kind, value}`.
#[derive(Serialize, Deserialize, Clone)]
pub struct PeerNameJson {
    pub kind: String,
    pub value: String,
}

/// The suite.
#[derive(Serialize, Deserialize, Clone)]
pub struct Suite {
    #[serde(default = "limbo_version")]
    pub version: u32,
    pub testcases: Vec<Testcase>,
}

const fn limbo_version() -> u32 {
    1
}

/// One result, in limbo's result format.
#[derive(Serialize, Deserialize, Clone)]
pub struct CaseResult {
    pub id: String,
    pub actual_result: String,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// The result file.
#[derive(Serialize, Deserialize)]
pub struct Results {
    pub version: u32,
    pub harness: String,
    pub results: Vec<CaseResult>,
}

/// The vendored limbo suite, or `CERTGATE_LIMBO` when set.
pub fn limbo_path() -> PathBuf {
    std::env::var_os("CERTGATE_LIMBO").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/limbo/limbo.json.gz"),
        PathBuf::from,
    )
}

/// Reads a limbo-format suite, gzipped (`.gz`) or plain JSON.
pub fn read_suite(path: &Path) -> Result<Suite, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json = if path.extension().is_some_and(|ext| ext == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        text
    } else {
        String::from_utf8(bytes).map_err(|e| format!("{}: {e}", path.display()))?
    };
    serde_json::from_str(&json).map_err(|e| format!("{}: not limbo JSON: {e}", path.display()))
}

fn parse_pem_certificate(pem: &str) -> Result<Certificate, String> {
    let inventory = certgate_core::read(pem.as_bytes()).map_err(|e| e.to_string())?;
    if let Some(finding) = inventory.findings.first() {
        return Err(finding.message.clone());
    }
    inventory
        .certificates
        .into_iter()
        .next()
        .map(|entry| entry.certificate)
        .ok_or_else(|| "no certificate".into())
}

fn peer_name(name: &PeerNameJson) -> Option<PeerName> {
    match name.kind.as_str() {
        "DNS" | "IP" => PeerName::parse(&name.value),
        "RFC822" => Some(PeerName::Email(name.value.clone())),
        _ => None,
    }
}

/// Profile for a case: limbo's `webpki::` namespace states CA/B Forum rules,
/// everything else RFC 5280. certgate offers both profiles; the harness
/// picks the one the case is written for.
pub fn profile_for(id: &str) -> Profile {
    // BetterTLS tests what TLS clients do, so it is a Web PKI suite too.
    if id.starts_with("webpki::") || id.starts_with("bettertls::") {
        Profile::Webpki
    } else {
        Profile::Rfc5280
    }
}

/// Runs one case under the strict profile written for it ([`profile_for`]).
pub fn run_case(case: &Testcase) -> CaseResult {
    run_case_as(case, None)
}

/// Runs one case as certgate predicts `client` would judge it (`Some`), or
/// under the case's strict profile (`None`).
pub fn run_case_as(case: &Testcase, client: Option<Client>) -> CaseResult {
    let start = Instant::now();
    let (actual, context) = evaluate(case, client);
    CaseResult {
        id: case.id.clone(),
        actual_result: actual.into(),
        context,
        elapsed: start.elapsed(),
    }
}

fn evaluate(case: &Testcase, client: Option<Client>) -> (&'static str, Option<String>) {
    let leaf = match parse_pem_certificate(&case.peer_certificate) {
        Ok(leaf) => leaf,
        Err(error) => return ("FAILURE", Some(format!("leaf: {error}"))),
    };
    let mut intermediates = Vec::new();
    for pem in &case.untrusted_intermediates {
        // An intermediate that does not parse cannot be part of any path.
        if let Ok(certificate) = parse_pem_certificate(pem) {
            intermediates.push(certificate);
        }
    }
    let mut anchors = Vec::new();
    for pem in &case.trusted_certs {
        if let Ok(certificate) = parse_pem_certificate(pem) {
            anchors.push(certificate);
        }
    }
    let time = match &case.validation_time {
        Some(text) => match UnixTime::parse_rfc3339(text) {
            Some(time) => time,
            None => {
                return (
                    "SKIPPED",
                    Some(format!("unreadable validation_time {text}")),
                );
            }
        },
        None => UnixTime::from_seconds(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0),
        ),
    };
    let mut options = ValidationOptions::new(time);
    match client {
        Some(client) => {
            options.profile = Profile::Clients;
            options.clients = ClientSet::of(&[client]);
        }
        None => options.profile = profile_for(&case.id),
    }
    // A SERVER case validates a TLS server: its purpose is serverAuth.
    options.purpose = if case.extended_key_usage.iter().any(|e| e == "serverAuth")
        || case.validation_kind == "SERVER"
    {
        Purpose::Server
    } else if case.extended_key_usage.iter().any(|e| e == "clientAuth") {
        Purpose::Client
    } else if client == Some(Client::Rustls) && case.validation_kind == "CLIENT" {
        // rustls's client-certificate verifier always asks for clientAuth
        // (the oracle runs it so): predict that use, not "any purpose".
        Purpose::Client
    } else {
        Purpose::Any
    };
    options.max_intermediates = case.max_chain_depth;
    for pem in &case.crls {
        match certgate_core::read_crls(&certgate_core::Source::new("crl", pem.as_bytes())) {
            Ok(crls) => options.crls.extend(crls),
            Err(error) => return ("FAILURE", Some(format!("CRL: {error}"))),
        }
    }
    let mut peer_names = Vec::new();
    if case.validation_kind == "SERVER" {
        if let Some(name) = &case.expected_peer_name {
            match peer_name(name) {
                Some(name) => peer_names.push(name),
                None => return ("FAILURE", Some(format!("invalid peer name {}", name.value))),
            }
        }
    } else {
        for name in &case.expected_peer_names {
            match peer_name(name) {
                Some(name) => peer_names.push(name),
                None => return ("FAILURE", Some(format!("invalid peer name {}", name.value))),
            }
        }
    }
    options.peer_name = peer_names.first().cloned();
    let result = validate_path(&leaf, &intermediates, &anchors, &options);
    let mut errors: Vec<String> = result
        .findings
        .iter()
        .filter(|f| f.severity == certgate_core::Severity::Error)
        .map(|f| {
            format!(
                "{} [{}]: {}",
                f.id(),
                f.certificate.map_or(-1, |c| c as i64),
                f.message
            )
        })
        .collect();
    // CLIENT cases: every expected name must match.
    if result.valid {
        for name in peer_names.iter().skip(1) {
            let mut more = options.clone();
            more.peer_name = Some(name.clone());
            let again = validate_path(&leaf, &intermediates, &anchors, &more);
            if !again.valid {
                errors.push(format!("name {} does not match", name.to_text()));
            }
        }
    }
    if errors.is_empty() {
        ("SUCCESS", None)
    } else {
        ("FAILURE", Some(errors.join("; ")))
    }
}

/// Runs every case under its strict profile.
pub fn run_suite(suite: &Suite) -> Results {
    Results {
        version: 1,
        harness: format!("certgate-{}", env!("CARGO_PKG_VERSION")),
        results: suite.testcases.iter().map(run_case).collect(),
    }
}

/// certgate's prediction of `client`'s verdict on every case.
pub fn predict(suite: &Suite, client: Client) -> Results {
    Results {
        version: 1,
        harness: format!("certgate-{}-{}", env!("CARGO_PKG_VERSION"), client.name()),
        results: suite
            .testcases
            .iter()
            .map(|case| run_case_as(case, Some(client)))
            .collect(),
    }
}
