//! WebAssembly bindings of `certgate-core`: the `certgate` npm package.
//!
//! One crate, built once per entry point of the package, each with its own
//! `.wasm` (`scripts/web-build.sh`):
//! - feature `certificates` → `certgate`: `inspect`, `lint`, `validateChain`
//!   (module [`certificates`]), and the OPC UA store checks `opcuaTrust`,
//!   `opcuaIssuer`, `opcuaStores`, `opcuaClient`, `opcuaServer`,
//!   `opcuaStoreFiles` (module `opcua`);
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

use alloc::vec::Vec;

use certgate_core::{Report, UnixTime};
use js_sys::{Array, Date};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[cfg(feature = "certificates")]
pub mod certificates;
#[cfg(feature = "kubernetes")]
pub mod kubernetes;
// The OPC UA connector's stores (`certgate opcua …`), part of the
// certificate entry.
#[cfg(feature = "certificates")]
mod opcua;
mod types;

pub use crate::types::{ReportValue, RuleList};

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

/// An options object, read field by field: much smaller in wasm than
/// serde's deserializer, and each message names the JavaScript option.
pub(crate) struct Options(JsValue);

// The manifest entry reads strings and times only.
#[cfg_attr(not(feature = "certificates"), allow(dead_code))]
impl Options {
    /// Reads `value` (undefined or null: no options), refusing anything
    /// but a plain object and any key not in `known` (a misspelt `dns_name`).
    pub(crate) fn read(value: &JsValue, known: &[&str]) -> Result<Self, JsError> {
        if value.is_undefined() || value.is_null() {
            return Ok(Self(JsValue::UNDEFINED));
        }
        if !value.is_object() || Array::is_array(value) {
            return Err(JsError::new(&format!(
                "options: expected an object, got {}",
                type_name(value)
            )));
        }
        for key in js_sys::Object::keys::<JsValue>(value.unchecked_ref()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !known.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "options: unknown option `{key}`, expected one of {}",
                    known.join(", ")
                )));
            }
        }
        Ok(Self(value.clone()))
    }

    /// The option's value; undefined when absent.
    pub(crate) fn value(&self, name: &str) -> JsValue {
        if self.0.is_undefined() {
            return JsValue::UNDEFINED;
        }
        js_sys::Reflect::get(&self.0, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    /// The option's value, when given (neither undefined nor null).
    fn given(&self, name: &str) -> Option<JsValue> {
        let value = self.value(name);
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    /// A required option.
    pub(crate) fn required(&self, name: &str) -> Result<JsValue, JsError> {
        self.given(name)
            .ok_or_else(|| JsError::new(&format!("options: missing field `{name}`")))
    }

    /// A string option.
    pub(crate) fn string(&self, name: &str) -> Result<Option<String>, JsError> {
        self.given(name)
            .map(|value| {
                value
                    .as_string()
                    .ok_or_else(|| invalid(name, &value, "a string"))
            })
            .transpose()
    }

    /// A boolean option.
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, JsError> {
        self.given(name)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| invalid(name, &value, "true or false"))
            })
            .transpose()
    }

    /// A whole number from 0 to 2^32 - 1.
    pub(crate) fn unsigned(&self, name: &str) -> Result<Option<u32>, JsError> {
        self.given(name)
            .map(|value| {
                value
                    .as_f64()
                    .filter(|number| {
                        number.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(number)
                    })
                    .map(|number| {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let whole = number as u32; // in range: checked above
                        whole
                    })
                    .ok_or_else(|| invalid(name, &value, "a whole number from 0 to 4294967295"))
            })
            .transpose()
    }

    /// An array of strings.
    pub(crate) fn strings(&self, name: &str) -> Result<Option<Vec<String>>, JsError> {
        let Some(value) = self.given(name) else {
            return Ok(None);
        };
        if !Array::is_array(&value) {
            return Err(invalid(name, &value, "an array of strings"));
        }
        let array: &Array = value.unchecked_ref();
        array
            .iter()
            .map(|item| {
                item.as_string()
                    .ok_or_else(|| invalid(name, &item, "an array of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// One of `choices`, by name.
    pub(crate) fn choice<T: Copy>(
        &self,
        name: &str,
        choices: &[(&str, T)],
    ) -> Result<Option<T>, JsError> {
        let Some(text) = self.string(name)? else {
            return Ok(None);
        };
        choices
            .iter()
            .find(|(choice, _)| *choice == text)
            .map(|(_, value)| Some(*value))
            .ok_or_else(|| {
                let names: Vec<String> = choices
                    .iter()
                    .map(|(choice, _)| format!("`{choice}`"))
                    .collect();
                JsError::new(&format!(
                    "options: unknown variant `{text}`, expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

fn invalid(name: &str, value: &JsValue, expected: &str) -> JsError {
    JsError::new(&format!(
        "option {name}: expected {expected}, got {}",
        type_name(value)
    ))
}

pub(crate) fn core_error(error: &certgate_core::Error) -> JsError {
    JsError::new(&error.to_string())
}

pub(crate) fn report(report: Report) -> Result<ReportValue, JsError> {
    types::report_value(&report)
}

/// Every finding id certgate can report, with its default severity, the
/// standard it follows and what it means.
///
/// # Errors
/// Never in practice (serialization of static data).
#[wasm_bindgen]
pub fn catalogue() -> Result<RuleList, JsError> {
    types::catalogue_value()
}
