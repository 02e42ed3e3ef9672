//! Throughput benchmark for certgate-core: path validations per second on
//! two 3-certificate chains (RSA-2048 and P-256) and certificate parses per
//! second. Run with `cargo run --release -p certgate-tests --bin certgate-bench`.
//! The vectors come from `bench/gen.sh` and are valid 2026-11-29 to 2126.
//!
//! In the same run, the peers a user would pick: the same chains through
//! OpenSSL's library (`X509_verify_cert`, the system libssl) and Go's
//! `x509.Verify` (`bench/go/main.go`, with `CERTGATE_GO` or `go` on PATH),
//! plus OpenSSL's raw signature-verify rate, whose half bounds what any
//! 3-certificate chain validation (two signatures) can reach. The last table
//! prints certgate's rate as a ratio of each, for both signature backends of
//! the core: ring (the `ring` feature, on in the CLI and the webhook) and
//! the portable path alone (the no_std build of the npm package: certgate-primitives
//! for RSA and P-256, RustCrypto for the rest).

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
fn measure(per_step: u64, step: impl FnMut()) -> f64 {
    measure_for(MEASURE_FOR, per_step, step)
}

/// [`measure`] for `duration`.
fn measure_for(duration: Duration, per_step: u64, mut step: impl FnMut()) -> f64 {
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
        if elapsed >= duration {
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

        // Both signature backends of the core, ring (the `ring` feature,
        // the CLI's and the webhook's) and the portable path alone (the npm
        // package's), one after the other on the same chain.
        for (ring, label) in [(true, chain.name.to_owned()), (false, portable_row(chain))] {
            certgate_core::set_ring_verification(ring);
            let rate = measure(1, || {
                let result = validate_path(
                    black_box(&leaf),
                    black_box(&intermediates),
                    black_box(&anchors),
                    black_box(&options),
                );
                black_box(result);
            });
            rows.push((label, "validations/s", rate));
        }
        certgate_core::set_ring_verification(true);
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

    peers(&options);
}

/// The row name of a chain validated with the portable path alone.
fn portable_row(chain: &Vectors) -> String {
    format!("{} port", chain.name)
}

/// Rounds of the peer comparison: certgate (both backends) and OpenSSL
/// alternate, so a load change on a shared machine hits all of a round.
const ROUNDS: usize = 5;
/// How long each measurement of a round runs.
const ROUND_FOR: Duration = Duration::from_millis(400);

/// OpenSSL and Go on the same chains, and certgate's ratios against them.
fn peers(options: &ValidationOptions) {
    let go = go_rates();
    println!(
        "\n{:<9} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}   {:>8} {:>8} {:>8} {:>8}  {:>11}",
        "chains/s",
        "ring",
        "portable",
        "openssl",
        "go",
        "ossl-sig/s",
        "bound",
        "/openssl",
        "/go",
        "/bound",
        "port/bnd",
        "/bound range"
    );
    for chain in &CHAINS {
        let label = chain.name.strip_suffix("-chain").unwrap_or(chain.name);
        let ders = [der(chain.leaf), der(chain.intermediate), der(chain.root)];
        let leaf = parse(&ders[0]);
        let intermediates = [parse(&ders[1])];
        let anchors = [parse(&ders[2])];
        let certgate = |ring: bool| {
            certgate_core::set_ring_verification(ring);
            let rate = measure_for(ROUND_FOR, 1, || {
                black_box(validate_path(
                    black_box(&leaf),
                    black_box(&intermediates),
                    black_box(&anchors),
                    black_box(options),
                ));
            });
            certgate_core::set_ring_verification(true);
            rate
        };
        let openssl = OpenSsl::new(chain);
        let mut rounds = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            rounds.push(Round {
                ring: certgate(true),
                portable: certgate(false),
                openssl_chain: openssl.chain_rate(),
                // Two signatures per chain (the anchor's own is not checked).
                bound: openssl.signature_rate() / 2.0,
            });
        }
        let go_chain = go
            .iter()
            .find(|(name, _)| *name == format!("go-chain-{label}"))
            .map_or(f64::NAN, |(_, rate)| *rate);
        let ring = median(rounds.iter().map(|round| round.ring));
        let portable = median(rounds.iter().map(|round| round.portable));
        let openssl_chain = median(rounds.iter().map(|round| round.openssl_chain));
        let bound = median(rounds.iter().map(|round| round.bound));
        let to_bound: Vec<f64> = rounds
            .iter()
            .map(|round| round.ring / round.bound)
            .collect();
        let lowest = to_bound.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = to_bound.iter().copied().fold(0.0, f64::max);
        println!(
            "{label:<9} {ring:>10.0} {portable:>10.0} {openssl_chain:>10.0} {go_chain:>10.0} {:>10.0} {bound:>10.0}   {:>7.2}x {:>7.2}x {:>7.2}x {:>7.2}x  {lowest:.2}-{highest:.2}",
            bound * 2.0,
            median(rounds.iter().map(|round| round.ring / round.openssl_chain)),
            ring / go_chain,
            median(to_bound.iter().copied()),
            median(rounds.iter().map(|round| round.portable / round.bound)),
        );
    }
    println!(
        "ring, portable: certgate's validate_path on parsed certificates with each signature backend;"
    );
    println!("openssl: parse + X509_verify_cert; go: parse + Certificate.Verify (its own run);");
    println!(
        "ossl-sig/s: X509_verify (one signature); bound = half of it (two signatures a chain); target: /bound >= 0.50."
    );
    println!(
        "Medians of {ROUNDS} interleaved rounds (certgate ring, portable, OpenSSL chain, OpenSSL signature);"
    );
    println!("ratios are per round, then the median; the range is ring/bound's over the rounds.");
}

