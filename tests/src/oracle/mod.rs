//! The real TLS clients' verifiers, run on limbo-format suites: the oracles
//! that certgate's client model (`crate::predict`) is checked against.
//!
//! Each runner maps a case to its client's API the way that client's own
//! limbo harness does, and reports `SKIPPED` (with the reason as `context`)
//! when the case needs something the client has no option for.

mod go;
mod openssl;
mod rustls;

use core::time::Duration;
use std::time::Instant;

pub use certgate_core::client::Client;

pub use self::go::go_command;
pub use self::openssl::OpenSslFlags;
use crate::{CaseResult, Results, Suite, Testcase};

/// Runs `client` on every case of `suite`.
///
/// Err when the client cannot run at all (Go missing or its build failing,
/// libssl refusing to set up): that is a broken oracle, not a verdict.
pub fn run_client(client: Client, suite: &Suite) -> Result<Results, String> {
    match client {
        Client::Openssl => openssl::run(suite, OpenSslFlags::TlsClient),
        Client::Go => go::run(suite),
        Client::Rustls => Ok(rustls::run(suite)),
        // Client is non_exhaustive: a client the model gains needs a runner.
        other => Err(format!("no oracle runs {}", other.name())),
    }
}

/// OpenSSL with another set of flags (`OpenSslFlags::LimboHarness` reproduces
/// upstream limbo's harness, to check this runner against its published
/// results).
pub fn run_openssl(suite: &Suite, flags: OpenSslFlags) -> Result<Results, String> {
    openssl::run(suite, flags)
}

/// A runner's answer for one case.
pub(crate) enum Verdict {
    Success,
    Failure(String),
    Skipped(String),
}

impl Verdict {
    fn into_result(self, id: &str, elapsed: Duration) -> CaseResult {
        let (actual, context) = match self {
            Self::Success => ("SUCCESS", None),
            Self::Failure(why) => ("FAILURE", Some(why)),
            Self::Skipped(why) => ("SKIPPED", Some(why)),
        };
        CaseResult {
            id: id.to_string(),
            actual_result: actual.to_string(),
            context,
            elapsed,
        }
    }
}

/// Runs an in-process evaluator on every case, timing each.
fn run_each(suite: &Suite, harness: String, evaluate: impl Fn(&Testcase) -> Verdict) -> Results {
    let results = suite
        .testcases
        .iter()
        .map(|case| {
            let start = Instant::now();
            let verdict = evaluate(case);
            verdict.into_result(&case.id, start.elapsed())
        })
        .collect();
    Results {
        version: 1,
        harness,
        results,
    }
}

/// The usage a case asks the verifier to check.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usage {
    /// serverAuth: a SERVER case, or one naming serverAuth.
    Server,
    /// clientAuth: a case naming clientAuth (limbo's CLIENT cases all do).
    Client,
    /// A CLIENT case naming no EKU: verify the chain for no particular usage,
    /// as `openssl verify` without `-purpose` (and as certgate's model and
    /// the corpus read it); clients that always check one use their default.
    Unspecified,
}

/// The usage from `extended_key_usage`, else from `validation_kind`; Err
/// names what a TLS verifier cannot be asked for.
pub(crate) fn usage(case: &Testcase) -> Result<Usage, String> {
    match case.extended_key_usage.as_slice() {
        [] if case.validation_kind == "CLIENT" => Ok(Usage::Unspecified),
        [] => Ok(Usage::Server),
        [one] if one == "serverAuth" => Ok(Usage::Server),
        [one] if one == "clientAuth" => Ok(Usage::Client),
        other => Err(format!(
            "a TLS verifier checks serverAuth or clientAuth, not {}",
            other.join("+")
        )),
    }
}

/// The validation time in seconds since the epoch (fractions dropped, as
/// every client's clock interface does); `None` in the case means now.
pub(crate) fn validation_seconds(case: &Testcase) -> Result<i64, String> {
    match &case.validation_time {
        Some(text) => certgate_core::UnixTime::parse_rfc3339(text)
            .map(certgate_core::UnixTime::seconds)
            .ok_or_else(|| format!("unreadable validation_time {text}")),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|error| error.to_string())
            .and_then(|since| i64::try_from(since.as_secs()).map_err(|e| e.to_string())),
    }
}
