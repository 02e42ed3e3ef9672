//! WebAssembly bindings of `certgate-core`: the `certgate` npm package.
//!
//! A thin surface, like the CLI: it turns JavaScript values into
//! [`Source`]s and options, calls [`certgate_core::report`], and hands the
//! [`Report`] back with exactly the CLI's JSON shape (the same `serde_json`
//! serializer, parsed by `JSON.parse`, so `null`s and numbers match).
//!
//! Every function is synchronous (no Web Crypto). Bad input — a value that is
//! neither a string nor bytes, an unknown option, an unusable file — becomes
//! a thrown `Error` with a message naming the input and the problem, never a
//! trap: nothing here unwraps, and the release profile aborts on panic.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

extern crate alloc;

use certgate_core::client::{ClientSet, Verdict};
use certgate_core::input::MAX_INPUT_BYTES;
use certgate_core::kubernetes::CheckOptions;
use certgate_core::lint::{LintOptions as CoreLintOptions, Role as CoreRole};
use certgate_core::{
    PeerName, Profile as CoreProfile, Purpose as CorePurpose, Report, Source, UnixTime,
    ValidationOptions,
};
use js_sys::{Array, ArrayBuffer, Date, JsString, Uint8Array};
use serde::Deserialize;
use tsify::{Ts, Tsify};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

// The OPC UA connector's stores (`certgate opcua …`), in their own module.
mod opcua;
mod types;

pub use crate::types::ReportJs;

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
    /// Kubernetes manifests: YAML or JSON text, or already-parsed objects.
    #[wasm_bindgen(typescript_type = "string | object | object[]")]
    pub type ManifestsArg;
}

/// The option enums are the core's own (`Role`, `Purpose`, `Profile`,
/// deserialized from their lowercase names); TypeScript sees them as these
/// string unions.
#[wasm_bindgen(typescript_custom_section)]
const OPTION_TYPES_TS: &str = r#"/** What the certificates are meant to be (`certgate lint --role`). */
export type Role = "auto" | "ca" | "intermediate" | "leaf" | "bundle";
/** Required purpose of the leaf (`certgate verify --purpose`). */
export type Purpose = "server" | "client" | "any";
/** The verdict (`--profile`): `clients` (default) — an error is what a selected client rejects; `rfc5280`/`webpki` — the standards' MUST rules. */
export type Profile = "clients" | "rfc5280" | "webpki";
/** A TLS client certgate predicts (`--clients`). */
export type Client = "openssl" | "go" | "rustls";"#;

/// Options of `inspect`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectOptions {
    /// Name of an unnamed input (default `input`, or `input[i]` in an array).
    #[tsify(optional)]
    pub name: Option<String>,
}

/// Options of `lint`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LintOptions {
    /// What the certificates are meant to be (default `auto`); `bundle` also
    /// lints each input as a trust bundle.
    #[tsify(optional, type = "Role")]
    pub role: Option<CoreRole>,
    /// The verdict (default `clients`).
    #[tsify(optional, type = "Profile")]
    pub profile: Option<CoreProfile>,
    /// The clients the verdict is for (default: all).
    #[tsify(optional, type = "Client[]")]
    pub clients: Option<Vec<String>>,
    /// Evaluation time: milliseconds since the epoch or a `Date` (default: now).
    #[tsify(optional, type = "number | Date")]
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub time: JsValue,
    /// Days before expiry that `cert.expires_soon` warns (default 30).
    #[tsify(optional)]
    pub expiry_warning_days: Option<u32>,
    /// Name of an unnamed input (default `input`, or `input[i]` in an array).
    #[tsify(optional)]
    pub name: Option<String>,
}

