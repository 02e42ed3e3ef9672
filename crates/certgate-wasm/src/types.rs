//! The results, typed for TypeScript.
//!
//! [`Report`] lives in the `no_std` core, which knows nothing of JavaScript, so
//! its TypeScript declaration is written here, next to the one place that
//! turns it into a JavaScript value. The value itself is the CLI's JSON:
//! the same `serde_json` serializer, parsed with `JSON.parse`, so field
//! names, `null`s and numbers are exactly what `certgate --format json`
//! prints (serde-wasm-bindgen would give `undefined` for `null` and refuse
//! RSA exponents above 2^53). `web/test/types.test.mjs` checks every field
//! of real reports against this declaration.

use alloc::vec::Vec;

use certgate_core::Report;
use certgate_core::catalogue::{Rule, all};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The declaration of [`Report`] and what it holds (kept in step with
/// `certgate-core`'s `report.rs`, `finding.rs`, `certificate.rs`).
#[wasm_bindgen(typescript_custom_section)]
const REPORT_TS: &str = r#"/** How bad a finding is: errors fail the verdict. */
export type Severity = "error" | "warning" | "info";

/** The Kubernetes object a finding concerns. */
export interface ObjectRef {
    kind: string;
    namespace: string | null;
    name: string;
}

/** One thing certgate found. `id` is stable (see `catalogue()`). */
export interface Finding {
    id: string;
    severity: Severity;
    message: string;
    /** Index into `Report.certificates`, or null. */
    certificate: number | null;
    /** Index of the PEM block or DER object in its input. */
    block?: number;
    /** Extension name or Kubernetes field path. */
    field?: string;
    object?: ObjectRef;
    /** The input's name (a file name, `input`, `trustAnchors[1]`, a ConfigMap key). */
    source?: string;
    /** The clients that reject the input because of this finding. */
    rejected_by?: Client[];
    /** File and line of the object concerned (the CLI sets it; the npm package reads no files). */
    location?: { file: string; line?: number };
    /** A summary finding: how many more findings of its rule about its object were counted but not shown (past 256 of one rule per object). */
    omitted?: number;
}

/** What one Kubernetes object was checked as, or why it was skipped. */
export interface ObjectCheck extends ObjectRef {
    checked_as?: string;
    skipped?: string;
}

/** One client's answer: does it accept the input, and if not, for which finding ids. */
export interface ClientAnswer {
    accepts: boolean;
    because?: string[];
}

/** Each selected client's answer, by client name. */
export type Clients = { [client in Client]?: ClientAnswer };

export interface PublicKeyInfo {
    /** "RSA", "RSASSA-PSS", "EC", "Ed25519", "Ed448", "DSA", a dotted OID, or "unknown". */
    algorithm: string;
    bits: number | null;
    curve: string | null;
    exponent: number | null;
    valid: boolean;
}

export interface BasicConstraints {
    ca: boolean;
    path_len: number | null;
}

export interface ExtensionView {
    oid: string;
    name: string;
    critical: boolean;
    value: string;
}

export interface Fingerprints {
    /** Upper-case hex with colons. */
    sha256: string;
    sha1: string;
}

/** What `openssl x509 -text` shows. Times are RFC 3339. */
export interface CertificateView {
    version: number;
    serial: string;
    signature_algorithm: string;
    issuer: string;
    subject: string;
    not_before: string;
    not_after: string;
    public_key: PublicKeyInfo;
    basic_constraints: BasicConstraints | null;
    key_usage: string[] | null;
    extended_key_usage: string[] | null;
    subject_alt_names: string[] | null;
    subject_key_identifier: string | null;
    authority_key_identifier: string | null;
    extensions: ExtensionView[];
    self_issued: boolean;
    fingerprints: Fingerprints;
}

export interface ReportCertificate {
    index: number;
    source: string;
    block?: number;
    /** Present (true) for trust anchors in `validateChain`. */
    trust_anchor?: boolean;
    view: CertificateView;
}

/** What one call has to say: the same shape as `certgate ... --format json`. */
export interface Report {
    /** True when no finding is an error (and, for validateChain, a path was found). */
    valid: boolean;
    findings: Finding[];
    certificates: ReportCertificate[];
    /** Each selected client's answer (`--clients`). */
    clients: Clients;
    /** validateChain: the chosen path as certificate indices, leaf first. */
    path?: number[];
    /** validateChain: whether the path ends in a trust anchor. */
    complete?: boolean;
    /** checkObjects: the Kubernetes objects checked. */
    objects?: ObjectRef[];
    /** checkObjects: what each object was checked as, or why it was skipped. */
    checked?: ObjectCheck[];
}"#;

/// The declaration of one catalogue rule.
#[wasm_bindgen(typescript_custom_section)]
const RULE_TS: &str = r#"/** One finding id: its default severity, the standard it follows, what it means. */
export interface Rule {
    id: string;
    severity: Severity;
    reference: string;
    description: string;
    /** What the user should do about it. */
    fix: string;
    /** A word or two for a certificate's status ("expired", "revoked", "wrong name"…), or null. */
    label: string | null;
    /** Clients that reject a path carrying the finding, and where on it; null when no client judges the rule. */
    rejectedBy: { [client: string]: ("leaf" | "intermediate" | "anchor")[] } | null;
}"#;

#[wasm_bindgen]
extern "C" {
    /// A [`Report`] as JavaScript sees it.
    #[wasm_bindgen(typescript_type = "Report")]
    pub type ReportValue;
    /// The catalogue as JavaScript sees it.
    #[wasm_bindgen(typescript_type = "Rule[]")]
    pub type RuleList;
}

/// Serializes with `serde_json` (the CLI's serializer) and parses in JS.
///
/// The error is not formatted: serializing a report or the catalogue into
/// a string cannot fail (every map key is a string), and `serde_json`'s
/// error messages would add their text and formatting code to the wasm.
pub(crate) fn to_js<V: serde::Serialize + ?Sized>(value: &V) -> Result<JsValue, JsError> {
    let text =
        serde_json::to_string(value).map_err(|_| JsError::new("cannot serialize the result"))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("cannot parse the result as JSON"))
}

/// A [`Report`] as a JavaScript object.
///
/// # Errors
/// If serialization fails (it does not for reports).
pub fn report_value(report: &Report) -> Result<ReportValue, JsError> {
    to_js(report).map(JsCast::unchecked_into)
}

/// Every rule of the catalogue as a JavaScript array.
///
/// # Errors
/// If serialization fails (it does not for static data).
pub fn catalogue_value() -> Result<RuleList, JsError> {
    let rules: Vec<&Rule> = all().collect();
    to_js(&rules).map(JsCast::unchecked_into)
}
