//! The `certgate/kubernetes` entry: Kubernetes manifests (`checkObjects`),
//! like `certgate check`. Only this entry links the YAML reader
//! (`certgate-manifests`) and the manifest code of the core.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use certgate_core::kubernetes::CheckOptions;
use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::{Options, ReportValue, core_error, evaluation_time, report, type_name};

#[wasm_bindgen]
extern "C" {
    /// Kubernetes manifests: YAML or JSON text, or already-parsed objects.
    #[wasm_bindgen(typescript_type = "string | object | object[]")]
    pub type ManifestsArg;
}

/// The options, declared for TypeScript (read by [`Options`]).
#[wasm_bindgen(typescript_custom_section)]
const OPTIONS_TS: &str = r#"/** Options of `checkObjects` (`certgate check`). */
export interface CheckObjectsOptions {
    /** The `--trust-settings` string of `az iot ops`, e.g. `configMapName=ca configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=ca-issuer`. */
    trustSettings?: string;
    /** Where Azure IoT Operations lives (default `azure-iot-operations`). */
    namespace?: string;
    /** cert-manager's cluster resource namespace (default `cert-manager`). */
    clusterResourceNamespace?: string;
    /** Evaluation time: milliseconds since the epoch or a `Date` (default: now). */
    time?: number | Date;
}"#;

#[wasm_bindgen]
extern "C" {
    /// Options of `checkObjects`.
    #[wasm_bindgen(typescript_type = "CheckObjectsOptions")]
    pub type CheckObjectsOptions;
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
    options: Option<CheckObjectsOptions>,
) -> Result<ReportValue, JsError> {
    let options = Options::read(
        options
            .as_ref()
            .map_or(&JsValue::UNDEFINED, |options| options),
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
    let mut core = CheckOptions::new(evaluation_time(&options.value("time"))?);
    core.trust_settings = options
        .string("trustSettings")?
        .filter(|text| !text.trim().is_empty());
    if let Some(namespace) = options.string("namespace")?.filter(|name| !name.is_empty()) {
        core.namespace = namespace;
    }
    if let Some(namespace) = options
        .string("clusterResourceNamespace")?
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
