//! The OPC UA connector's files before upload, from JavaScript: the same
//! checks as `certgate opcua trust|issuer|client|server`, with the same
//! reports as their `--format json`.
//!
//! File names matter (extensions, `<stem>.der` + `<stem>.pem`, the Key
//! Vault secret name), so every file is a `{name, bytes}` pair and a file
//! without a name is an error. The private key of `opcuaClient` is read to
//! compare it with the certificate; the core never puts its bytes in a
//! report, and nothing here does either.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use certgate_core::opcua::application::ClientExpectations;
use certgate_core::opcua::file::{Upload, read_store};
use certgate_core::opcua::{self, Options as CoreOptions, Settings, Store};
use certgate_core::{Crl, Source, UnixTime};
use js_sys::{Array, Reflect};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::certificates::{Named, read_bytes, sources};
use crate::types::to_js;
use crate::{Options, ReportValue, core_error, evaluation_time, report, type_name};

#[wasm_bindgen(typescript_custom_section)]
const OPCUA_TS: &str = r#"/** A file for an OPC UA store: its name (extension and stem matter) and its bytes. */
export interface OpcuaFile {
    name: string;
    bytes: Input;
}
/** The connector's two stores (either may be absent or empty). */
export interface OpcuaStores {
    trustList?: OpcuaFile[];
    issuerList?: OpcuaFile[];
}
/** The connector's application instance certificate: `<stem>.der` and its key `<stem>.pem`. */
export interface OpcuaClientFiles {
    publicKey: OpcuaFile;
    privateKey: OpcuaFile;
}
/** The extension settings `connectors.values.securityPki.*` as the verdict applied them. */
export interface OpcuaSettings {
    minimumCertificateKeySize: number;
    rejectSha1SignedCertificates: boolean;
    rejectUnknownRevocationStatus: boolean;
}
/** One certificate of the chain the connector would build. */
export interface OpcuaChainElement {
    /** Index into `Report.certificates`. */
    certificate: number;
    subject: string;
    from: "server" | "trustList" | "issuerList";
}
/** The connector's verdict on a server certificate (`certgate opcua server`). */
export interface OpcuaVerdict {
    accepted: boolean;
    /** `Good`, or the `Bad…` status the OPC UA .NET stack would return (the outermost). */
    status: string;
    reason: string;
    /** Every failing status, outermost first. */
    statuses: string[];
    /** The chain, server certificate first. */
    chain: OpcuaChainElement[];
    /** The chain ends at a self-signed root. */
    complete: boolean;
    settings: OpcuaSettings;
}
/** A report with the connector's verdict: `certgate opcua server --format json`. */
export interface OpcuaServerReport extends Report {
    opcua: OpcuaVerdict;
}
/** What one store file holds, for a preview. */
export interface OpcuaStoreFile {
    name: string;
    store: "trustList" | "issuerList";
    kind: "certificate" | "crl" | "unusable";
    /** The Key Vault secret name the az CLI gives the file. */
    secretName: string;
    /** Certificates and CRLs: the subject (certificates) and issuer name. */
    subject?: string;
    issuer?: string;
    /** Certificates: cA=TRUE (or a v1/v2 certificate). */
    ca?: boolean;
    /** Certificates: same name as issuer and its own key verifies it. */
    selfSigned?: boolean;
    /** CRLs: the CA certificate file of the same store that signed it, or null. */
    signedBy?: string | null;
    /** CRLs: a CA of the same store carries the CRL's issuer name (signed or not). */
    issuerNamed?: boolean;
    /** CRLs: thisUpdate ≤ time ≤ nextUpdate. */
    current?: boolean;
    thisUpdate?: string;
    nextUpdate?: string | null;
    /** CRLs: how many serial numbers it revokes. */
    revoked?: number;
}
/** Options of `opcuaTrust`, `opcuaIssuer`, `opcuaStores` and `opcuaStoreFiles`: the evaluation time and the extension settings (the CLI's flags). */
export interface OpcuaOptions {
    /** Evaluation time: milliseconds since the epoch or a `Date` (default: now). */
    time?: number | Date;
    /** `securityPki.minimumCertificateKeySize`: shortest RSA key accepted (default 2048). */
    minimumCertificateKeySize?: number;
    /** `securityPki.rejectSha1SignedCertificates` (default true). */
    rejectSha1SignedCertificates?: boolean;
    /** `securityPki.rejectUnknownRevocationStatus`: every CA on a path needs a current CRL (default false). */
    rejectUnknownRevocationStatus?: boolean;
}
/** Options of `opcuaClient`. */
export interface OpcuaClientOptions extends OpcuaOptions {
    /** The `--subject-name` the connector is configured with. */
    subjectName?: string;
    /** The `--application-uri` the connector is configured with. */
    applicationUri?: string;
    /** The issuer list, where a CA-issued certificate's CA belongs. */
    issuerList?: OpcuaFile[];
}
/** Options of `opcuaServer`. */
export interface OpcuaServerOptions extends OpcuaOptions {
    /** The host of the server's endpoint URL (`opc.tcp://HOST:4840`), checked against the SAN. */
    endpointHost?: string;
}"#;

