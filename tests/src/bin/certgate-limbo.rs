//! x509-limbo harness: limbo JSON on stdin, limbo result JSON on stdout.
//! `--client openssl|go|rustls` answers with certgate's prediction of that
//! client instead of the strict profiles.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let client = match arguments.as_slice() {
        [] => None,
        [flag, name] if flag == "--client" => {
            match certgate_core::client::Client::from_name(name) {
                Some(client) => Some(client),
                None => {
                    eprintln!("certgate-limbo: unknown client {name} (openssl, go or rustls)");
                    return ExitCode::from(2);
                }
            }
        }
        _ => {
            eprintln!(
                "usage: certgate-limbo [--client openssl|go|rustls] < limbo.json > results.json"
            );
            return ExitCode::from(2);
        }
    };
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("certgate-limbo: cannot read stdin: {error}");
        return ExitCode::from(2);
    }
    let suite: certgate_tests::Suite = match serde_json::from_str(&input) {
        Ok(suite) => suite,
        Err(error) => {
            eprintln!("certgate-limbo: stdin is not limbo JSON: {error}");
            return ExitCode::from(2);
        }
    };
    let results = match client {
        Some(client) => certgate_tests::predict(&suite, client),
        None => certgate_tests::run_suite(&suite),
    };
    match serde_json::to_writer(std::io::stdout().lock(), &results) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("certgate-limbo: cannot write results: {error}");
            ExitCode::from(2)
        }
    }
}
