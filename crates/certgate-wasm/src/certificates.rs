//! The `certgate` entry: certificates, bundles and chains (`inspect`,
//! `lint`, `validateChain`), like `certgate inspect|lint|verify`.
//!
//! The OPC UA store checks (`opcua.rs`) are part of this entry too: they
//! read certificates, chains and CRLs, never YAML, and share the input
//! reading here (`Named`, `sources`, `read_bytes`).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use certgate_core::MAX_INPUT_BYTES;
use certgate_core::client::{ClientSet, Verdict};
use certgate_core::{LintOptions as CoreLintOptions, Role as CoreRole};
use certgate_core::{
    PeerName, Profile as CoreProfile, Purpose as CorePurpose, Source, ValidationOptions,
};
use js_sys::{Array, ArrayBuffer, JsString, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::{Options, ReportValue, core_error, evaluation_time, report, type_name};

#[wasm_bindgen(typescript_custom_section)]
const INPUT_TYPES: &str = r#"
/** PEM text, or the bytes of a DER or PEM file. */
export type Input = string | Uint8Array | ArrayBuffer;
/** An input with a name, shown in findings (`source`) and error messages. */
export interface NamedInput {
    name: string;
    data: Input;
}
/** One input or several; several are reported on together, indexed in order. */
export type Inputs = Input | NamedInput | (Input | NamedInput)[];
"#;

#[wasm_bindgen]
extern "C" {
    /// One input or several, typed for TypeScript.
    #[wasm_bindgen(typescript_type = "Inputs")]
    pub type InputsArg;
}

/// One input, read.
pub(crate) struct Named {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

pub(crate) fn sources(inputs: &[Named]) -> Vec<Source<'_>> {
    inputs
        .iter()
        .map(|input| Source::new(&input.name, &input.bytes))
        .collect()
}

/// Reads `value` as [`Inputs`]: one input, a `{name, data}`, or an array of them.
pub(crate) fn read_inputs(value: &JsValue, what: &str) -> Result<Vec<Named>, JsError> {
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut inputs = Vec::new();
        for (index, item) in array.iter().enumerate() {
            inputs.push(read_named(&item, &format!("{what}[{index}]"))?);
        }
        if inputs.is_empty() {
            return Err(JsError::new(&format!("{what}: the array is empty")));
        }
        return Ok(inputs);
    }
    Ok(alloc::vec![read_named(value, what)?])
}

fn read_named(value: &JsValue, default_name: &str) -> Result<Named, JsError> {
    if value.is_object()
        && !value.is_instance_of::<Uint8Array>()
        && !value.is_instance_of::<ArrayBuffer>()
    {
        let name = js_sys::Reflect::get(value, &JsValue::from_str("name"))
            .ok()
            .and_then(|name| name.as_string())
            .ok_or_else(|| {
                JsError::new(&format!(
                    "{default_name}: expected a string (PEM), a Uint8Array (DER or PEM) or {{name, data}}, got an object without a string `name`"
                ))
            })?;
        let data = js_sys::Reflect::get(value, &JsValue::from_str("data"))
            .map_err(|_| JsError::new(&format!("{name}: cannot read `data`")))?;
        let bytes = read_bytes(&data, &name)?;
        return Ok(Named { name, bytes });
    }
    let bytes = read_bytes(value, default_name)?;
    Ok(Named {
        name: default_name.to_string(),
        bytes,
    })
}

fn too_large(name: &str) -> JsError {
    JsError::new(&format!(
        "{name}: input is too large (over the limit of {MAX_INPUT_BYTES} bytes)"
    ))
}

/// The bytes of a string (its UTF-8), a `Uint8Array` or an `ArrayBuffer`,
/// refusing anything over [`MAX_INPUT_BYTES`] before copying it.
pub(crate) fn read_bytes(value: &JsValue, name: &str) -> Result<Vec<u8>, JsError> {
    if let Some(text) = value.dyn_ref::<JsString>() {
        // UTF-8 never takes fewer bytes than UTF-16 code units.
        if usize::try_from(text.length()).unwrap_or(usize::MAX) > MAX_INPUT_BYTES {
            return Err(too_large(name));
        }
        return Ok(String::from(text).into_bytes());
    }
    let array = if let Some(array) = value.dyn_ref::<Uint8Array>() {
        array.clone()
    } else if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(buffer)
    } else {
        return Err(JsError::new(&format!(
            "{name}: expected a string (PEM) or a Uint8Array (DER or PEM), got {}",
            type_name(value)
        )));
    };
    if usize::try_from(array.length()).unwrap_or(usize::MAX) > MAX_INPUT_BYTES {
        return Err(too_large(name));
    }
    Ok(array.to_vec())
}

