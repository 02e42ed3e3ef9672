//! Per-file rules (`opcua.file.*`): what `az iot ops connector opcua
//! trust|issuer add` refuses — extension, encoding, one certificate per
//! file, expiry, CA-only issuer list, a CRL beside its CA, the Key Vault
//! secret name — and what it lets through that fails later (not yet valid,
//! PEM in a `.der`, a PKCS#12 or a key where a certificate belongs).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{Options, Source, Store};
use crate::Error;
use crate::catalogue as rules;
use crate::certificate::Certificate;
use crate::crl::Crl;
use crate::finding::{Finding, Findings, is_valid, normalize};
use crate::input::{BlockContent, Encoding, decode};
use crate::report::{Report, ReportCertificate};

/// How the files reach the store: the az CLI (no CRL in the trust list)
/// or a Secret in the cluster (`kubectl patch` may add CRLs to the trust list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Upload {
    /// `az iot ops connector opcua trust|issuer add`.
    Cli,
    /// A data key of the synced Secret.
    Cluster,
}

/// What a store file holds, once read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Content {
    /// A certificate (the first, when a file held several).
    Certificate(Box<Certificate>),
    /// A CRL.
    Crl(Box<Crl>),
    /// Nothing the store can use; a finding says why.
    Unusable,
}

/// One file of a store, parsed once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoreFile {
    /// The file name (a Secret data key).
    pub name: String,
    /// The store.
    pub store: Store,
    /// The name before the last dot.
    pub stem: String,
    /// The extension after the last dot, lower-cased (`""` when none).
    pub extension: String,
    /// What it holds.
    pub content: Content,
}

impl StoreFile {
    /// The certificate, if the file holds one.
    pub fn certificate(&self) -> Option<&Certificate> {
        match &self.content {
            Content::Certificate(certificate) => Some(certificate),
            _ => None,
        }
    }

    /// The CRL, if the file holds one.
    pub fn crl(&self) -> Option<&Crl> {
        match &self.content {
            Content::Crl(crl) => Some(crl),
            _ => None,
        }
    }
}

/// `(stem, extension as written)`: split at the last dot.
pub(crate) fn split_name(name: &str) -> (&str, &str) {
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension),
        _ => (name, ""),
    }
}

/// The Key Vault secret name the az CLI gives a file: dots become dashes.
pub fn secret_name(file_name: &str) -> String {
    file_name.replace('.', "-")
}

fn allowed_extensions(store: Store, upload: Upload) -> &'static [&'static str] {
    match (store, upload) {
        (Store::TrustList, Upload::Cli) => &["der", "crt"],
        _ => &["der", "crt", "crl"],
    }
}

/// The name rules (extension, case, Key Vault secret name) for one file
/// name of `store`: also what a SecretSync targetKey must follow.
pub fn name_findings(name: &str, store: Store, upload: Upload) -> Vec<Finding> {
    let mut findings = Vec::new();
    let (_, written) = split_name(name);
    let extension = written.to_ascii_lowercase();
    let allowed = allowed_extensions(store, upload);
    if written != extension && allowed.contains(&extension.as_str()) {
        findings.push(Finding::new(
            &rules::OPCUA_FILE_EXTENSION_CASE,
            format!("{name}: the extension .{written} is not lower case; the az CLI compares .{extension} only"),
        ));
    } else if !allowed.contains(&extension.as_str()) {
        let list: Vec<String> = allowed.iter().map(|e| format!(".{e}")).collect();
        let crl_hint = if store == Store::TrustList && extension == "crl" {
            " (the az CLI cannot add CRLs to the trust list; put the CRL in the issuer list beside its CA)"
        } else {
            ""
        };
        findings.push(Finding::new(
            &rules::OPCUA_FILE_EXTENSION_UNSUPPORTED,
            format!(
                "Invalid file extension found for {name}, only {} file extensions are supported in the {}{crl_hint}",
                list.join(", "),
                store.name()
            ),
        ));
    }
    if upload == Upload::Cli {
        let secret = secret_name(name);
        if secret.is_empty()
            || !secret
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        {
            findings.push(Finding::new(
                &rules::OPCUA_FILE_SECRET_NAME_INVALID,
                format!("{name} becomes the Key Vault secret name {secret:?}, which is not ^[0-9a-zA-Z-]+$"),
            ));
        }
    }
    findings
}

