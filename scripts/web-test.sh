#!/usr/bin/env bash
# The npm package's tests: installs what a fresh Debian 12 machine lacks,
# builds web/pkg, and runs `node --test` (API, parity with the CLI,
# checkObjects, and the upload preview in Debian's Chromium).
# Idempotent; quick when everything is installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi
# The CLI must be exactly the crate's wasm-bindgen version. No --locked: its
# lockfile names crates this registry mirror lacks.
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen 0.2.130" ]]; then
    cargo install wasm-bindgen-cli --version 0.2.130 --force
fi
if [[ ! -x /usr/bin/chromium ]]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi
# npm ci only when package-lock.json changed since the last install.
if ! cmp -s web/package-lock.json web/node_modules/.certgate-installed-lock; then
    (cd web && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.certgate-installed-lock)
fi

# The parity tests run the CLI's release build.
cargo build --release -p certgate-cli
bash scripts/web-build.sh
cd web
node --test test/
# Fails the run when an entry is over its size budget.
node bench/size.mjs