/// The options, declared for TypeScript (read by [`Options`]).
#[wasm_bindgen(typescript_custom_section)]
const OPTIONS_TS: &str = r#"/** Options of `inspect`. */
export interface InspectOptions {
    /** Name of an unnamed input (default `input`, or `input[i]` in an array). */
    name?: string;
}

/** Options of `lint`. */
export interface LintOptions {
    /** What the certificates are meant to be (default `auto`); `bundle` also lints each input as a trust bundle. */
    role?: Role;
    /** The verdict (default `clients`). */
    profile?: Profile;
    /** The clients the verdict is for (default: all). */
    clients?: Client[];
    /** Evaluation time: milliseconds since the epoch or a `Date` (default: now). */
    time?: number | Date;
    /** Days before expiry that `cert.expires_soon` warns (default 30). */
    expiryWarningDays?: number;
    /** Name of an unnamed input (default `input`, or `input[i]` in an array). */
    name?: string;
}

/** Options of `validateChain`. */
export interface ValidateOptions {
    /** The trust anchors (a bundle, or several inputs). */
    trustAnchors: Inputs;
    /** More untrusted intermediates, besides those after the leaf. */
    intermediates?: Inputs;
    /** Evaluation time: milliseconds since the epoch or a `Date` (default: now). */
    time?: number | Date;
    /** Required purpose of the leaf (default `server`). */
    purpose?: Purpose;
    /** DNS name the leaf must carry. */
    dnsName?: string;
    /** IP address the leaf must carry. */
    ip?: string;
    /** The verdict (default `clients`). */
    profile?: Profile;
    /** The clients the verdict is for (default: all). */
    clients?: Client[];
}"#;

#[wasm_bindgen]
extern "C" {
    /// Options of `inspect`.
    #[wasm_bindgen(typescript_type = "InspectOptions")]
    pub type InspectOptions;
    /// Options of `lint`.
    #[wasm_bindgen(typescript_type = "LintOptions")]
    pub type LintOptions;
    /// Options of `validateChain`.
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptions;
}

/// The verdicts, by option name.
const PROFILES: &[(&str, CoreProfile)] = &[
    ("clients", CoreProfile::Clients),
    ("rfc5280", CoreProfile::Rfc5280),
    ("webpki", CoreProfile::Webpki),
];

/// Roles, by option name.
const ROLES: &[(&str, CoreRole)] = &[
    ("auto", CoreRole::Auto),
    ("ca", CoreRole::Ca),
    ("intermediate", CoreRole::Intermediate),
    ("leaf", CoreRole::Leaf),
    ("bundle", CoreRole::Bundle),
];

/// Purposes, by option name.
const PURPOSES: &[(&str, CorePurpose)] = &[
    ("server", CorePurpose::Server),
    ("client", CorePurpose::Client),
    ("any", CorePurpose::Any),
];

/// The selected clients: all when the option is absent.
fn client_set(names: Option<&[String]>) -> Result<ClientSet, JsError> {
    match names {
        None => Ok(ClientSet::ALL),
        Some(names) => ClientSet::parse(&names.join(",")).ok_or_else(|| {
            JsError::new("clients: give one or more of \"openssl\", \"go\", \"rustls\"")
        }),
    }
}

/// Describes every certificate of the input(s), with the findings of reading
/// them (`bundle.parse_error`, `bundle.contains_private_key`, …), like
/// `certgate inspect --format json`.
///
/// # Errors
/// Throws when an input is not a string or bytes, or is unusable as a whole
/// (empty, too large, neither PEM nor DER).
#[wasm_bindgen]
pub fn inspect(input: &InputsArg, options: Option<InspectOptions>) -> Result<ReportValue, JsError> {
    let options = Options::read(
        options
            .as_ref()
            .map_or(&JsValue::UNDEFINED, |options| options),
        &["name"],
    )?;
    let name = options.string("name")?;
    let inputs = read_inputs(input, name.as_deref().unwrap_or("input"))?;
    certgate_core::inspect(&sources(&inputs))
        .map_err(|error| core_error(&error))
        .and_then(report)
}