/// Options of `validateChain`.
#[derive(Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateOptions {
    /// The trust anchors (a bundle, or several inputs).
    #[tsify(type = "Inputs")]
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub trust_anchors: JsValue,
    /// More untrusted intermediates, besides those after the leaf.
    #[tsify(optional, type = "Inputs")]
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub intermediates: JsValue,
    /// Evaluation time: milliseconds since the epoch or a `Date` (default: now).
    #[tsify(optional, type = "number | Date")]
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub time: JsValue,
    /// Required purpose of the leaf (default `server`).
    #[tsify(optional, type = "Purpose")]
    pub purpose: Option<CorePurpose>,
    /// DNS name the leaf must carry.
    #[tsify(optional)]
    pub dns_name: Option<String>,
    /// IP address the leaf must carry.
    #[tsify(optional)]
    pub ip: Option<String>,
    /// The verdict (default `clients`).
    #[tsify(optional, type = "Profile")]
    pub profile: Option<CoreProfile>,
    /// The clients the verdict is for (default: all).
    #[tsify(optional, type = "Client[]")]
    pub clients: Option<Vec<String>>,
}

/// The selected clients: all when the option is absent.
fn client_set(names: Option<&[String]>) -> Result<ClientSet, JsError> {
    match names {
        None => Ok(ClientSet::ALL),
        Some(names) => ClientSet::parse(&names.join(",")).ok_or_else(|| {
            JsError::new("clients: give one or more of \"openssl\", \"go\", \"rustls\"")
        }),
    }
}

/// Options of `checkObjects` (`certgate check`).
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckObjectsOptions {
    /// The `--trust-settings` string of `az iot ops`, e.g.
    /// `configMapName=ca configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=ca-issuer`.
    #[tsify(optional)]
    pub trust_settings: Option<String>,
    /// Where Azure IoT Operations lives (default `azure-iot-operations`).
    #[tsify(optional)]
    pub namespace: Option<String>,
    /// cert-manager's cluster resource namespace (default `cert-manager`).
    #[tsify(optional)]
    pub cluster_resource_namespace: Option<String>,
    /// Evaluation time: milliseconds since the epoch or a `Date` (default: now).
    #[tsify(optional, type = "number | Date")]
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub time: JsValue,
}

/// One input, read.
struct Named {
    name: String,
    bytes: Vec<u8>,
}

fn sources(inputs: &[Named]) -> Vec<Source<'_>> {
    inputs
        .iter()
        .map(|input| Source::new(&input.name, &input.bytes))
        .collect()
}

/// Reads `value` as [`Inputs`]: one input, a `{name, data}`, or an array of them.
fn read_inputs(value: &JsValue, what: &str) -> Result<Vec<Named>, JsError> {
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
fn read_bytes(value: &JsValue, name: &str) -> Result<Vec<u8>, JsError> {
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

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

/// The evaluation time from `time` (ms since the epoch, a `Date`, or
/// undefined for now).
fn evaluation_time(time: &JsValue) -> Result<UnixTime, JsError> {
    let millis = if time.is_undefined() || time.is_null() {
        Date::now()
    } else if let Some(date) = time.dyn_ref::<Date>() {
        date.get_time()
    } else if let Some(number) = time.as_f64() {
        number
    } else {
        return Err(JsError::new(&format!(
            "option time: expected milliseconds since the epoch or a Date, got {}",
            type_name(time)
        )));
    };
    // JavaScript dates span ±8.64e15 ms; anything else (NaN, Infinity, an
    // invalid Date) is a mistake worth a clear error.
    if !millis.is_finite() || millis.abs() > 8.64e15 {
        return Err(JsError::new(
            "option time: not a valid time (expected milliseconds since the epoch, e.g. Date.now())",
        ));
    }
    #[allow(clippy::cast_possible_truncation)]
    let millis = millis.floor() as i64;
    Ok(UnixTime::from_millis(millis))
}

fn options<T: Tsify + serde::de::DeserializeOwned + Default>(
    options: Option<Ts<T>>,
    known: &[&str],
) -> Result<T, JsError> {
    match options {
        None => Ok(T::default()),
        Some(options) => from_js(&options, known),
    }
}

/// Deserializes options, with serde's message (`unknown field \`dns_name\`,
/// expected one of …`) rather than tsify's Rust type names.
///
/// serde-wasm-bindgen looks up only the fields it knows, so unknown ones
/// (a misspelt `dns_name`) are refused here by name.
fn from_js<T: Tsify + serde::de::DeserializeOwned>(
    options: &Ts<T>,
    known: &[&str],
) -> Result<T, JsError> {
    let value = options.js_value();
    if value.is_object() && !Array::is_array(&value) {
        for key in js_sys::Object::keys::<JsValue>(value.unchecked_ref()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "options: unknown option `{key}`, expected one of {}",
                    known.join(", ")
                )));
            }
        }
    } else if !value.is_undefined() {
        return Err(JsError::new(&format!(
            "options: expected an object, got {}",
            type_name(&value)
        )));
    }
    T::from_js(value).map_err(|error| {
        let message = error.to_string();
        let message = message.strip_prefix("Error: ").unwrap_or(&message);
        JsError::new(&format!("options: {message}"))
    })
}

