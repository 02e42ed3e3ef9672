#!/usr/bin/env bash
# Makes examples/pki/cn-only-server.pem: a server certificate for
# legacy.example.com that names the host only in its subject CN (no
# subjectAltName), issued by the example intermediate. OpenSSL still reads
# the CN; Go and rustls do not: the README's client-model example.
# Re-runnable; uses the keys generate.sh made.
set -euo pipefail
pki="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/pki"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/ext.cnf" <<'CNF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
openssl req -new -key "$pki/server.key" -subj "/CN=legacy.example.com" -out "$work/req.csr"
openssl x509 -req -in "$work/req.csr" -CA "$pki/intermediate-ca.pem" -CAkey "$pki/intermediate-ca.key" \
    -set_serial 0x5e1a -days 36500 \
    -extfile "$work/ext.cnf" -out "$work/leaf.pem"
cat "$work/leaf.pem" "$pki/intermediate-ca.pem" > "$pki/cn-only-server.pem"