/// One round of the peer comparison, in chains per second.
struct Round {
    ring: f64,
    portable: f64,
    openssl_chain: f64,
    bound: f64,
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// OpenSSL's library on one chain.
struct OpenSsl {
    ders: [Vec<u8>; 3],
    leaf: openssl::x509::X509,
    key: openssl::pkey::PKey<openssl::pkey::Public>,
}

impl OpenSsl {
    fn new(chain: &Vectors) -> Self {
        use openssl::x509::X509;
        let ders = [der(chain.leaf), der(chain.intermediate), der(chain.root)];
        let leaf = X509::from_der(&ders[0]).expect("openssl reads the leaf");
        let key = X509::from_der(&ders[1])
            .expect("openssl reads the intermediate")
            .public_key()
            .expect("a public key");
        let openssl = Self { ders, leaf, key };
        assert!(
            openssl.verify_chain(),
            "{}: OpenSSL rejects the chain",
            chain.name
        );
        assert!(
            openssl.leaf.verify(&openssl.key).expect("X509_verify runs"),
            "{}: the leaf's signature",
            chain.name
        );
        openssl
    }

    /// Parse + `X509_verify_cert`.
    fn verify_chain(&self) -> bool {
        use openssl::stack::Stack;
        use openssl::x509::store::X509StoreBuilder;
        use openssl::x509::verify::X509VerifyParam;
        use openssl::x509::{X509, X509StoreContext};

        let ders = &self.ders;
        let leaf = X509::from_der(&ders[0]).expect("openssl reads the leaf");
        let mut pool = Stack::new().expect("a stack");
        pool.push(X509::from_der(&ders[1]).expect("openssl reads the intermediate"))
            .expect("push");
        let mut store = X509StoreBuilder::new().expect("a store");
        store
            .add_cert(X509::from_der(&ders[2]).expect("openssl reads the root"))
            .expect("add the root");
        let mut param = X509VerifyParam::new().expect("a param");
        param.set_time(NOW);
        param.set_host(PEER).expect("a host");
        store.set_param(&param).expect("set the param");
        let store = store.build();
        let mut context = X509StoreContext::new().expect("a context");
        context
            .init(&store, &leaf, &pool, |context| context.verify_cert())
            .expect("X509_verify_cert runs")
    }

    /// Chains per second through `X509_verify_cert`.
    fn chain_rate(&self) -> f64 {
        measure_for(ROUND_FOR, 1, || {
            black_box(self.verify_chain());
        })
    }

    /// Raw `X509_verify` of the leaf's signature per second.
    fn signature_rate(&self) -> f64 {
        measure_for(ROUND_FOR, 1, || {
            black_box(
                black_box(&self.leaf)
                    .verify(black_box(&self.key))
                    .expect("X509_verify runs"),
            );
        })
    }
}

/// Go's figures from `bench/go/main.go`, or none (with a note) without Go.
fn go_rates() -> Vec<(String, f64)> {
    let go = std::env::var_os("CERTGATE_GO").unwrap_or_else(|| "go".into());
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/bench");
    let output = std::process::Command::new(&go)
        .args(["run", "main.go", "../vectors"])
        .arg(MEASURE_FOR.as_secs_f64().to_string())
        .current_dir(format!("{directory}/go"))
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .output();
    match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let (name, rate) = line.split_once(' ')?;
                Some((name.to_owned(), rate.parse().ok()?))
            })
            .collect(),
        Ok(output) => {
            eprintln!(
                "certgate-bench: go run failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Vec::new()
        }
        Err(error) => {
            eprintln!("certgate-bench: no Go ({go:?}: {error}); set CERTGATE_GO");
            Vec::new()
        }
    }
}