/// Lints every certificate of the input(s) for `options.role`, like
/// `certgate lint --format json`.
///
/// # Errors
/// Throws on an unusable input or an invalid option.
#[wasm_bindgen]
pub fn lint(input: &InputsArg, options: Option<LintOptions>) -> Result<ReportValue, JsError> {
    let options = Options::read(
        options
            .as_ref()
            .map_or(&JsValue::UNDEFINED, |options| options),
        &[
            "role",
            "profile",
            "clients",
            "time",
            "expiryWarningDays",
            "name",
        ],
    )?;
    let name = options.string("name")?;
    let inputs = read_inputs(input, name.as_deref().unwrap_or("input"))?;
    let mut core = CoreLintOptions::new(evaluation_time(&options.value("time"))?)
        .role(options.choice("role", ROLES)?.unwrap_or_default())
        .verdict(Verdict::new(
            options.choice("profile", PROFILES)?.unwrap_or_default(),
            client_set(options.strings("clients")?.as_deref())?,
        ));
    if let Some(days) = options.unsigned("expiryWarningDays")? {
        core.expiry_warning_days = days;
    }
    certgate_core::lint(&sources(&inputs), &core)
        .map_err(|error| core_error(&error))
        .and_then(report)
}

/// Builds and validates a path from the first certificate of `chain` (the
/// leaf; the certificates after it are untrusted intermediates, as in a TLS
/// chain file) to one of `options.trustAnchors`, like
/// `certgate verify --format json`. Certificates are indexed leaf,
/// intermediates, anchors; `report.path` is the chosen path.
///
/// # Errors
/// Throws on an unusable input, a chain without a certificate, trust anchors
/// without one, or an invalid option.
#[wasm_bindgen(js_name = validateChain)]
pub fn validate_chain(
    chain: &InputsArg,
    options: &ValidateOptions,
) -> Result<ReportValue, JsError> {
    let options = Options::read(
        options,
        &[
            "trustAnchors",
            "intermediates",
            "time",
            "purpose",
            "dnsName",
            "ip",
            "profile",
            "clients",
        ],
    )?;
    let trust_anchors = options.required("trustAnchors")?;
    let chain = read_inputs(chain, "chain")?;
    let Some((leaf, more)) = chain.split_first() else {
        return Err(JsError::new("chain: no input"));
    };
    let mut untrusted = sources(more);
    let intermediates = options.value("intermediates");
    let intermediates = if intermediates.is_undefined() {
        Vec::new()
    } else {
        read_inputs(&intermediates, "intermediates")?
    };
    untrusted.extend(sources(&intermediates));
    let trust = read_inputs(&trust_anchors, "trustAnchors")?;

    let mut core = ValidationOptions::new(evaluation_time(&options.value("time"))?);
    core.purpose = options.choice("purpose", PURPOSES)?.unwrap_or_default();
    core.profile = options.choice("profile", PROFILES)?.unwrap_or_default();
    core.clients = client_set(options.strings("clients")?.as_deref())?;
    core.peer_name = peer_name(
        options.string("dnsName")?.as_deref(),
        options.string("ip")?.as_deref(),
    )?;
    certgate_core::verify(
        &Source::new(&leaf.name, &leaf.bytes),
        &untrusted,
        &sources(&trust),
        &core,
    )
    .map_err(|error| core_error(&error))
    .and_then(report)
}

fn peer_name(dns_name: Option<&str>, ip: Option<&str>) -> Result<Option<PeerName>, JsError> {
    match (dns_name, ip) {
        (Some(_), Some(_)) => Err(JsError::new("options: give dnsName or ip, not both")),
        (Some(name), None) => match PeerName::parse(name) {
            Some(peer @ PeerName::Dns(_)) => Ok(Some(peer)),
            Some(_) => Err(JsError::new(&format!(
                "option dnsName: {name:?} is an IP address; use ip"
            ))),
            None => Err(JsError::new(&format!(
                "option dnsName: {name:?} is not a valid DNS name"
            ))),
        },
        (None, Some(address)) => {
            let parsed = address
                .parse::<core::net::IpAddr>()
                .ok()
                .and_then(|_| PeerName::parse(address));
            match parsed {
                Some(peer @ PeerName::Ip(_)) => Ok(Some(peer)),
                _ => Err(JsError::new(&format!(
                    "option ip: {address:?} is not an IPv4 or IPv6 address"
                ))),
            }
        }
        (None, None) => Ok(None),
    }
}