#[wasm_bindgen]
extern "C" {
    /// Several store files.
    #[wasm_bindgen(typescript_type = "OpcuaFile[]")]
    pub type OpcuaFilesArg;
    /// One store file.
    #[wasm_bindgen(typescript_type = "OpcuaFile")]
    pub type OpcuaFileArg;
    /// The two stores.
    #[wasm_bindgen(typescript_type = "OpcuaStores")]
    pub type OpcuaStoresArg;
    /// The application certificate and its key.
    #[wasm_bindgen(typescript_type = "OpcuaClientFiles")]
    pub type OpcuaClientFilesArg;
    /// A report with `opcua`.
    #[wasm_bindgen(typescript_type = "OpcuaServerReport")]
    pub type OpcuaServerReportType;
    /// The files of a preview.
    #[wasm_bindgen(typescript_type = "OpcuaStoreFile[]")]
    pub type OpcuaStoreFilesType;
    /// Options of the store checks.
    #[wasm_bindgen(typescript_type = "OpcuaOptions")]
    pub type OpcuaOptions;
    /// Options of `opcuaClient`.
    #[wasm_bindgen(typescript_type = "OpcuaClientOptions")]
    pub type OpcuaClientOptions;
    /// Options of `opcuaServer`.
    #[wasm_bindgen(typescript_type = "OpcuaServerOptions")]
    pub type OpcuaServerOptions;
}

const SETTINGS: [&str; 4] = [
    "time",
    "minimumCertificateKeySize",
    "rejectSha1SignedCertificates",
    "rejectUnknownRevocationStatus",
];

/// Reads an options object (undefined or null: none), refusing keys not in
/// `known` (with the other functions' message), and the settings from it.
fn read_options(
    options: Option<&JsValue>,
    known: &[&str],
) -> Result<(Options, CoreOptions), JsError> {
    let options = Options::read(options.unwrap_or(&JsValue::UNDEFINED), known)?;
    let mut core = CoreOptions::new(evaluation_time(&options.value("time"))?);
    let defaults = Settings::default();
    core.settings.minimum_certificate_key_size = options
        .unsigned("minimumCertificateKeySize")?
        .unwrap_or(defaults.minimum_certificate_key_size);
    core.settings.reject_sha1_signed_certificates = options
        .boolean("rejectSha1SignedCertificates")?
        .unwrap_or(defaults.reject_sha1_signed_certificates);
    core.settings.reject_unknown_revocation_status = options
        .boolean("rejectUnknownRevocationStatus")?
        .unwrap_or(defaults.reject_unknown_revocation_status);
    Ok((options, core))
}

/// The settings options only.
fn settings_options(options: Option<&JsValue>) -> Result<CoreOptions, JsError> {
    read_options(options, &SETTINGS).map(|(_, core)| core)
}

