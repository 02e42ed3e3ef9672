#!/usr/bin/env bash
# A real-sized name-constraint load: many-names-leaf.pem carries 260 DNS
# SANs (www.dN.example.net), issued by many-names-intermediate.pem, whose
# nameConstraints permit 260 subtrees (dN.example.net) and exclude
# bad.example.net; many-names-outside.pem is the same leaf with its last
# SAN moved outside them. openssl ca, fixed dates 2025-01-01 to 2120-01-01.
# Re-runnable; keys are discarded.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count=260
{
  echo "[ca]"
  echo "database = $work/index"
  echo "serial = $work/serial"
  echo "new_certs_dir = $work"
  echo "default_md = sha256"
  echo "policy = any"
  echo "unique_subject = no"
  echo "[any]"
  echo "commonName = supplied"
  echo "[root_ext]"
  echo "basicConstraints = critical,CA:TRUE"
  echo "keyUsage = critical,keyCertSign,cRLSign"
  echo "subjectKeyIdentifier = hash"
  echo "[intermediate_ext]"
  echo "basicConstraints = critical,CA:TRUE,pathlen:0"
  echo "keyUsage = critical,keyCertSign,cRLSign"
  echo "subjectKeyIdentifier = hash"
  echo "authorityKeyIdentifier = keyid"
  echo "nameConstraints = critical,@constraints"
  echo "[constraints]"
  for i in $(seq 0 $((count - 1))); do echo "permitted;DNS.$i = d$i.example.net"; done
  echo "excluded;DNS.0 = bad.example.net"
  for leaf in inside outside; do
    echo "[leaf_$leaf]"
    echo "basicConstraints = critical,CA:FALSE"
    echo "keyUsage = critical,digitalSignature"
    echo "extendedKeyUsage = serverAuth"
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = keyid"
    echo "subjectAltName = @names_$leaf"
    echo "[names_$leaf]"
    for i in $(seq 0 $((count - 2))); do echo "DNS.$i = www.d$i.example.net"; done
    if [ $leaf = inside ]; then
      echo "DNS.$((count - 1)) = www.d$((count - 1)).example.net"
    else
      echo "DNS.$((count - 1)) = www.example.org"
    fi
  done
} > "$work/ca.cnf"
: > "$work/index"
echo 01 > "$work/serial"
# issue NAME SUBJECT ISSUER EXTENSIONS
issue() {
  local name=$1 subject=$2 issuer=$3 extensions=$4
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
  if [ "$issuer" = self ]; then
    set -- -selfsign -keyfile "$work/$name.key"
  else
    set -- -cert "$issuer.pem" -keyfile "$work/$issuer.key"
  fi
  openssl ca -batch -notext -config "$work/ca.cnf" -name ca "$@" -extensions "$extensions" \
    -startdate 20250101000000Z -enddate 21200101000000Z -in "$work/$name.csr" -out "$name.pem" 2>/dev/null
}
issue many-names-root "/CN=Many Names Root" self root_ext
issue many-names-intermediate "/CN=Many Names Intermediate" many-names-root intermediate_ext
issue many-names-leaf "/CN=www.d0.example.net" many-names-intermediate leaf_inside
issue many-names-outside "/CN=www.d0.example.net" many-names-intermediate leaf_outside
openssl x509 -in many-names-leaf.pem -noout -ext subjectAltName | grep -o DNS: | wc -l
