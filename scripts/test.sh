#!/usr/bin/env bash
# Runs every test of certgate on a fresh Debian 12 machine with rustup:
# installs what is missing, then format, lints, the no_std build and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== toolchain"
rustup target list --installed | grep -qx wasm32v1-none || rustup target add wasm32v1-none
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy (all targets, -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

echo "== no_std: certgate-core for wasm32v1-none (no std anywhere in its graph)"
cargo build -p certgate-core --target wasm32v1-none --release

echo "== tests (release: the limbo suite runs whole; --show-output prints its table)"
cargo test --workspace --release -- --show-output

echo "== npm package and upload preview (wasm build, node --test, Chromium)"
bash scripts/web-test.sh