/// One `{name, bytes}` (or `{name, data}`, the other functions' shape):
/// the name is required, it is what the rules read.
fn read_file(value: &JsValue, what: &str) -> Result<Named, JsError> {
    if !value.is_object() || Array::is_array(value) {
        return Err(JsError::new(&format!(
            "{what}: expected a file {{name, bytes}}, got {}",
            type_name(value)
        )));
    }
    let name = Reflect::get(value, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .filter(|name| !name.is_empty())
        .ok_or_else(|| {
            JsError::new(&format!(
                "{what}: a file needs its name (`name`, e.g. \"server.der\"): the extension and stem decide what the store does with it"
            ))
        })?;
    let mut bytes = Reflect::get(value, &JsValue::from_str("bytes")).unwrap_or(JsValue::UNDEFINED);
    if bytes.is_undefined() {
        bytes = Reflect::get(value, &JsValue::from_str("data")).unwrap_or(JsValue::UNDEFINED);
    }
    let bytes = read_bytes(&bytes, &name)?;
    Ok(Named { name, bytes })
}

/// A list of files; `undefined` or `null` is an empty list.
fn read_files(value: &JsValue, what: &str) -> Result<Vec<Named>, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(JsError::new(&format!(
            "{what}: expected an array of files {{name, bytes}}, got {}",
            type_name(value)
        )));
    }
    let array: &Array = value.unchecked_ref();
    array
        .iter()
        .enumerate()
        .map(|(index, item)| read_file(&item, &format!("{what}[{index}]")))
        .collect()
}

/// Reads `{trustList, issuerList}`, refusing other keys by name.
fn read_stores(value: &JsValue, what: &str) -> Result<(Vec<Named>, Vec<Named>), JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok((Vec::new(), Vec::new()));
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(JsError::new(&format!(
            "{what}: expected {{trustList, issuerList}}, got {}",
            type_name(value)
        )));
    }
    for key in js_sys::Object::keys::<JsValue>(value.unchecked_ref()).iter() {
        let key = key.as_string().unwrap_or_default();
        if key != "trustList" && key != "issuerList" {
            return Err(JsError::new(&format!(
                "{what}: unknown key `{key}`, expected trustList, issuerList"
            )));
        }
    }
    let get =
        |key: &str| Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    Ok((
        read_files(&get("trustList"), "trustList")?,
        read_files(&get("issuerList"), "issuerList")?,
    ))
}

/// What `az iot ops connector opcua trust add` would say about these files,
/// and what the stack would say about them as the whole trust list, like
/// `certgate opcua trust FILE... --format json`.
///
/// # Errors
/// Throws when a file has no name or no bytes, no file is given, or an option is invalid.
#[wasm_bindgen(js_name = opcuaTrust)]
pub fn opcua_trust(
    files: &OpcuaFilesArg,
    options: Option<OpcuaOptions>,
) -> Result<ReportValue, JsError> {
    let options = settings_options(options.as_deref())?;
    let files = read_files(files, "files")?;
    opcua::check_trust_list(&sources(&files), &options)
        .map_err(|error| core_error(&error))
        .and_then(report)
}

/// What `az iot ops connector opcua issuer add` would say about these CA
/// certificates and CRLs, and the CRL and chain rules within the issuer
/// list, like `certgate opcua issuer FILE... --format json`.
///
/// # Errors
/// Throws when a file has no name or no bytes, no file is given, or an option is invalid.
#[wasm_bindgen(js_name = opcuaIssuer)]
pub fn opcua_issuer(
    files: &OpcuaFilesArg,
    options: Option<OpcuaOptions>,
) -> Result<ReportValue, JsError> {
    let options = settings_options(options.as_deref())?;
    let files = read_files(files, "files")?;
    opcua::check_issuer_list(&sources(&files), &options)
        .map_err(|error| core_error(&error))
        .and_then(report)
}

