//! x509-limbo harness: limbo JSON on stdin, limbo result JSON on stdout.
//!
//! ```text
//! certgate-limbo                      certgate's strict verdicts
//! certgate-limbo --client CLIENT      certgate's prediction of CLIENT
//! certgate-limbo --oracle CLIENT      the real CLIENT (openssl|go|rustls)
//! certgate-limbo --oracle openssl --limbo-harness-flags
//!                                     OpenSSL as upstream limbo's harness sets it up
//! ```

use std::io::Read;
use std::process::ExitCode;

use certgate_tests::oracle::{self, Client, OpenSslFlags};

enum Mode {
    Strict,
    Predict(Client),
    Oracle(Client),
}

const USAGE: &str = "usage: certgate-limbo [--client openssl|go|rustls | --oracle openssl|go|rustls [--limbo-harness-flags]] < limbo.json";

fn parse_args() -> Result<(Mode, bool), String> {
    let mut mode = Mode::Strict;
    let mut harness_flags = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let client = |value: Option<String>| {
            let value = value.ok_or_else(|| format!("{arg} needs a client"))?;
            Client::from_name(&value).ok_or_else(|| format!("unknown client {value}"))
        };
        match arg.as_str() {
            "--client" => mode = Mode::Predict(client(args.next())?),
            "--oracle" => mode = Mode::Oracle(client(args.next())?),
            "--limbo-harness-flags" => harness_flags = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if harness_flags && !matches!(mode, Mode::Oracle(Client::Openssl)) {
        return Err("--limbo-harness-flags applies to --oracle openssl only".into());
    }
    Ok((mode, harness_flags))
}

fn main() -> ExitCode {
    let (mode, harness_flags) = match parse_args() {
        Ok(parsed) => parsed,
        Err(error) => {
            eprintln!("certgate-limbo: {error}\n{USAGE}");
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
    let results = match mode {
        Mode::Strict => certgate_tests::run_suite(&suite),
        Mode::Predict(client) => certgate_tests::predict(&suite, client),
        Mode::Oracle(Client::Openssl) if harness_flags => {
            match oracle::run_openssl(&suite, OpenSslFlags::LimboHarness) {
                Ok(results) => results,
                Err(error) => {
                    eprintln!("certgate-limbo: {error}");
                    return ExitCode::from(2);
                }
            }
        }
        Mode::Oracle(client) => match oracle::run_client(client, &suite) {
            Ok(results) => results,
            Err(error) => {
                eprintln!("certgate-limbo: {error}");
                return ExitCode::from(2);
            }
        },
    };
    match serde_json::to_writer(std::io::stdout().lock(), &results) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("certgate-limbo: cannot write results: {error}");
            ExitCode::from(2)
        }
    }
}
