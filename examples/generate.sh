#!/usr/bin/env bash
# Regenerates the example PKI in examples/pki/ with openssl only.
# Re-runnable: every file is overwritten. Keys are throwaway example keys.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/pki"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Extension sections, one file for all.
cat >"$work/ext.cnf" <<'CNF'
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[intermediate_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:mqtt.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[stray_leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:stray.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[no_keycertsign_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, cRLSign
subjectKeyIdentifier = hash
CNF

# Every certificate is signed with `openssl ca` so that validity dates are
# fixed (openssl 3.0 has no -not_before/-not_after on x509/req). A throwaway
# CA database lives in the temp dir.
mkdir -p "$work/ca/newcerts"
cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = example_ca

[example_ca]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none

[policy_any]
commonName = supplied
organizationName = optional
CNF
cat "$work/ext.cnf" >>"$work/ca.cnf"

# sign CSR OUT EXTENSIONS SERIAL START END (selfsign KEY | CACERT CAKEY)
sign() {
    local csr="$1" cert="$2" ext="$3" serial="$4" start="$5" end="$6"
    shift 6
    : >"$work/ca/index.txt"
    echo "$serial" >"$work/ca/serial"
    if [ "$1" = selfsign ]; then
        openssl ca -batch -notext -preserveDN -config "$work/ca.cnf" -selfsign -keyfile "$2" \
            -in "$csr" -startdate "$start" -enddate "$end" -extensions "$ext" -out "$cert" 2>/dev/null
    else
        openssl ca -batch -notext -preserveDN -config "$work/ca.cnf" -cert "$1" -keyfile "$2" \
            -in "$csr" -startdate "$start" -enddate "$end" -extensions "$ext" -out "$cert" 2>/dev/null
    fi
}

# csr KEY SUBJECT OUT
csr() {
    openssl req -new -key "$1" -subj "$2" -out "$3"
}

ec_key() {
    openssl genpkey -quiet -algorithm EC -pkeyopt "ec_paramgen_curve:$1" -out "$2"
}

# Root CA: RSA 3072, 2025-01-01 .. 2124-12-31 (~100 years).
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$out/root-ca.key"
csr "$out/root-ca.key" "/O=certgate example/CN=certgate example root CA" "$work/root-ca.csr"
sign "$work/root-ca.csr" "$out/root-ca.pem" root_ext 1001 20250101000000Z 21241231000000Z \
    selfsign "$out/root-ca.key"
openssl x509 -in "$out/root-ca.pem" -outform DER -out "$out/root-ca.der"

# Intermediate CA: P-384, pathlen 0, issued by the root, until 2075.
ec_key P-384 "$out/intermediate-ca.key"
csr "$out/intermediate-ca.key" "/O=certgate example/CN=certgate example intermediate CA" "$work/intermediate-ca.csr"
sign "$work/intermediate-ca.csr" "$out/intermediate-ca.pem" intermediate_ext 2001 \
    20250101000000Z 20750101000000Z "$out/root-ca.pem" "$out/root-ca.key"

# Server leaf: P-256, SAN DNS:mqtt.example.com, serverAuth, issued by the intermediate, until 2045.
ec_key P-256 "$out/server.key"
csr "$out/server.key" "/CN=mqtt.example.com" "$work/server.csr"
sign "$work/server.csr" "$out/server.pem" server_ext 3001 \
    20250101000000Z 20450101000000Z "$out/intermediate-ca.pem" "$out/intermediate-ca.key"
cat "$out/server.pem" "$out/intermediate-ca.pem" >"$out/server-chain.pem"

# A stray leaf issued directly by the root, put into a trust bundle by mistake.
ec_key P-256 "$work/stray.key"
csr "$work/stray.key" "/CN=stray.example.com" "$work/stray.csr"
sign "$work/stray.csr" "$work/stray.pem" stray_leaf_ext 3002 \
    20250101000000Z 20450101000000Z "$out/root-ca.pem" "$out/root-ca.key"
cat "$out/root-ca.pem" "$work/stray.pem" >"$out/leaf-as-ca-bundle.pem"

# Self-signed CA with cA=TRUE but without keyCertSign.
ec_key P-256 "$work/nokcs.key"
csr "$work/nokcs.key" "/O=certgate example/CN=certgate example CA without keyCertSign" "$work/nokcs.csr"
sign "$work/nokcs.csr" "$out/no-keycertsign-ca.pem" no_keycertsign_ext 4001 \
    20250101000000Z 21241231000000Z selfsign "$work/nokcs.key"

# Expired root: self-signed, valid 2020-01-01 .. 2021-01-01.
ec_key P-256 "$work/expired.key"
csr "$work/expired.key" "/O=certgate example/CN=certgate example expired root CA" "$work/expired.csr"
sign "$work/expired.csr" "$out/expired-root.pem" root_ext 5001 \
    20200101000000Z 20210101000000Z selfsign "$work/expired.key"

# Leaf issued by the expired root (for `verify --trust expired-root.pem`).
ec_key P-256 "$work/expired-leaf.key"
csr "$work/expired-leaf.key" "/CN=mqtt.example.com" "$work/expired-leaf.csr"
sign "$work/expired-leaf.csr" "$out/expired-root-leaf.pem" server_ext 5002 \
    20200101000000Z 20450101000000Z "$out/expired-root.pem" "$work/expired.key"

echo "wrote $(ls "$out" | wc -l) files to $out"
