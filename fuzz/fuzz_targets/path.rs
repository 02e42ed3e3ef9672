//! Up to 8 length-prefixed chunks (2-byte big-endian length, then that many
//! bytes; the last chunk takes whatever remains). Each chunk that parses as
//! a DER certificate joins the pool: the first is the leaf; the rest are
//! split into intermediates and anchors by the first input byte.
#![no_main]

use certgate_core::{Certificate, PeerName, Purpose, UnixTime, ValidationOptions, validate_path};
use libfuzzer_sys::fuzz_target;

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;
const MAX_CHUNKS: usize = 8;

fn chunks(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !data.is_empty() && out.len() < MAX_CHUNKS {
        if out.len() == MAX_CHUNKS - 1 || data.len() < 2 {
            out.push(data);
            break;
        }
        let len = usize::from(u16::from_be_bytes([data[0], data[1]]));
        let rest = &data[2..];
        let take = len.min(rest.len());
        out.push(&rest[..take]);
        data = &rest[take..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, body)) = data.split_first() else {
        return;
    };
    let mut certificates: Vec<Certificate> = chunks(body)
        .into_iter()
        .filter_map(|chunk| Certificate::from_der(chunk).ok())
        .collect();
    if certificates.is_empty() {
        return;
    }
    let leaf = certificates.remove(0);
    // Low 3 bits: how many of the remaining certificates are anchors
    // (counted from the end); the whole pool when it's 0 and pool is non-empty.
    let anchor_count = match usize::from(control & 7) {
        0 => certificates.len(),
        n => n.min(certificates.len()),
    };
    let split = certificates.len() - anchor_count;
    let (intermediates, anchors) = certificates.split_at(split);

    let mut options = ValidationOptions::new(UnixTime::from_seconds(NOW));
    options.purpose = match (control >> 3) & 3 {
        0 => Purpose::Server,
        1 => Purpose::Client,
        _ => Purpose::Any,
    };
    if control & 0x20 != 0 {
        options.peer_name = PeerName::parse("bench.example.com");
    }
    if control & 0x40 != 0 {
        options.profile = certgate_core::Profile::Webpki;
    }
    let result = validate_path(&leaf, intermediates, anchors, &options);
    // Indices must stay within the pool.
    let total = 1 + intermediates.len() + anchors.len();
    assert!(result.path.iter().all(|&index| index < total));
});
