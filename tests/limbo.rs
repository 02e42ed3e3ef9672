//! Runs the whole x509-limbo suite through the harness and enforces the floor.
//!
//! Every disagreement must be listed, with its reason, in
//! `tests/limbo-divergences.tsv` (as Go's crypto/x509 keeps for limbo), so a
//! regression is a new unlisted case and an improvement shows as a stale line.

use core::time::Duration;
use std::collections::{BTreeMap, BTreeSet};

/// Non-BetterTLS cases that must agree (of 208).
const FLOOR_OTHER: usize = 203;

fn divergences() -> BTreeMap<String, String> {
    let text = include_str!("limbo-divergences.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (id, reason) = line.split_once('\t').expect("id<TAB>reason");
            (id.to_string(), reason.to_string())
        })
        .collect()
}

#[test]
fn limbo_suite_meets_the_floor() {
    let suite = certgate_tests::read_suite(&certgate_tests::limbo_path())
        .unwrap_or_else(|error| panic!("{error}; set CERTGATE_LIMBO"));
    let expected: BTreeMap<&str, &str> = suite
        .testcases
        .iter()
        .map(|case| {
            let expected = case.expected_result.as_deref();
            (
                case.id.as_str(),
                expected.expect("limbo cases state expected_result"),
            )
        })
        .collect();
    let results = certgate_tests::run_suite(&suite);

    let mut per_prefix: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut diverging = BTreeSet::new();
    let mut slowest = (Duration::ZERO, String::new());
    for result in &results.results {
        let prefix = result.id.split("::").next().unwrap_or_default().to_string();
        let counts = per_prefix.entry(prefix).or_default();
        if result.elapsed > slowest.0 {
            slowest = (result.elapsed, result.id.clone());
        }
        let agrees = result.actual_result == expected[result.id.as_str()];
        match (result.actual_result.as_str(), agrees) {
            ("SKIPPED", _) => counts[2] += 1,
            (_, true) => counts[0] += 1,
            (_, false) => counts[1] += 1,
        }
        if !agrees {
            diverging.insert(result.id.clone());
            if !divergences().contains_key(&result.id) {
                unexplained.push(format!(
                    "{} expected {} got {} ({})",
                    result.id,
                    expected[result.id.as_str()],
                    result.actual_result,
                    result.context.clone().unwrap_or_default()
                ));
            }
        }
    }
    println!("prefix\tagree\tdisagree\tskipped");
    let mut other = [0usize; 3];
    for (prefix, counts) in &per_prefix {
        println!("{prefix}\t{}\t{}\t{}", counts[0], counts[1], counts[2]);
        if prefix != "bettertls" {
            for (total, count) in other.iter_mut().zip(counts) {
                *total += count;
            }
        }
    }
    println!("non-bettertls\t{}\t{}\t{}", other[0], other[1], other[2]);
    println!("slowest case: {} in {:?}", slowest.1, slowest.0);
    // The denial-of-service cases, one by one (shown, not asserted).
    for result in &results.results {
        if result.id.starts_with("pathological::") {
            println!(
                "{}\t{}\t{:?}",
                result.id, result.actual_result, result.elapsed
            );
        }
    }

    let stale: Vec<_> = divergences()
        .keys()
        .filter(|id| !diverging.contains(*id))
        .cloned()
        .collect();
    assert!(
        unexplained.is_empty(),
        "unlisted divergences:\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed divergences that now agree (remove them): {stale:?}"
    );
    assert_eq!(
        per_prefix["bettertls"],
        [9572, 0, 0],
        "every BetterTLS case agrees"
    );
    assert!(
        other[0] >= FLOOR_OTHER,
        "{} of 208 agree, floor {FLOOR_OTHER}",
        other[0]
    );
    assert!(
        slowest.0 < Duration::from_secs(1),
        "{} took {:?}",
        slowest.1,
        slowest.0
    );
}
