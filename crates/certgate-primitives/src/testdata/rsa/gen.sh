#!/usr/bin/env bash
# Regenerates the RSA test keys of crypto/rsa_public.rs's tests: PKCS#1 DER
# private keys (test keys only, never used elsewhere) of sizes that reach
# each edge of the arithmetic and of EMSA-PSS: a top limb of 1 bit (1025,
# 1537: emLen = k - 1), 31 bits (2047), the smallest size (512), 3072, and
# a 4100-bit key; exponents 3, 17, 65537 and 2^32 + 1.
set -euo pipefail
out="$(cd "$(dirname "$0")" && pwd)"
key() { # bits exponent; a product of two primes of half the size can come
    # out one bit short, so draw again until the modulus has the size asked.
    local file="$out/rsa$1_e$2.p1.der"
    until openssl rsa -inform DER -in "$file" -noout -text 2>/dev/null | head -1 | grep -q "($1 bit"; do
        openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$1" -pkeyopt "rsa_keygen_pubexp:$2" 2>/dev/null |
            openssl rsa -traditional -outform DER -out "$file" 2>/dev/null
    done
}
key 512 65537
key 1025 65537
key 2047 3
key 1537 65537
key 3072 17
key 4100 4294967297
