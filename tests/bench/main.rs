//! Throughput benchmark for certgate-core: path validations per second on
//! two 3-certificate chains (RSA-2048 and P-256) and certificate parses per
//! second. Run with `cargo run --release -p certgate-tests --bin certgate-bench`.
//! The vectors come from `bench/gen.sh` and are valid 2026-11-29 to 2126.

use core::hint::black_box;
use core::time::Duration;
use std::time::Instant;

use certgate_core::{
    Certificate, PeerName, Purpose, UnixTime, ValidationOptions, decode, validate_path,
};

/// How long each measurement runs.
const MEASURE_FOR: Duration = Duration::from_secs(2);
/// Iterations between clock reads.
const BATCH: u64 = 16;
/// 2040-01-01T00:00:00Z: inside every vector's validity period
/// (generated 2026-11-29, valid for 36500 days).
const NOW: i64 = 2_208_988_800;
const PEER: &str = "bench.example.com";

/// One chain's PEM certificates.
struct Vectors {
    name: &'static str,
    root: &'static [u8],
    intermediate: &'static [u8],
    leaf: &'static [u8],
}

const CHAINS: [Vectors; 2] = [
    Vectors {
        name: "rsa2048-chain",
        root: include_bytes!("vectors/rsa2048-root.pem"),
        intermediate: include_bytes!("vectors/rsa2048-intermediate.pem"),
        leaf: include_bytes!("vectors/rsa2048-leaf.pem"),
    },
    Vectors {
        name: "p256-chain",
        root: include_bytes!("vectors/p256-root.pem"),
        intermediate: include_bytes!("vectors/p256-intermediate.pem"),
        leaf: include_bytes!("vectors/p256-leaf.pem"),
    },
];

/// The DER of the single certificate in a PEM vector.
fn der(pem: &[u8]) -> Vec<u8> {
    let decoded = decode(pem).expect("bench vector is valid PEM");
    let (_, der) = decoded
        .certificates()
        .next()
        .expect("bench vector holds a certificate");
    der.to_vec()
}

fn parse(der: &[u8]) -> Certificate {
    Certificate::from_der(der).expect("bench vector parses")
}

/// Runs `step` in batches for `MEASURE_FOR`; returns operations per second,
/// counting `per_step` operations per call.
fn measure(per_step: u64, mut step: impl FnMut()) -> f64 {
    // Warm-up.
    for _ in 0..BATCH {
        step();
    }
    let start = Instant::now();
    let mut calls: u64 = 0;
    loop {
        for _ in 0..BATCH {
            step();
        }
        calls += BATCH;
        let elapsed = start.elapsed();
        if elapsed >= MEASURE_FOR {
            // u64 -> f64 is exact well beyond any count reached here.
            #[allow(clippy::cast_precision_loss)]
            let operations = (calls * per_step) as f64;
            return operations / elapsed.as_secs_f64();
        }
    }
}

fn main() {
    let mut options = ValidationOptions::new(UnixTime::from_seconds(NOW));
    options.purpose = Purpose::Server;
    options.peer_name = Some(PeerName::parse(PEER).expect("peer name is a valid DNS name"));

    let mut rows: Vec<(String, &str, f64)> = Vec::new();
    let mut all_ders: Vec<Vec<u8>> = Vec::new();

    for chain in &CHAINS {
        let ders = [der(chain.leaf), der(chain.intermediate), der(chain.root)];
        let leaf = parse(&ders[0]);
        let intermediates = [parse(&ders[1])];
        let anchors = [parse(&ders[2])];

        let check = validate_path(&leaf, &intermediates, &anchors, &options);
        assert!(
            check.valid && check.complete,
            "{} does not validate: {:?}",
            chain.name,
            check.findings
        );

        let rate = measure(1, || {
            let result = validate_path(
                black_box(&leaf),
                black_box(&intermediates),
                black_box(&anchors),
                black_box(&options),
            );
            black_box(result);
        });
        rows.push((chain.name.to_owned(), "validations/s", rate));
        all_ders.extend(ders);
    }

    for chain in &CHAINS {
        let ders = [der(chain.leaf), der(chain.intermediate), der(chain.root)];
        let per_step = u64::try_from(ders.len()).expect("three certificates");
        let rate = measure(per_step, || {
            for der in &ders {
                let certificate = Certificate::from_der(black_box(der));
                black_box(certificate).expect("bench vector parses");
            }
        });
        let label = chain.name.strip_suffix("-chain").unwrap_or(chain.name);
        rows.push((format!("parse {label}"), "certs/s", rate));
    }

    // The whole report, as the CLI, the npm package and the webhook produce
    // it: PEM in, parse, validate, views with fingerprints, JSON out.
    for chain in &CHAINS {
        let bundle = [chain.leaf, chain.intermediate].concat();
        let rate = measure(1, || {
            let report = certgate_core::verify(
                &certgate_core::Source::new("chain", black_box(&bundle)),
                &[],
                &[certgate_core::Source::new("root", chain.root)],
                &options,
            )
            .expect("bench vectors read");
            black_box(serde_json::to_string(&report).expect("serializes"));
        });
        let label = chain.name.strip_suffix("-chain").unwrap_or(chain.name);
        rows.push((format!("report {label}"), "reports/s", rate));
    }

    // A trust-bundle ConfigMap review as the webhook runs it, on Debian's
    // whole CA bundle when the machine has it.
    if let Ok(pem) = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt") {
        let config_map = serde_json::json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "bundle", "namespace": "azure-iot-operations",
                         "labels": {"certgate.io/trust-bundle": "true"}},
            "data": {"ca.crt": pem},
        });
        let options = certgate_core::kubernetes::CheckOptions::new(UnixTime::from_seconds(NOW));
        let rate = measure(1, || {
            let report = certgate_core::kubernetes::review(black_box(&config_map), &[], &options)
                .expect("a ConfigMap reviews");
            black_box(report);
        });
        rows.push(("review debian".to_owned(), "reviews/s", rate));
    }

    let per_step = u64::try_from(all_ders.len()).expect("six certificates");
    let rate = measure(per_step, || {
        for der in &all_ders {
            let certificate = Certificate::from_der(black_box(der));
            black_box(certificate).expect("bench vector parses");
        }
    });
    rows.push(("parse".to_owned(), "certs/s", rate));

    println!("{:<16} {:<14} {:>12}", "benchmark", "unit", "rate");
    for (name, unit, rate) in &rows {
        println!("{name:<16} {unit:<14} {rate:>12.0}");
    }
}