/// Both stores as the connector reads them: every per-file rule and every
/// rule across the two (chains closing, CRLs matching their CA, revoked
/// certificates, issuer-list CAs that grant no trust), like
/// `certgate opcua trust T... --issuer-list I... --format json`.
///
/// # Errors
/// Throws when a file has no name or no bytes, both stores are empty, or an option is invalid.
#[wasm_bindgen(js_name = opcuaStores)]
pub fn opcua_stores(
    stores: &OpcuaStoresArg,
    options: Option<OpcuaOptions>,
) -> Result<ReportValue, JsError> {
    let options = settings_options(options.as_deref())?;
    let (trust, issuer) = read_stores(stores, "stores")?;
    opcua::check_stores(&sources(&trust), &sources(&issuer), &options)
        .map_err(|error| core_error(&error))
        .and_then(report)
}

/// The connector's own application instance certificate (`<stem>.der`)
/// and its private key (`<stem>.pem`), like `certgate opcua client
/// --public-key-file F.der --private-key-file F.pem --format json`. The key
/// is compared with the certificate and never appears in the report.
///
/// # Errors
/// Throws when a file has no name or no bytes, the certificate file holds
/// no certificate, or an option is invalid.
#[wasm_bindgen(js_name = opcuaClient)]
pub fn opcua_client(
    files: &OpcuaClientFilesArg,
    options: Option<OpcuaClientOptions>,
) -> Result<ReportValue, JsError> {
    let (options, core) = read_options(
        options.as_deref(),
        &[
            "subjectName",
            "applicationUri",
            "issuerList",
            SETTINGS[0],
            SETTINGS[1],
            SETTINGS[2],
            SETTINGS[3],
        ],
    )?;
    let subject_name = options.string("subjectName")?;
    let application_uri = options.string("applicationUri")?;
    let files: &JsValue = files;
    if !files.is_object() || Array::is_array(files) {
        return Err(JsError::new(&format!(
            "files: expected {{publicKey, privateKey}}, got {}",
            type_name(files)
        )));
    }
    let get =
        |key: &str| Reflect::get(files, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let public = read_file(&get("publicKey"), "publicKey")?;
    let private = read_file(&get("privateKey"), "privateKey")?;
    let issuer = read_files(&options.value("issuerList"), "issuerList")?;
    let mut expectations = ClientExpectations::default();
    expectations.subject_name = subject_name.as_deref();
    expectations.application_uri = application_uri.as_deref();
    expectations.file_names = true;
    opcua::check_client(
        &Source::new(&public.name, &public.bytes),
        &Source::new(&private.name, &private.bytes),
        &expectations,
        &sources(&issuer),
        &core,
    )
    .map_err(|error| core_error(&error))
    .and_then(report)
}

/// Would the connector accept this OPC UA server's certificate (optionally
/// followed, in the same PEM file, by the chain the server presents)? The
/// report of `certgate opcua server CERT --trust-list … --issuer-list …
/// --format json`: the findings, and `opcua` with `Good` or the `Bad…`
/// status the OPC UA .NET stack would return, why, and the chain.
///
/// # Errors
/// Throws when a file has no name or no bytes, the server file holds no
/// certificate, `endpointHost` is no DNS name or IP address, or an option is invalid.
#[wasm_bindgen(js_name = opcuaServer)]
pub fn opcua_server(
    server: &OpcuaFileArg,
    stores: &OpcuaStoresArg,
    options: Option<OpcuaServerOptions>,
) -> Result<OpcuaServerReportType, JsError> {
    let (options, core) = read_options(
        options.as_deref(),
        &[
            "endpointHost",
            SETTINGS[0],
            SETTINGS[1],
            SETTINGS[2],
            SETTINGS[3],
        ],
    )?;
    let endpoint_host = options.string("endpointHost")?;
    let server = read_file(server, "server")?;
    let (trust, issuer) = read_stores(stores, "stores")?;
    let checked = opcua::check_server(
        &Source::new(&server.name, &server.bytes),
        &sources(&trust),
        &sources(&issuer),
        endpoint_host.as_deref(),
        &core,
    )
    .map_err(|error| match error {
        // The CLI names the flag; here it is the option.
        certgate_core::Error::InvalidOption { message, .. } => {
            JsError::new(&format!("option endpointHost: {message}"))
        }
        other => core_error(&other),
    })?;
    // The report flattened beside `opcua`: the CLI's `--format json`.
    to_js(&checked).map(JsCast::unchecked_into)
}

/// One file of a preview (see `OpcuaStoreFile` in the TypeScript section).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StoreFileView {
    name: String,
    store: Store,
    kind: &'static str,
    secret_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ca: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    self_signed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signed_by: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer_named: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    this_update: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_update: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revoked: Option<usize>,
}

