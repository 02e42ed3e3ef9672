#!/usr/bin/env bash
# Builds the `certgate` npm package into web/pkg from crates/certgate-wasm:
#   1. wasm-pack build --target web --profile release-wasm (opt-level z, LTO,
#      one codegen unit, panic=abort), with wasm-pack's own wasm-opt off;
#   2. wasm-opt -Oz from the npm `binaryen` package (web/node_modules), never
#      Debian's binaryen 108, which corrupts wasm-bindgen output.
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen 0.2.130 and
# wasm-pack on PATH, `npm ci` done in web/ (scripts/web-test.sh installs all).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
staging="$root/target/web"
wasm_opt="$web/node_modules/.bin/wasm-opt"

if [[ ! -x "$wasm_opt" ]]; then
    echo "web-build: $wasm_opt missing; run npm ci in web/ (or scripts/web-test.sh)" >&2
    exit 2
fi

rm -rf "$staging/pkg"
mkdir -p "$staging" "$web/pkg"
# --mode no-install: use the wasm-bindgen on PATH, never download one.
wasm-pack --quiet build "$root/crates/certgate-wasm" \
    --target web --profile release-wasm --no-opt --no-pack --mode no-install \
    --out-dir "$staging/pkg" --out-name certgate

cp "$staging/pkg/certgate_bg.wasm" "$staging/certgate_bg.unopt.wasm"
"$wasm_opt" -Oz --strip-debug --strip-producers \
    "$staging/pkg/certgate_bg.wasm" -o "$web/pkg/certgate_bg.wasm.tmp"
mv "$web/pkg/certgate_bg.wasm.tmp" "$web/pkg/certgate_bg.wasm"
for file in certgate.js certgate.d.ts certgate_bg.wasm.d.ts; do
    cp "$staging/pkg/$file" "$web/pkg/$file"
done
echo "web-build: $(wc -c < "$web/pkg/certgate_bg.wasm") bytes of wasm in web/pkg" >&2