/// True when `bytes` look like a PKCS#12 PFX: `SEQUENCE { INTEGER 3, SEQUENCE … }`
/// (RFC 7292 §4), which the DER reader would take for a certificate.
fn is_pkcs12(bytes: &[u8]) -> bool {
    if bytes.first() != Some(&0x30) {
        return false;
    }
    let header = match bytes.get(1) {
        Some(length) if *length < 0x80 => 2,
        Some(length) => 2 + usize::from(length & 0x7f),
        None => return false,
    };
    bytes.get(header..header + 4) == Some(&[0x02, 0x01, 0x03, 0x30])
}

/// What the bytes of one file are, before the extension is considered.
enum Sniffed {
    Certificates(Vec<Certificate>, Encoding),
    Crl(Box<Crl>, Encoding),
    Pkcs12,
    PrivateKey,
    Undecodable(String),
}

fn sniff(bytes: &[u8]) -> Sniffed {
    if is_pkcs12(bytes) {
        return Sniffed::Pkcs12;
    }
    let decoded = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(error) => return Sniffed::Undecodable(error.to_string()),
    };
    let mut certificates = Vec::new();
    let mut problem = None;
    for block in &decoded.blocks {
        match &block.content {
            BlockContent::PrivateKey { .. } => return Sniffed::PrivateKey,
            BlockContent::Crl(der) => match Crl::from_der(der) {
                Ok(crl) => return Sniffed::Crl(Box::new(crl), decoded.encoding),
                Err(error) => problem = Some(error.0),
            },
            BlockContent::Certificate(der) => match Certificate::from_der(der) {
                Ok(certificate) => certificates.push(certificate),
                // DER does not say what it is: a CRL looks like a certificate.
                Err(error) => match Crl::from_der(der) {
                    Ok(crl) if decoded.encoding == Encoding::Der => {
                        return Sniffed::Crl(Box::new(crl), decoded.encoding);
                    }
                    _ => problem = Some(error.0),
                },
            },
            BlockContent::Invalid(reason) => problem = Some(reason.clone()),
            BlockContent::Other => {
                problem = Some(format!("a PEM {} block is no certificate", block.label));
            }
        }
    }
    if certificates.is_empty() {
        return Sniffed::Undecodable(problem.unwrap_or_else(|| "holds no certificate".into()));
    }
    Sniffed::Certificates(certificates, decoded.encoding)
}

fn convert_hint(extension: &str, encoding: Encoding, name: &str) -> String {
    let (stem, _) = split_name(name);
    match (extension, encoding) {
        ("crt", Encoding::Der) => format!(
            "{name} is DER but a .crt must be PEM: rename it {stem}.der, or convert it with openssl x509 -inform DER -in {name} -out {stem}-pem.crt"
        ),
        ("crl", Encoding::Pem) => format!(
            "{name} is PEM but a .crl must be DER: openssl crl -in {name} -outform DER -out {stem}-der.crl"
        ),
        _ => format!(
            "{name} is PEM but a .{extension} must be DER: rename it {stem}.crt, or convert it with openssl x509 -in {name} -outform DER -out {stem}-der.der"
        ),
    }
}

/// Time rules for one certificate of a store.
pub(crate) fn time_findings(
    name: &str,
    certificate: &Certificate,
    options: &Options,
) -> Option<Finding> {
    let validity = &certificate.validity;
    if validity.not_after < options.time {
        Some(Finding::new(
            &rules::OPCUA_FILE_EXPIRED,
            format!(
                "Certificate in file {name} is expired (notAfter {})",
                validity.not_after.to_rfc3339()
            ),
        ))
    } else if validity.not_before > options.time {
        Some(Finding::new(
            &rules::OPCUA_FILE_NOT_YET_VALID,
            format!(
                "certificate in file {name} is not valid before {}: the az CLI uploads it, the connector rejects it until then",
                validity.not_before.to_rfc3339()
            ),
        ))
    } else {
        None
    }
}

