#!/usr/bin/env bash
# Regenerates the self-signed certificates of crypto.rs's backend tests: the
# (algorithm, key) combinations on both sides of ring's limits, so the tests
# see ring verify some and refuse others (RustCrypto then decides). Valid for
# 100 years; keys live in a temporary directory.
set -euo pipefail

out="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cert() { # name key-options... -- signing options...
    local name="$1"
    shift
    local keyopts=()
    while [ "$1" != "--" ]; do keyopts+=("$1"); shift; done
    shift
    openssl genpkey "${keyopts[@]}" -out "$work/$name.key" 2>/dev/null
    openssl req -new -x509 -days 36500 -key "$work/$name.key" -subj "/CN=certgate backend $name" \
        "$@" -outform DER -out "$out/$name.crt.der"
}

rsa() { echo -algorithm RSA -pkeyopt "rsa_keygen_bits:$1" -pkeyopt "rsa_keygen_pubexp:$2"; }

# ring: PKCS#1 v1.5 SHA-1/256/512 from 1024 bits, SHA-384 from 2048.
# shellcheck disable=SC2046
cert rsa1024_sha256 $(rsa 1024 65537) -- -sha256
# shellcheck disable=SC2046
cert rsa1024_sha384 $(rsa 1024 65537) -- -sha384
# shellcheck disable=SC2046
cert rsa1024_sha512 $(rsa 1024 65537) -- -sha512
# shellcheck disable=SC2046
cert rsa2048_sha384 $(rsa 2048 65537) -- -sha384
# ring: no SHA-224, no modulus under 1024 bits (RustCrypto: from 512).
# shellcheck disable=SC2046
cert rsa2048_sha224 $(rsa 2048 65537) -- -sha224
# shellcheck disable=SC2046
cert rsa768_sha256 $(rsa 768 65537) -- -sha256
# ring: exponents from 3; 4096 bits.
# shellcheck disable=SC2046
cert rsa2048_e3_sha256 $(rsa 2048 3) -- -sha256
# shellcheck disable=SC2046
cert rsa4096_sha512 $(rsa 4096 65537) -- -sha512
# ring: PSS only with salt length = hash length, from 2048 bits.
# shellcheck disable=SC2046
cert rsa_pss_sha384 $(rsa 2048 65537) -- -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384
# shellcheck disable=SC2046
cert rsa_pss_sha256_salt20 $(rsa 2048 65537) -- -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20 -sigopt rsa_mgf1_md:sha256
# shellcheck disable=SC2046
cert rsa_pss_sha256_salt0 $(rsa 2048 65537) -- -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:0 -sigopt rsa_mgf1_md:sha256
# shellcheck disable=SC2046
cert rsa1024_pss_sha256 $(rsa 1024 65537) -- -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
# ring: ECDSA P-256 with SHA-384, P-384 with SHA-512 (not in ring).
cert p256_sha384 -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -- -sha384
cert p384_sha512 -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -- -sha512
cert p256_sha224 -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -- -sha224
# Odd sizes, signed by OpenSSL: a 1-bit top limb (1025), and PSS where
# emLen = k - 1 (1537 bits), below ring's 2048-bit PSS minimum.
# shellcheck disable=SC2046
cert rsa1025_sha256 $(rsa 1025 65537) -- -sha256
# shellcheck disable=SC2046
cert rsa1537_pss_sha256 $(rsa 1537 65537) -- -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256
