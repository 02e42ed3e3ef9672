//! The differential test of certgate's client model: for each real client
//! (OpenSSL 3, Go crypto/x509, rustls-webpki) and each corpus (the vendored
//! limbo suite and every `tests/data/corpus/*.json`), run the real client
//! (`certgate_tests::oracle`) and certgate's prediction of it
//! (`certgate_tests::predict`), and compare case by case.
//!
//! Fails when a disagreement is not listed in
//! `tests/differential-divergences.tsv` (`client<TAB>case id<TAB>reason`), or
//! when agreement falls below the floors: limbo non-BetterTLS 95 %, BetterTLS
//! 99 %, the generated corpora 100 % beyond listed divergences. A case a
//! client skips (a feature it lacks) is counted apart and not in the
//! percentages. Go must be installed (`CERTGATE_GO`, see scripts/test.sh).

use core::fmt::Write as _;
use core::time::Duration;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use certgate_tests::oracle::{self, Client};
use certgate_tests::{CaseResult, Results, Suite};

const FLOOR_LIMBO_OTHER: f64 = 95.0;
const FLOOR_BETTERTLS: f64 = 99.0;
/// OpenSSL's floor on the non-BetterTLS cases: the same target, now that
/// its literal wildcard name-constraint matching is modelled.
const OPENSSL_FLOOR_LIMBO_OTHER: f64 = FLOOR_LIMBO_OTHER;

/// Unlisted disagreements shown in the failure message, per client; the
/// full list goes to a file in the divergence list's format.
const SHOWN: usize = 40;

/// One corpus: a limbo-format suite under a name.
struct Corpus {
    name: String,
    suite: Suite,
}

/// A row of the table: how a client and its prediction compare on a group.
#[derive(Default)]
struct Tally {
    agree: usize,
    disagree: usize,
    listed: usize,
    skipped: usize,
    /// Cases stating `expected_result`, and how many the client matches.
    with_expected: usize,
    client_as_expected: usize,
}

impl Tally {
    /// Agreement among cases both sides answered, listed divergences
    /// counted as disagreements.
    fn percent(&self) -> f64 {
        let answered = self.agree + self.disagree;
        if answered == 0 {
            100.0
        } else {
            // Counts are far below 2^52, so the casts are exact.
            self.agree as f64 * 100.0 / answered as f64
        }
    }
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/corpus")
}

/// The limbo suite, then every `*.json` in the corpus folder, sorted; the
/// folder may be absent or empty.
fn corpora() -> Vec<Corpus> {
    let limbo = certgate_tests::read_suite(&certgate_tests::limbo_path())
        .unwrap_or_else(|error| panic!("{error}; set CERTGATE_LIMBO"));
    let mut corpora = vec![Corpus {
        name: "limbo".into(),
        suite: limbo,
    }];
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(corpus_dir()) {
        Ok(entries) => entries
            .map(|entry| entry.expect("corpus folder entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => panic!("{}: {error}", corpus_dir().display()),
    };
    paths.sort();
    for path in paths {
        let suite = certgate_tests::read_suite(&path).unwrap_or_else(|error| panic!("{error}"));
        corpora.push(Corpus {
            name: file_stem(&path),
            suite,
        });
    }
    corpora
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned())
}

/// `(client, case id) -> reason` from the divergence list.
fn divergences() -> BTreeMap<(Client, String), String> {
    let mut listed = BTreeMap::new();
    let text = include_str!("differential-divergences.tsv");
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let [client, id, reason] = fields.as_slice() else {
            panic!(
                "differential-divergences.tsv:{}: want client<TAB>id<TAB>reason",
                number + 1
            );
        };
        let client = Client::from_name(client).unwrap_or_else(|| {
            panic!(
                "differential-divergences.tsv:{}: unknown client {client}",
                number + 1
            )
        });
        assert!(
            !reason.trim().is_empty(),
            "differential-divergences.tsv:{}: {id} needs a reason",
            number + 1
        );
        let duplicate = listed.insert((client, (*id).to_string()), (*reason).to_string());
        assert!(
            duplicate.is_none(),
            "differential-divergences.tsv: {id} listed twice for {}",
            client.name()
        );
    }
    listed
}

/// The table group of a case: limbo is split BetterTLS / the rest.
fn group(corpus: &str, id: &str) -> String {
    match corpus {
        "limbo" if id.starts_with("bettertls::") => "limbo bettertls".into(),
        "limbo" => "limbo other".into(),
        other => other.into(),
    }
}

fn floor(client: Client, group: &str) -> Option<f64> {
    let openssl = client == Client::Openssl;
    match group {
        "limbo other" if openssl => Some(OPENSSL_FLOOR_LIMBO_OTHER),
        "limbo bettertls" => Some(FLOOR_BETTERTLS),
        "limbo other" => Some(FLOOR_LIMBO_OTHER),
        // Generated corpora: every disagreement must be listed, checked below.
        _ => None,
    }
}

fn is_verdict(result: &str) -> bool {
    matches!(result, "SUCCESS" | "FAILURE")
}

