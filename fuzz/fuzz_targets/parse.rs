//! Arbitrary bytes (PEM or DER) through `read`, then `view` and
//! `lint_certificate` on every certificate that parsed.
#![no_main]

use certgate_core::UnixTime;
use certgate_core::{LintOptions, lint_certificate};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let _ = certgate_core::decode(data);
    let Ok(inventory) = certgate_core::read(data) else {
        return;
    };
    let options = LintOptions::new(UnixTime::from_seconds(NOW));
    for (index, entry) in inventory.certificates.iter().enumerate() {
        let _ = entry.certificate.view();
        let _ = lint_certificate(&entry.certificate, index, &options);
    }
});
