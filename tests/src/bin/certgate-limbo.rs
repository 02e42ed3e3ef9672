//! x509-limbo harness: limbo JSON on stdin, limbo result JSON on stdout.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
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
    let results = certgate_tests::run_suite(&suite);
    match serde_json::to_writer(std::io::stdout().lock(), &results) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("certgate-limbo: cannot write results: {error}");
            ExitCode::from(2)
        }
    }
}
