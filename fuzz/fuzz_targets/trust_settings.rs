//! Arbitrary text as AIO's `--trust-settings` (the az CLI's key=value
//! syntax), checked alone and against the quickstart trust bundle, CA Secret
//! and ClusterIssuer, so every settings branch meets objects to compare with.
#![no_main]

use certgate_core::UnixTime;
use certgate_core::kubernetes::{CheckOptions, check_objects};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let objects = [
        json!({"apiVersion": "v1", "kind": "ConfigMap",
               "metadata": {"name": "azure-iot-operations-aio-ca-trust-bundle", "namespace": "azure-iot-operations"},
               "data": {"ca.crt": ""}}),
        json!({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer",
               "metadata": {"name": "azure-iot-operations-aio-certificate-issuer"},
               "spec": {"ca": {"secretName": "azure-iot-operations-aio-ca-certificate"}}}),
        json!({"apiVersion": "cert-manager.io/v1", "kind": "Issuer",
               "metadata": {"name": "issuer", "namespace": "azure-iot-operations"},
               "spec": {"ca": {"secretName": "ca"}}}),
    ];
    let mut options = CheckOptions::new(UnixTime::from_seconds(NOW));
    options.trust_settings = Some(text);
    let _ = check_objects(&[], &options);
    let _ = check_objects(&objects, &options);
    options.offline = true;
    let _ = check_objects(&objects, &options);
});