fn core_error(error: &certgate_core::Error) -> JsError {
    JsError::new(&error.to_string())
}

fn report(report: Report) -> Result<Ts<ReportJs>, JsError> {
    ReportJs(report).into_js_value()
}

/// Describes every certificate of the input(s), with the findings of reading
/// them (`bundle.parse_error`, `bundle.contains_private_key`, …), like
/// `certgate inspect --format json`.
///
/// # Errors
/// Throws when an input is not a string or bytes, or is unusable as a whole
/// (empty, too large, neither PEM nor DER).
#[wasm_bindgen]
pub fn inspect(
    input: &InputsArg,
    options: Option<Ts<InspectOptions>>,
) -> Result<Ts<ReportJs>, JsError> {
    let options: InspectOptions = self::options(options, &["name"])?;
    let inputs = read_inputs(input, options.name.as_deref().unwrap_or("input"))?;
    certgate_core::report::inspect(&sources(&inputs))
        .map_err(|error| core_error(&error))
        .and_then(report)
}

/// Lints every certificate of the input(s) for `options.role`, like
/// `certgate lint --format json`.
///
/// # Errors
/// Throws on an unusable input or an invalid option.
#[wasm_bindgen]
pub fn lint(input: &InputsArg, options: Option<Ts<LintOptions>>) -> Result<Ts<ReportJs>, JsError> {
    let options: LintOptions = self::options(
        options,
        &[
            "role",
            "profile",
            "clients",
            "time",
            "expiryWarningDays",
            "name",
        ],
    )?;
    let inputs = read_inputs(input, options.name.as_deref().unwrap_or("input"))?;
    let mut core = CoreLintOptions::new(evaluation_time(&options.time)?)
        .role(options.role.unwrap_or_default())
        .verdict(Verdict::new(
            options.profile.unwrap_or_default(),
            client_set(options.clients.as_deref())?,
        ));
    if let Some(days) = options.expiry_warning_days {
        core.expiry_warning_days = days;
    }
    certgate_core::report::lint(&sources(&inputs), &core)
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
    options: Ts<ValidateOptions>,
) -> Result<Ts<ReportJs>, JsError> {
    let options: ValidateOptions = from_js(
        &options,
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
    let chain = read_inputs(chain, "chain")?;
    let Some((leaf, more)) = chain.split_first() else {
        return Err(JsError::new("chain: no input"));
    };
    let mut untrusted = sources(more);
    let intermediates = if options.intermediates.is_undefined() {
        Vec::new()
    } else {
        read_inputs(&options.intermediates, "intermediates")?
    };
    untrusted.extend(sources(&intermediates));
    let trust = read_inputs(&options.trust_anchors, "trustAnchors")?;

    let mut core = ValidationOptions::new(evaluation_time(&options.time)?);
    core.purpose = options.purpose.unwrap_or_default();
    core.profile = options.profile.unwrap_or_default();
    core.clients = client_set(options.clients.as_deref())?;
    core.peer_name = peer_name(options.dns_name.as_deref(), options.ip.as_deref())?;
    certgate_core::report::verify(
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

/// Every finding id certgate can report, with its default severity, the
/// standard it follows and what it means.
///
/// # Errors
/// Never in practice (serialization of static data).
#[wasm_bindgen]
pub fn catalogue() -> Result<Ts<types::CatalogueJs>, JsError> {
    types::CatalogueJs.into_js_value()
}

/// Checks Kubernetes objects (ConfigMaps, Secrets, Issuers, ClusterIssuers,
/// Certificates) and the references among them, and, with
/// `options.trustSettings`, the `az iot ops --trust-settings` choice, like
/// `certgate check --format json`. `manifests` is YAML or JSON text (several
/// documents, `kind: List` flattened) or already-parsed objects.
///
/// # Errors
/// Throws when the manifests do not parse, an object lacks what its kind
/// requires, or an option is invalid.
#[wasm_bindgen(js_name = checkObjects)]
pub fn check_objects(
    manifests: &ManifestsArg,
    options: Option<Ts<CheckObjectsOptions>>,
) -> Result<Ts<ReportJs>, JsError> {
    let options: CheckObjectsOptions = self::options(
        options,
        &[
            "trustSettings",
            "namespace",
            "clusterResourceNamespace",
            "time",
        ],
    )?;
    let text = if let Some(text) = manifests.as_string() {
        text
    } else if manifests.is_object() {
        // Parsed objects go through the same reader as text (JSON is YAML).
        let json = js_sys::JSON::stringify(manifests)
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| JsError::new("manifests: cannot be turned into JSON"))?;
        if Array::is_array(manifests) {
            format!(r#"{{"apiVersion":"v1","kind":"List","items":{json}}}"#)
        } else {
            json
        }
    } else {
        return Err(JsError::new(&format!(
            "manifests: expected YAML or JSON text or objects, got {}",
            type_name(manifests)
        )));
    };
    if text.len() > certgate_manifests::MAX_MANIFEST_BYTES {
        return Err(JsError::new(&format!(
            "manifests: too large (over the limit of {} bytes)",
            certgate_manifests::MAX_MANIFEST_BYTES
        )));
    }
    let parsed = certgate_manifests::parse(&text)
        .map_err(|error| JsError::new(&format!("manifests: {error}")))?;
    // The JS API has no place for skipped documents yet: any is an error,
    // as a document without kind always was.
    if let Some(skipped) = parsed.first_unreadable().or_else(|| parsed.skipped.first()) {
        return Err(JsError::new(&format!(
            "manifests: line {}: {skipped}",
            skipped.line
        )));
    }
    let (documents, places): (Vec<_>, Vec<_>) = parsed
        .objects
        .into_iter()
        .map(|object| (object.value, (object.document, object.line)))
        .unzip();
    let mut core = CheckOptions::new(evaluation_time(&options.time)?);
    core.trust_settings = options
        .trust_settings
        .filter(|text| !text.trim().is_empty());
    if let Some(namespace) = options.namespace.filter(|name| !name.is_empty()) {
        core.namespace = namespace;
    }
    if let Some(namespace) = options
        .cluster_resource_namespace
        .filter(|name| !name.is_empty())
    {
        core.cluster_resource_namespace = namespace;
    }
    certgate_core::kubernetes::check_objects(&documents, &core)
        .map_err(|error| match &error {
            // The core counts objects from 0; name the document and line instead.
            certgate_core::Error::Manifest {
                document: index,
                field,
                message,
            } if *index < places.len() => {
                let (document, line) = places[*index];
                let field = if field.is_empty() {
                    String::new()
                } else {
                    format!(", field {field}")
                };
                JsError::new(&format!(
                    "manifests: line {line}: document {document}{field}: {message}"
                ))
            }
            _ => core_error(&error),
        })
        .and_then(report)
}