/// Reads one file of `store` and reports every per-file rule it breaks.
pub fn read_file(
    source: &Source<'_>,
    store: Store,
    upload: Upload,
    options: &Options,
) -> (StoreFile, Vec<Finding>) {
    let name = source.name;
    let mut findings = name_findings(name, store, upload);
    let (stem, written) = split_name(name);
    let extension = written.to_ascii_lowercase();
    let known = allowed_extensions(store, upload).contains(&extension.as_str());
    let content = match sniff(source.bytes) {
        Sniffed::Pkcs12 => {
            findings.push(Finding::new(
                &rules::OPCUA_FILE_PKCS12,
                format!("{name} is a PKCS#12 archive (it holds a private key): openssl pkcs12 -in {name} -nokeys -clcerts | openssl x509 -outform DER -out {stem}.der"),
            ));
            Content::Unusable
        }
        Sniffed::PrivateKey => {
            findings.push(Finding::new(
                &rules::OPCUA_FILE_PRIVATE_KEY,
                format!("{name} holds a private key, not a certificate; upload the certificate made with it"),
            ));
            Content::Unusable
        }
        Sniffed::Undecodable(reason) => {
            findings.push(Finding::new(
                &rules::OPCUA_FILE_UNDECODABLE,
                format!("Failed to decode certificate data in {name}: {reason}"),
            ));
            Content::Unusable
        }
        Sniffed::Crl(crl, encoding) => {
            if known && extension != "crl" {
                findings.push(Finding::new(
                    &rules::OPCUA_FILE_UNDECODABLE,
                    format!("Failed to decode certificate data in {name}: it holds a CRL; name it {stem}.crl (and put it in the issuer list)"),
                ));
            } else if extension == "crl" && encoding == Encoding::Pem {
                findings.push(Finding::new(
                    &rules::OPCUA_FILE_ENCODING_MISMATCH,
                    convert_hint(&extension, encoding, name),
                ));
            }
            Content::Crl(crl)
        }
        Sniffed::Certificates(mut certificates, encoding) => {
            if extension == "crl" {
                findings.push(Finding::new(
                    &rules::OPCUA_FILE_UNDECODABLE,
                    format!("{name} holds a certificate, not a CRL; name it {stem}.der"),
                ));
            } else if known && ((extension == "crt") != (encoding == Encoding::Pem)) {
                findings.push(Finding::new(
                    &rules::OPCUA_FILE_ENCODING_MISMATCH,
                    convert_hint(&extension, encoding, name),
                ));
            }
            if certificates.len() > 1 {
                findings.push(Finding::new(
                    &rules::OPCUA_FILE_MULTIPLE_CERTIFICATES,
                    format!(
                        "Multiple certificates detected in file {name} ({}); one certificate per file",
                        certificates.len()
                    ),
                ));
            }
            let certificate = certificates.swap_remove(0);
            findings.extend(time_findings(name, &certificate, options));
            if store == Store::IssuerList && certificate.version >= 3 && !certificate.is_ca() {
                findings.push(Finding::new(
                    &rules::OPCUA_FILE_ISSUER_NOT_CA,
                    format!("Certificate in file {name} ({}) is not a CA certificate. Only CA certificates can be added to the issuer list.", certificate.subject),
                ));
            }
            Content::Certificate(Box::new(certificate))
        }
    };
    let file = StoreFile {
        name: name.into(),
        store,
        stem: stem.into(),
        extension,
        content,
    };
    let findings = findings
        .into_iter()
        .map(|finding| finding.source(name))
        .collect();
    (file, findings)
}

