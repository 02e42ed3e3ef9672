//! WebAssembly bindings of `certgate-core`: the `certgate` npm package.
//!
//! One crate, built once per entry point of the package, each with its own
//! `.wasm` (`scripts/web-build.sh`):
//! - feature `certificates` → `certgate`: `inspect`, `lint`, `validateChain`
//!   (module [`certificates`]; the OPC UA store checks join it there);
//! - feature `kubernetes` → `certgate/kubernetes`: `checkObjects`, YAML
//!   manifests and the Kubernetes rules (module [`kubernetes`]).
//!
//! A page that checks certificates so never downloads the YAML reader. One
//! crate rather than two: the input reading, options and report conversion
//! below are shared by both entries without a third crate, and each feature
//! only adds its module's exports. Both features (the default) build the
//! whole API for `cargo test` and clippy.
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

extern crate alloc;

use certgate_core::{Report, UnixTime};
use js_sys::{Array, Date};
use tsify::{Ts, Tsify};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[cfg(feature = "certificates")]
pub mod certificates;
#[cfg(feature = "kubernetes")]
pub mod kubernetes;
mod types;

pub use crate::types::ReportJs;

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

pub(crate) fn type_name(value: &JsValue) -> String {
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
pub(crate) fn evaluation_time(time: &JsValue) -> Result<UnixTime, JsError> {
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

pub(crate) fn options<T: Tsify + serde::de::DeserializeOwned + Default>(
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
pub(crate) fn from_js<T: Tsify + serde::de::DeserializeOwned>(
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

pub(crate) fn core_error(error: &certgate_core::Error) -> JsError {
    JsError::new(&error.to_string())
}

pub(crate) fn report(report: Report) -> Result<Ts<ReportJs>, JsError> {
    ReportJs(report).into_js_value()
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
