#!/usr/bin/env bash
# Builds the `certgate` npm package into web/pkg from crates/certgate-wasm,
# once per entry point, each with its own .wasm:
#   certgate             (feature certificates) -> pkg/certgate.js,   pkg/certgate_bg.wasm
#   certgate/kubernetes  (feature kubernetes)   -> pkg/kubernetes.js, pkg/kubernetes_bg.wasm
# For each: cargo build --profile release-wasm (opt-level z, LTO, one codegen
# unit, panic=abort), wasm-bindgen --target web, then wasm-opt from the npm
# `binaryen` package (web/node_modules), never Debian's binaryen 108, which
# corrupts wasm-bindgen output.
# Needs: rustup target wasm32-unknown-unknown, wasm-bindgen 0.2.130 on PATH,
# `npm ci` done in web/ (scripts/web-test.sh installs all).
#   scripts/web-build.sh [certgate|kubernetes]   (default: both)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
staging="$root/target/web"
wasm_opt="$web/node_modules/.bin/wasm-opt"
target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

if [[ ! -x "$wasm_opt" ]]; then
    echo "web-build: $wasm_opt missing; run npm ci in web/ (or scripts/web-test.sh)" >&2
    exit 2
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen 0.2.130" ]]; then
    echo "web-build: wasm-bindgen 0.2.130 is not on PATH (cargo install wasm-bindgen-cli --version 0.2.130)" >&2
    exit 2
fi

# Each entry: its name, its cargo feature, its wasm-opt flags.
build_entry() {
    local name="$1" feature="$2"
    shift 2
    cargo build --quiet --lib -p certgate-wasm --target wasm32-unknown-unknown \
        --profile release-wasm --no-default-features --features "$feature"
    rm -rf "$staging/$name"
    mkdir -p "$staging/$name"
    wasm-bindgen "$target_dir/wasm32-unknown-unknown/release-wasm/certgate_wasm.wasm" \
        --target web --out-dir "$staging/$name" --out-name "$name"
    cp "$staging/$name/${name}_bg.wasm" "$staging/${name}_bg.unopt.wasm"
    "$wasm_opt" "$@" --strip-debug --strip-producers \
        "$staging/$name/${name}_bg.wasm" -o "$web/pkg/${name}_bg.wasm.tmp"
    mv "$web/pkg/${name}_bg.wasm.tmp" "$web/pkg/${name}_bg.wasm"
    for file in "$name.js" "$name.d.ts" "${name}_bg.wasm.d.ts"; do
        cp "$staging/$name/$file" "$web/pkg/$file"
    done
    # web/bench/size.mjs reads the flags to build its named copy the same way.
    printf '%s\n' "$@" > "$staging/${name}.wasm-opt-flags"
    echo "web-build: $(wc -c < "$web/pkg/${name}_bg.wasm") bytes of wasm in web/pkg/${name}_bg.wasm" >&2
}

mkdir -p "$staging" "$web/pkg"
entry="${1:-all}"
if [[ "$entry" == all || "$entry" == certgate ]]; then
    build_entry certgate certificates -Oz
fi
if [[ "$entry" == all || "$entry" == kubernetes ]]; then
    build_entry kubernetes kubernetes -Oz
fi
