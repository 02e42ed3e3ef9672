#!/usr/bin/env bash
# Vectors for revocation and pre-1970 tests, made with `openssl ca` so every
# date is fixed: certificates valid 2025-01-01 to 2120-01-01 (leaf-1950.pem
# from 1950-01-01T12:01:00Z, a UTCTime "500101120100Z" as in PKITS 4.2.3),
# CRLs issued 2025-01-01, next update 2120-01-01. Re-runnable; keys are
# discarded, so every run gives new keys and signatures.
#
# crl-root-*.pem are CRLs of crl-root.pem revoking crl-intermediate.pem;
# crl-int-*.pem are CRLs of crl-intermediate.pem revoking crl-leaf-listed.pem,
# each with a critical issuingDistributionPoint (RFC 5280 §5.2.5) unless
# named otherwise.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=20250101000000Z
end=21200101000000Z
cdp=URI:http://crl.example.com/int.crl

cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = unused
[root_ca]
database = $work/root.index
serial = $work/root.serial
crlnumber = $work/root.crlnumber
new_certs_dir = $work
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[int_ca]
database = $work/int.index
serial = $work/int.serial
crlnumber = $work/int.crlnumber
new_certs_dir = $work
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[root_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[int_ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_base]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:leaf.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_cdp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:leaf.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = $cdp
[leaf_other_cdp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:leaf.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://crl.example.com/other.crl
# CRL extensions, one section per CRL.
[crl_plain]
authorityKeyIdentifier = keyid
[crl_idp]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp
[idp]
fullname = $cdp
[crl_idp_user]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp_user
[idp_user]
fullname = $cdp
onlyuser = TRUE
[crl_idp_ca]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp_ca
[idp_ca]
fullname = $cdp
onlyCA = TRUE
[crl_idp_reasons]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp_reasons
[idp_reasons]
fullname = $cdp
onlysomereasons = keyCompromise
[crl_idp_indirect]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp_indirect
[idp_indirect]
fullname = $cdp
indirectCRL = TRUE
[crl_idp_attributes]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@idp_attributes
[idp_attributes]
onlyAA = TRUE
[crl_delta]
authorityKeyIdentifier = keyid
# deltaCRLIndicator (RFC 5280 §5.2.4): BaseCRLNumber 1, as raw DER.
2.5.29.27 = critical,DER:02:01:01
# Scope only, no distributionPoint: covers every CA (or user) certificate.
[crl_root_ca]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@root_idp_ca
[root_idp_ca]
onlyCA = TRUE
[crl_root_user]
authorityKeyIdentifier = keyid
issuingDistributionPoint = critical,@root_idp_user
[root_idp_user]
onlyuser = TRUE
CNF
for ca in root int; do
  : > "$work/$ca.index"
  echo 1000 > "$work/$ca.crlnumber"
done
echo 01 > "$work/root.serial"
echo 10 > "$work/int.serial"

# issue NAME SUBJECT CA EXTENSIONS [START]
issue() {
  local name=$1 subject=$2 ca=$3 extensions=$4 from=${5:-$start}
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
  if [ "$ca" = self ]; then
    openssl ca -batch -notext -config "$work/ca.cnf" -name root_ca -selfsign -keyfile "$work/$name.key" \
      -extensions "$extensions" -startdate "$from" -enddate "$end" -in "$work/$name.csr" -out "$name.pem" 2>/dev/null
  else
    local issuer=crl-root
    [ "$ca" = int ] && issuer=crl-intermediate
    openssl ca -batch -notext -config "$work/ca.cnf" -name "${ca}_ca" -cert "$issuer.pem" -keyfile "$work/$issuer.key" \
      -extensions "$extensions" -startdate "$from" -enddate "$end" -in "$work/$name.csr" -out "$name.pem" 2>/dev/null
  fi
}
issue crl-root "/CN=CRL Vector Root" self root_ext
issue crl-intermediate "/CN=CRL Vector Intermediate" root int_ext
issue crl-leaf-listed "/CN=leaf.example.com" int leaf_cdp
issue crl-leaf-good "/CN=leaf.example.com" int leaf_cdp
issue crl-leaf-other-cdp "/CN=leaf.example.com" int leaf_other_cdp
issue crl-leaf-no-cdp "/CN=leaf.example.com" int leaf_base
# PKITS 4.2.3 style: notBefore 1950-01-01T12:01:00Z, which openssl writes
# as UTCTime 500101120100Z.
issue leaf-1950 "/CN=leaf.example.com" int leaf_base 19500101120100Z

openssl ca -config "$work/ca.cnf" -name int_ca -cert crl-intermediate.pem -keyfile "$work/crl-intermediate.key" \
  -revoke crl-leaf-listed.pem -crl_reason keyCompromise 2>/dev/null
# The leaf without a cRLDistributionPoints is listed too (same CRLs).
openssl ca -config "$work/ca.cnf" -name int_ca -cert crl-intermediate.pem -keyfile "$work/crl-intermediate.key" \
  -revoke crl-leaf-no-cdp.pem -crl_reason keyCompromise 2>/dev/null
openssl ca -config "$work/ca.cnf" -name root_ca -cert crl-root.pem -keyfile "$work/crl-root.key" \
  -revoke crl-intermediate.pem -crl_reason cACompromise 2>/dev/null

# crl CA NAME EXTENSIONS
crl() {
  local ca=$1 name=$2 extensions=$3 cert key
  if [ "$ca" = root ]; then cert=crl-root.pem key=$work/crl-root.key; else cert=crl-intermediate.pem key=$work/crl-intermediate.key; fi
  openssl ca -gencrl -config "$work/ca.cnf" -name "${ca}_ca" -cert "$cert" -keyfile "$key" \
    -crlexts "$extensions" -crl_lastupdate "$start" -crl_nextupdate "$end" -out "$name.pem" 2>/dev/null
}
crl int crl-int-plain crl_plain
crl int crl-int-idp crl_idp
crl int crl-int-idp-user crl_idp_user
crl int crl-int-idp-ca crl_idp_ca
crl int crl-int-idp-reasons crl_idp_reasons
crl int crl-int-idp-indirect crl_idp_indirect
crl int crl-int-idp-attributes crl_idp_attributes
crl int crl-int-delta crl_delta
crl root crl-root-idp-ca crl_root_ca
crl root crl-root-idp-user crl_root_user
echo "generated $(ls crl-*.pem leaf-1950.pem | wc -l) files"
