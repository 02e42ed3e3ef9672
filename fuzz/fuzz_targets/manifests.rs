//! Arbitrary bytes through the manifest reader (`certgate_manifests::read`:
//! UTF-16/BOM decoding, YAML, JSON streams, `kind: List`), then every object
//! read through `kubernetes::check_objects`, offline and online.
#![no_main]

use certgate_core::UnixTime;
use certgate_core::kubernetes::{CheckOptions, check_objects};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = certgate_manifests::read(data.to_vec()) else {
        return;
    };
    let _ = parsed.first_unreadable();
    let values: Vec<_> = parsed.objects.into_iter().map(|m| m.value).collect();
    let mut options = CheckOptions::new(UnixTime::from_seconds(NOW));
    let _ = check_objects(&values, &options);
    options.offline = true;
    let _ = check_objects(&values, &options);
});
