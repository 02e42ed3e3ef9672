#!/usr/bin/env bash
# Regenerates the certgate-bench vectors: two 3-certificate chains
# (root -> intermediate -> leaf), RSA-2048 and P-256, valid for 100 years.
# Only the certificates are kept; keys live in a temporary directory.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/vectors"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

cat > "$work/ext.cnf" <<'CNF'
[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ leaf_rsa2048 ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:bench.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ leaf_p256 ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:bench.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

days=36500

genkey() { # name algorithm
    case "$2" in
    rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" ;;
    esac
}

chain() { # prefix algorithm
    local p="$1" alg="$2"
    genkey "$p-root" "$alg"
    genkey "$p-intermediate" "$alg"
    genkey "$p-leaf" "$alg"

    openssl req -new -x509 -sha256 -days "$days" -key "$work/$p-root.key" \
        -subj "/O=certgate bench/CN=certgate bench $alg root" \
        -config "$work/ext.cnf" -extensions root \
        -out "$out/$p-root.pem"

    openssl req -new -sha256 -key "$work/$p-intermediate.key" \
        -subj "/O=certgate bench/CN=certgate bench $alg intermediate" \
        -out "$work/$p-intermediate.csr"
    openssl x509 -req -sha256 -days "$days" -in "$work/$p-intermediate.csr" \
        -CA "$out/$p-root.pem" -CAkey "$work/$p-root.key" -set_serial "0x$(openssl rand -hex 16)" \
        -extfile "$work/ext.cnf" -extensions intermediate \
        -out "$out/$p-intermediate.pem" 2>/dev/null

    openssl req -new -sha256 -key "$work/$p-leaf.key" \
        -subj "/CN=bench.example.com" \
        -out "$work/$p-leaf.csr"
    openssl x509 -req -sha256 -days "$days" -in "$work/$p-leaf.csr" \
        -CA "$out/$p-intermediate.pem" -CAkey "$work/$p-intermediate.key" -set_serial "0x$(openssl rand -hex 16)" \
        -extfile "$work/ext.cnf" -extensions "leaf_$alg" \
        -out "$out/$p-leaf.pem" 2>/dev/null

    openssl verify -CAfile "$out/$p-root.pem" -untrusted "$out/$p-intermediate.pem" \
        -purpose sslserver -verify_hostname bench.example.com "$out/$p-leaf.pem"
}

chain rsa2048 rsa2048
chain p256 p256
