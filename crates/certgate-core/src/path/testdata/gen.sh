#!/usr/bin/env bash
# Vectors for path-validation unit tests (openssl; valid 2025-2124, fixed
# names). Re-runnable; keys are discarded.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# sign NAME SUBJECT ISSUER EXTENSIONS
sign() {
  local name=$1 subject=$2 issuer=$3 extensions=$4
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  printf '%b\n' "$extensions" > "$work/$name.ext"
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
  if [ "$issuer" = self ]; then
    openssl x509 -req -in "$work/$name.csr" -signkey "$work/$name.key" -days 36500 -set_serial 0x$RANDOM$RANDOM \
      -extfile "$work/$name.ext" -out "$name.pem" 2>/dev/null
  else
    openssl x509 -req -in "$work/$name.csr" -CA "$issuer.pem" -CAkey "$work/$issuer.key" -days 36500 \
      -set_serial 0x$RANDOM$RANDOM -extfile "$work/$name.ext" -out "$name.pem" 2>/dev/null
  fi
}
ca='basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash'
leaf='basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:leaf.example.com\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid'
sign root-pathlen0 "/CN=Root pathlen 0" self 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash'
sign intermediate-under-pathlen0 "/CN=Intermediate under pathlen 0" root-pathlen0 "$ca\nauthorityKeyIdentifier=keyid"
sign leaf-under-pathlen0 "/CN=leaf.example.com" intermediate-under-pathlen0 "$leaf"
sign root "/CN=Vector Root" self "$ca"
sign intermediate-client "/CN=Client-only intermediate" root "$ca\nauthorityKeyIdentifier=keyid\nextendedKeyUsage=clientAuth"
sign intermediate-server "/CN=Server intermediate" intermediate-client "$ca\nauthorityKeyIdentifier=keyid\nextendedKeyUsage=serverAuth"
sign leaf-eku "/CN=leaf.example.com" intermediate-server "$leaf"
sign intermediate-explicit "/CN=Explicit policy intermediate" root "$ca\nauthorityKeyIdentifier=keyid\npolicyConstraints=critical,requireExplicitPolicy:0\ncertificatePolicies=1.3.6.1.4.1.55555.1"
sign leaf-no-policy "/CN=leaf.example.com" intermediate-explicit "$leaf"
sign leaf-policy "/CN=leaf.example.com" intermediate-explicit "$leaf\ncertificatePolicies=1.3.6.1.4.1.55555.1"
echo "generated $(ls *.pem | wc -l) certificates"