fn is_current(crl: &Crl, time: UnixTime) -> bool {
    crl.this_update <= time && crl.next_update.is_none_or(|next| next >= time)
}

/// What each file of both stores holds, for the upload preview: subject
/// and issuer of certificates, and which CA each CRL belongs to. A CRL
/// belongs to the CA certificate of its own store whose name is the CRL's
/// issuer and whose key verifies it — the stack's lookup
/// (`DirectoryCertificateStore.IsRevoked`), and the same test as
/// `opcua.stores.crl_no_issuer` / `opcua.stores.crl_bad_signature`, whose
/// findings (from `opcuaStores`) say what is wrong when there is no such CA.
///
/// # Errors
/// Throws when a file has no name or no bytes, or an option is invalid.
#[wasm_bindgen(js_name = opcuaStoreFiles)]
pub fn opcua_store_files(
    stores: &OpcuaStoresArg,
    options: Option<OpcuaOptions>,
) -> Result<OpcuaStoreFilesType, JsError> {
    let options = settings_options(options.as_deref())?;
    let (trust, issuer) = read_stores(stores, "stores")?;
    let mut views = Vec::new();
    for (store, files) in [(Store::TrustList, &trust), (Store::IssuerList, &issuer)] {
        // Upload::Cli: the files as the az CLI reads them before upload;
        // the per-file findings come from opcuaStores.
        let (read, _) = read_store(&sources(files), store, Upload::Cli, &options);
        for file in &read {
            let mut view = StoreFileView {
                name: file.name.clone(),
                store,
                kind: "unusable",
                secret_name: opcua::file::secret_name(&file.name),
                subject: None,
                issuer: None,
                ca: None,
                self_signed: None,
                signed_by: None,
                issuer_named: None,
                current: None,
                this_update: None,
                next_update: None,
                revoked: None,
            };
            if let Some(certificate) = file.certificate() {
                view.kind = "certificate";
                view.subject = Some(certificate.subject.to_string());
                view.issuer = Some(certificate.issuer.to_string());
                view.ca = Some(certificate.version < 3 || certificate.is_ca());
                view.self_signed = Some(
                    certificate.is_self_issued()
                        && certificate.signed.verify(&certificate.spki_der).is_ok(),
                );
            } else if let Some(crl) = file.crl() {
                let named: Vec<_> = read
                    .iter()
                    .filter(|other| {
                        other
                            .certificate()
                            .is_some_and(|ca| ca.subject.matches(&crl.issuer))
                    })
                    .collect();
                let signer = named.iter().find(|ca| {
                    ca.certificate()
                        .is_some_and(|ca| crl.signed.verify(&ca.spki_der).is_ok())
                });
                view.kind = "crl";
                view.issuer = Some(crl.issuer.to_string());
                view.issuer_named = Some(!named.is_empty());
                view.signed_by = Some(signer.map(|ca| ca.name.clone()));
                view.current = Some(is_current(crl, options.time));
                view.this_update = Some(crl.this_update.to_rfc3339());
                view.next_update = Some(crl.next_update.map(UnixTime::to_rfc3339));
                view.revoked = Some(crl.revoked.len());
            }
            views.push(view);
        }
    }
    to_js(&views).map(JsCast::unchecked_into)
}