fn by_id(results: &Results) -> BTreeMap<&str, &CaseResult> {
    results
        .results
        .iter()
        .map(|result| (result.id.as_str(), result))
        .collect()
}

#[test]
fn predictions_match_the_real_clients() {
    let started = Instant::now();
    let go = oracle::go_command().unwrap_or_else(|error| panic!("{error}"));
    let corpora = corpora();
    let listed = divergences();

    let mut tallies: BTreeMap<(Client, String), Tally> = BTreeMap::new();
    let mut times: Vec<(Client, String, Duration, Duration)> = Vec::new();
    let mut unlisted: BTreeMap<Client, Vec<String>> = BTreeMap::new();
    let mut diverging: BTreeSet<(Client, String)> = BTreeSet::new();
    let mut seen: BTreeSet<(Client, String)> = BTreeSet::new();

    for client in Client::ALL {
        for corpus in &corpora {
            let start = Instant::now();
            let real = oracle::run_client(client, &corpus.suite).unwrap_or_else(|error| {
                panic!("{} oracle on {}: {error}", client.name(), corpus.name)
            });
            let real_time = start.elapsed();
            let start = Instant::now();
            let predicted = certgate_tests::predict(&corpus.suite, client);
            let predict_time = start.elapsed();
            times.push((client, corpus.name.clone(), real_time, predict_time));

            let real = by_id(&real);
            let predicted = by_id(&predicted);
            for case in &corpus.suite.testcases {
                let id = case.id.as_str();
                let actual = real
                    .get(id)
                    .unwrap_or_else(|| panic!("{} oracle gave no result for {id}", client.name()));
                let guess = predicted
                    .get(id)
                    .unwrap_or_else(|| panic!("predict gave no result for {id}"));
                let tally = tallies
                    .entry((client, group(&corpus.name, id)))
                    .or_default();
                seen.insert((client, id.to_string()));
                if let Some(expected) = &case.expected_result
                    && is_verdict(&actual.actual_result)
                {
                    tally.with_expected += 1;
                    tally.client_as_expected += usize::from(actual.actual_result == *expected);
                }
                // The client declined the case: nothing to predict.
                if !is_verdict(&actual.actual_result) {
                    tally.skipped += 1;
                    continue;
                }
                // A skipped prediction of a case the client answers counts
                // as a disagreement: the model has to answer it.
                if actual.actual_result == guess.actual_result {
                    tally.agree += 1;
                    continue;
                }
                tally.disagree += 1;
                diverging.insert((client, id.to_string()));
                if listed.contains_key(&(client, id.to_string())) {
                    tally.listed += 1;
                    continue;
                }
                let why = |result: &CaseResult| {
                    result
                        .context
                        .as_ref()
                        .map(|context| format!(" ({})", context.replace(['\t', '\n'], " ")))
                        .unwrap_or_default()
                };
                let line = format!(
                    "{}\t{id}\t{} says {}{}, certgate predicts {}{}",
                    client.name(),
                    client.name(),
                    actual.actual_result,
                    why(actual),
                    guess.actual_result,
                    why(guess)
                );
                unlisted.entry(client).or_default().push(line);
            }
        }
    }

    let go_version = std::process::Command::new(&go)
        .arg("version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .unwrap_or_default();
    println!(
        "real clients: {}, {go_version}, rustls-webpki 0.103 (ring)",
        openssl::version::version()
    );
    println!(
        "certgate prediction vs real client (agree% over cases both answered; listed = disagreements in differential-divergences.tsv)"
    );
    println!(
        "{:<8} {:<20} {:>6} {:>8} {:>6} {:>7} {:>8} {:>6}  client=expected",
        "client", "corpus", "agree", "disagree", "listed", "skipped", "agree%", "floor"
    );
    let mut below = Vec::new();
    for ((client, group), tally) in &tallies {
        let floor = floor(*client, group);
        let floor_text = floor.map_or_else(|| "all".to_string(), |f| format!("{f:.0}%"));
        println!(
            "{:<8} {:<20} {:>6} {:>8} {:>6} {:>7} {:>7.2}% {:>6}  {}/{}",
            client.name(),
            group,
            tally.agree,
            tally.disagree,
            tally.listed,
            tally.skipped,
            tally.percent(),
            floor_text,
            tally.client_as_expected,
            tally.with_expected
        );
        if let Some(floor) = floor
            && tally.percent() < floor
        {
            below.push(format!(
                "{} on {group}: {:.2}% agree, floor {floor:.0}%",
                client.name(),
                tally.percent()
            ));
        }
    }
    println!("time (real client / certgate prediction):");
    for (client, corpus, real, predicted) in &times {
        println!(
            "  {:<8} {:<20} {:>8.2?} / {:>8.2?}",
            client.name(),
            corpus,
            real,
            predicted
        );
    }

    let stale: Vec<String> = listed
        .keys()
        .filter(|key| !diverging.contains(*key))
        .map(|(client, id)| {
            let state = if seen.contains(&(*client, id.clone())) {
                "agrees now"
            } else {
                "not in any corpus"
            };
            format!("{}\t{id}\t{state}", client.name())
        })
        .collect();
    if !stale.is_empty() {
        println!(
            "stale divergences (remove them from the list):\n{}",
            stale.join("\n")
        );
    }
    println!("differential test took {:.1?}", started.elapsed());

    let mut failures = Vec::new();
    if !unlisted.is_empty() {
        let all: Vec<&String> = unlisted.values().flatten().collect();
        let path = write_unlisted(&all);
        let mut message = format!(
            "{} disagreements are not in tests/differential-divergences.tsv (all of them: {}):",
            all.len(),
            path.display()
        );
        for (client, lines) in &unlisted {
            let _ = write!(message, "\n{}: {}", client.name(), lines.len());
            for line in lines.iter().take(SHOWN) {
                let _ = write!(message, "\n  {line}");
            }
            if lines.len() > SHOWN {
                let _ = write!(message, "\n  ... {} more", lines.len() - SHOWN);
            }
        }
        failures.push(message);
    }
    if !below.is_empty() {
        failures.push(format!(
            "agreement below the floor:\n  {}",
            below.join("\n  ")
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes the unlisted disagreements where a run can find them, in the
/// divergence list's format.
fn write_unlisted(lines: &[&String]) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from);
    let path = target.join("certgate-oracles/differential-unlisted.tsv");
    let mut text = String::new();
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("target folder is writable");
    }
    std::fs::write(&path, text).expect("target folder is writable");
    path
}

/// The runners pass each input to their client: names, time, usage, CRLs,
/// depth and CLIENT cases change the verdicts as the clients are known to
/// (these match the clients' published limbo results), so a runner that
/// drops an input fails here rather than agreeing by accident.
#[test]
fn oracles_give_known_verdicts() {
    use Client::{Go, Openssl as OpenSsl, Rustls};
    const S: &str = "SUCCESS";
    const F: &str = "FAILURE";
    const K: &str = "SKIPPED";
    let known: &[(&str, [(Client, &str); 3])] = &[
        (
            "webpki::san::mismatch-domain-san",
            [(OpenSsl, F), (Go, F), (Rustls, F)],
        ),
        (
            "rfc5280::validity::expired-leaf",
            [(OpenSsl, F), (Go, F), (Rustls, F)],
        ),
        (
            "rfc5280::eku::ee-wrong-eku",
            [(OpenSsl, F), (Go, F), (Rustls, F)],
        ),
        ("online::google.com", [(OpenSsl, S), (Go, S), (Rustls, S)]),
        (
            "crl::revoked-certificate-with-crl",
            [(OpenSsl, F), (Go, K), (Rustls, F)],
        ),
        (
            "crl::certificate-not-on-crl",
            [(OpenSsl, S), (Go, K), (Rustls, S)],
        ),
        (
            "pathlen::max-chain-depth-0",
            [(OpenSsl, S), (Go, K), (Rustls, K)],
        ),
        (
            "pathlen::max-chain-depth-0-exhausted",
            [(OpenSsl, F), (Go, K), (Rustls, K)],
        ),
        (
            "rfc5280::nc::nc-permits-email-exact",
            [(OpenSsl, S), (Go, K), (Rustls, K)],
        ),
        (
            "rfc5280::nc::nc-permits-email-literal-asterisk-rejects-user",
            [(OpenSsl, F), (Go, K), (Rustls, K)],
        ),
        // Go 1.27's GODEBUG defaults (go.mod's go line) reject negative
        // serials; Go built for 1.20, as upstream limbo's harness is, accepts.
        (
            "rfc5280::serial::negative",
            [(OpenSsl, F), (Go, F), (Rustls, F)],
        ),
        // OpenSSL without X509_STRICT does not require an AKI.
        (
            "rfc5280::aki::leaf-missing-aki",
            [(OpenSsl, S), (Go, S), (Rustls, S)],
        ),
    ];
    let mut suite = certgate_tests::read_suite(&certgate_tests::limbo_path())
        .unwrap_or_else(|error| panic!("{error}; set CERTGATE_LIMBO"));
    suite
        .testcases
        .retain(|case| known.iter().any(|(id, _)| *id == case.id));
    assert_eq!(
        suite.testcases.len(),
        known.len(),
        "every known case is in the suite"
    );
    let mut wrong = Vec::new();
    for client in Client::ALL {
        let results = oracle::run_client(client, &suite)
            .unwrap_or_else(|error| panic!("{} oracle: {error}", client.name()));
        let results = by_id(&results);
        for (id, verdicts) in known {
            let want = verdicts
                .iter()
                .find(|(which, _)| *which == client)
                .map(|(_, verdict)| *verdict)
                .expect("a verdict for every client");
            let got = &results[id];
            if got.actual_result != want {
                wrong.push(format!(
                    "{} {id}: want {want}, got {} ({})",
                    client.name(),
                    got.actual_result,
                    got.context.clone().unwrap_or_default()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "oracles changed:\n{}", wrong.join("\n"));
}
