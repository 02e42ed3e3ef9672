#!/usr/bin/env bash
# Webhook tests on a fresh Debian 12 machine: the tests need only Rust
# (rcgen generates the serving PKI, reqwest talks TLS with rustls/ring, the
# cluster is a tower-test mock). kubectl is optional: with it the deploy
# test renders webhook/deploy with `kubectl kustomize`, without it the test
# reads the listed manifests directly.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust >= 1.89 (https://rustup.rs)" >&2
  exit 2
fi
# ring's build script needs a C compiler.
if ! command -v cc >/dev/null; then
  echo "installing a C compiler for ring" >&2
  ${SUDO:-$( [ "$(id -u)" = 0 ] || echo sudo )} apt-get install -y --no-install-recommends gcc libc6-dev
fi
cargo fmt -p certgate-webhook --check
cargo clippy -p certgate-webhook --all-targets -- -D warnings
cargo test -p certgate-webhook --release
