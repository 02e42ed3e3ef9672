//! Arbitrary bytes as the body of `POST /validate`, through the webhook's
//! handler (offline, so no cluster). Either an AdmissionReview comes back,
//! carrying the request's uid and a bounded answer, or a 4xx reason.
#![no_main]

use std::sync::{Arc, OnceLock};

use certgate_webhook::admission::{Reviewer, Settings};
use certgate_webhook::config::LookupFailure;
use certgate_webhook::metrics::Metrics;
use futures_util::FutureExt as _;
use libfuzzer_sys::fuzz_target;

fn reviewer() -> &'static Reviewer {
    static REVIEWER: OnceLock<Reviewer> = OnceLock::new();
    REVIEWER.get_or_init(|| {
        let settings = Settings {
            trust_settings: None,
            namespace: "azure-iot-operations".into(),
            cluster_resource_namespace: "cert-manager".into(),
            lookup_failure: LookupFailure::Deny,
        };
        Reviewer::new(settings, None, Arc::new(Metrics::default()))
    })
}

fuzz_target!(|data: &[u8]| {
    // Offline the handler never waits: it must finish in one poll.
    let answer = reviewer()
        .handle(data)
        .now_or_never()
        .expect("an offline review never waits");
    match answer {
        Ok(review) => {
            let response = review.response.expect("a review answer has a response");
            // The typed parse skips fields it ignores, which a `Value` parse
            // may reject (a lone surrogate escape: regressions/admission/):
            // compare uids only when both parse.
            if let Ok(request) = serde_json::from_slice::<serde_json::Value>(data) {
                assert_eq!(Some(response.uid.as_str()), request["request"]["uid"].as_str());
            }
            let message = response.result.message;
            // 20 findings of at most 1 KiB, a count line, newlines.
            assert!(message.len() <= 21 * 1024 + 64, "deny message of {} bytes", message.len());
            let warnings = response.warnings.unwrap_or_default();
            assert!(warnings.iter().map(String::len).sum::<usize>() <= 4096);
        }
        Err(reason) => {
            let _ = reason.to_string();
        }
    }
});