/// Reads every file of one store: the per-file rules, plus those between
/// files of the same store (a `.crl` beside its CA, secret name collisions).
/// The findings are capped per rule for the store, the object of these
/// rules: of 2,000 undecodable files the first
/// [`crate::MAX_FINDINGS_PER_RULE`] are reported in full and one summary
/// finding counts the rest.
pub fn read_store(
    sources: &[Source<'_>],
    store: Store,
    upload: Upload,
    options: &Options,
) -> (Vec<StoreFile>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Findings::about(alloc::format!("the {}", store.name()));
    for source in sources {
        let (file, file_findings) = read_file(source, store, upload, options);
        files.push(file);
        for finding in file_findings {
            findings.push(finding);
        }
    }
    if store == Store::IssuerList {
        for file in &files {
            let beside = files.iter().any(|other| {
                other.stem == file.stem && matches!(other.extension.as_str(), "der" | "crt")
            });
            if file.extension == "crl" && !beside {
                findings.push(
                    Finding::new(
                        &rules::OPCUA_FILE_CRL_WITHOUT_CERTIFICATE,
                        format!("Cannot add .crl {} without corresponding .crt or .der file ({0}.der or {0}.crt).", file.stem),
                    )
                    .source(file.name.clone()),
                );
            }
        }
    }
    if upload == Upload::Cli {
        // Secret name -> index of the first file with it: the same map type
        // as `indices` below, one copy of the BTreeMap code in the wasm.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            let secret = secret_name(&file.name);
            if let Some(&first) = seen.get(&secret) {
                let first = &files[first].name;
                findings.push(
                    Finding::new(
                        &rules::OPCUA_FILE_SECRET_NAME_COLLISION,
                        format!("{} and {first} both become the Key Vault secret {secret}: the second upload overwrites the first", file.name),
                    )
                    .source(file.name.clone()),
                );
            } else {
                seen.insert(secret, index);
            }
        }
    }
    (files, findings.into_vec())
}

/// The report certificates of a set of store files, and the index each
/// certificate file got.
pub(crate) fn report_certificates(
    files: &[&StoreFile],
) -> (Vec<ReportCertificate>, BTreeMap<String, usize>) {
    let mut certificates = Vec::new();
    let mut indices = BTreeMap::new();
    for file in files {
        if let Some(certificate) = file.certificate() {
            indices.insert(file.name.clone(), certificates.len());
            certificates.push(ReportCertificate::new(
                certificates.len(),
                &file.name,
                certificate,
                None,
                false,
            ));
        }
    }
    (certificates, indices)
}

/// Attaches each finding about a certificate file to the report certificate.
pub(crate) fn attach(findings: &mut [Finding], indices: &BTreeMap<String, usize>) {
    for finding in findings.iter_mut() {
        if finding.certificate.is_none()
            && let Some(index) = finding
                .source
                .as_ref()
                .and_then(|source| indices.get(source))
        {
            finding.certificate = Some(*index);
        }
    }
}

pub(crate) fn finish(mut findings: Vec<Finding>, files: &[&StoreFile]) -> Report {
    let (certificates, indices) = report_certificates(files);
    attach(&mut findings, &indices);
    normalize(&mut findings);
    Report {
        valid: is_valid(&findings),
        findings,
        certificates,
        ..Report::default()
    }
}

fn check_one_store(
    sources: &[Source<'_>],
    store: Store,
    options: &Options,
) -> Result<Report, Error> {
    if sources.is_empty() {
        return Err(Error::Empty);
    }
    let (files, mut findings) = read_store(sources, store, Upload::Cli, options);
    // The store on its own: chains, CRLs, revocation (the other store empty).
    let (trust, issuer) = match store {
        Store::TrustList => (files.as_slice(), &[][..]),
        Store::IssuerList => (&[][..], files.as_slice()),
    };
    let mut across = Findings::about(alloc::format!("the {}", store.name()));
    super::stores::store_findings(trust, issuer, options, false, &mut |finding| {
        across.push(finding);
    });
    findings.extend(across.into_vec());
    Ok(finish(findings, &files.iter().collect::<Vec<_>>()))
}

/// What `az iot ops connector opcua trust add` would say about these files,
/// and what the stack would say about them as the whole trust list.
///
/// # Errors
/// [`Error::Empty`] when no file is given. Unreadable files are findings.
pub fn check_trust_list(sources: &[Source<'_>], options: &Options) -> Result<Report, Error> {
    check_one_store(sources, Store::TrustList, options)
}

/// What `az iot ops connector opcua issuer add` would say about these
/// files, and the CRL and chain rules within the issuer list.
///
/// # Errors
/// [`Error::Empty`] when no file is given. Unreadable files are findings.
pub fn check_issuer_list(sources: &[Source<'_>], options: &Options) -> Result<Report, Error> {
    check_one_store(sources, Store::IssuerList, options)
}
