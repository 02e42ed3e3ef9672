//! The core's two signature backends against each other: `verify_signature`
//! with ring (the `ring` feature, which the webhook dependency turns on
//! here) and with the portable path alone (certgate-primitives for RSA and
//! P-256, RustCrypto for the rest: the wasm build's only one) must give the
//! same verdict, error kind included, for any input.
//!
//! Four length-prefixed chunks (2-byte big-endian length, then that many
//! bytes; the last takes whatever remains): issuer SubjectPublicKeyInfo,
//! signatureAlgorithm, signed message (TBS), signature value.
#![no_main]

use certgate_core::{set_ring_verification, verify_signature};
use libfuzzer_sys::fuzz_target;

fn chunks(mut data: &[u8]) -> [&[u8]; 4] {
    let mut out: [&[u8]; 4] = [&[]; 4];
    for (index, slot) in out.iter_mut().enumerate() {
        if index == 3 || data.len() < 2 {
            *slot = data;
            break;
        }
        let len = usize::from(u16::from_be_bytes([data[0], data[1]]));
        let rest = &data[2..];
        let take = len.min(rest.len());
        *slot = &rest[..take];
        data = &rest[take..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let [spki, algorithm, message, signature] = chunks(data);
    set_ring_verification(true);
    let with_ring = verify_signature(spki, algorithm, message, signature);
    set_ring_verification(false);
    let portable = verify_signature(spki, algorithm, message, signature);
    set_ring_verification(true);
    assert_eq!(with_ring, portable, "ring changed a verdict");
});
