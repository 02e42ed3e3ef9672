#!/usr/bin/env bash
# Test material for the OPC UA connector's stores (certgate opcua …, the
# opcua.* rules). Every certificate has fixed dates (openssl ca -startdate/
# -enddate, CRLs -crl_lastupdate/-crl_nextupdate) so the tests use
# --now 2027-01-01T00:00:00Z: "good" material is valid 2026-01-01..2046-01-01,
# expired 2024..2025, not yet valid 2030..2040. Re-runnable (keys change,
# the verdicts do not). Needs openssl 3 and, for the Secrets, kubectl.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf k8s ./*.der ./*.crt ./*.crl ./*.pem ./*.pfx ./*.DER
mkdir -p k8s
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GOOD_START=20260101000000Z
GOOD_END=20460101000000Z

cat > "$work/ext.cnf" <<'CNF'
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[int]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
# OPC 10000-6 §6.2.2 application instance certificate of a server.
[server_issued]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:plant:opcua-server,DNS:opcua-server.plant.local,IP:10.0.0.5
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server_self]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyCertSign
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:plant:line1-plc,DNS:line1-plc.plant.local
subjectKeyIdentifier = hash
[server_no_dataenc]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:plant:no-dataenc,DNS:no-dataenc.plant.local
[ec_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:plant:ec-server,DNS:ec-server.plant.local
[ec_server_no_ds]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyAgreement
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:plant:ec-server,DNS:ec-server.plant.local
# The connector's own application instance certificate.
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:aio:opc-ua-broker
subjectKeyIdentifier = hash
[client_issued]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:aio:opc-ua-broker
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client_no_uri]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:aio-opc-ua-broker
[client_two_uris]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = URI:urn:aio:opc-ua-broker,URI:urn:aio:other
[client_no_profile]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectAltName = URI:urn:aio:opc-ua-broker
CNF

# A CA database per issuer: `openssl ca -gencrl` lists every revoked entry of its database.
database() {
  mkdir -p "$work/$1/new"
  : > "$work/$1/index"
  echo 1000 > "$work/$1/crlnumber"
  openssl rand -hex 8 > "$work/$1/serial"
  cat > "$work/$1/ca.cnf" <<CNF
[ca]
default_ca = ca
[ca]
database = $work/$1/index
serial = $work/$1/serial
crlnumber = $work/$1/crlnumber
new_certs_dir = $work/$1/new
default_md = sha256
policy = any
unique_subject = no
email_in_dn = no
[any]
commonName = optional
organizationName = optional
CNF
}
for db in root int clientca self forged leaf expiredca revokedint; do database "$db"; done

rsa() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" -out "$work/$1.key" 2>/dev/null; }
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" 2>/dev/null; }

# issue DB ISSUER NAME SUBJECT SECTION [START END MD]: ISSUER "self" signs with NAME's own key.
issue() {
  local db=$1 issuer=$2 name=$3 subject=$4 section=$5
  local start=${6:-$GOOD_START} end=${7:-$GOOD_END} md=${8:-sha256}
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
  if [ "$issuer" = self ]; then
    set -- -selfsign -keyfile "$work/$name.key"
  else
    set -- -cert "$work/$issuer.pem" -keyfile "$work/$issuer.key"
  fi
  openssl ca -batch -notext -config "$work/$db/ca.cnf" "$@" -in "$work/$name.csr" \
    -out "$work/$name.pem" -extfile "$work/ext.cnf" -extensions "$section" \
    -startdate "$start" -enddate "$end" -md "$md" -preserveDN 2>/dev/null
}
der() { openssl x509 -in "$work/$1.pem" -outform DER -out "${2:-$1.der}"; }
crl() { # crl DB ISSUER OUT [LAST NEXT]
  openssl ca -gencrl -config "$work/$1/ca.cnf" -cert "$work/$2.pem" -keyfile "$work/$2.key" \
    -crl_lastupdate "${4:-$GOOD_START}" -crl_nextupdate "${5:-$GOOD_END}" -out "$work/$3.pem" 2>/dev/null
  openssl crl -in "$work/$3.pem" -outform DER -out "$3"
}

# Two-level server PKI: root -> intermediate -> servers; CRLs from both CAs.
rsa server-root-ca; issue self self server-root-ca "/O=Plant/CN=Plant OPC UA Root CA" root; der server-root-ca
cp "$work/server-root-ca.pem" server-root-ca.crt
rsa server-int-ca; issue root server-root-ca server-int-ca "/O=Plant/CN=Plant OPC UA Issuing CA" int; der server-int-ca
rsa opcua-server; issue int server-int-ca opcua-server "/O=Plant/CN=opcua-server" server_issued; der opcua-server
cat "$work/opcua-server.pem" "$work/server-int-ca.pem" > opcua-server-chain.pem
rsa opcua-revoked; issue int server-int-ca opcua-revoked "/O=Plant/CN=opcua-revoked" server_issued; der opcua-revoked
openssl ca -config "$work/int/ca.cnf" -cert "$work/server-int-ca.pem" -keyfile "$work/server-int-ca.key" -revoke "$work/opcua-revoked.pem" -crl_reason keyCompromise 2>/dev/null
# A second issuing CA, revoked by the root; a server under it.
rsa revoked-int-ca; issue root server-root-ca revoked-int-ca "/O=Plant/CN=Plant OPC UA Revoked CA" int; der revoked-int-ca
rsa under-revoked-int; issue revokedint revoked-int-ca under-revoked-int "/O=Plant/CN=under-revoked-ca" server_issued; der under-revoked-int
openssl ca -config "$work/root/ca.cnf" -cert "$work/server-root-ca.pem" -keyfile "$work/server-root-ca.key" -revoke "$work/revoked-int-ca.pem" -crl_reason cACompromise 2>/dev/null
crl root server-root-ca server-root-ca.crl
crl int server-int-ca server-int-ca.crl
# Stale: nextUpdate 2026-02-01, before the tests' now.
crl int server-int-ca server-int-ca-stale.crl $GOOD_START 20260201000000Z
# Forged: the issuing CA's name, another key's signature.
rsa forged; issue forged self forged "/O=Plant/CN=Plant OPC UA Issuing CA" root
crl forged forged server-int-ca-forged.crl
# An issuing CA whose root is nowhere, and an issuer-list CA unrelated to the trust list.
rsa other-root; issue self self other-root "/O=Elsewhere/CN=Elsewhere Root CA" root; der other-root

# A server "issued" by another server's certificate (cA=FALSE): no chain.
rsa issued-by-leaf; issue leaf opcua-server issued-by-leaf "/O=Plant/CN=issued-by-leaf" server_issued; der issued-by-leaf
# An expired root CA (2024-2025) and a server under it.
rsa expired-ca; issue expiredca self expired-ca "/O=Plant/CN=Plant Expired Root CA" root 20240101000000Z 20250101000000Z; der expired-ca
rsa under-expired-ca; issue expiredca expired-ca under-expired-ca "/O=Plant/CN=under-expired-ca" server_issued; der under-expired-ca

# Self-signed servers (the usual OPC UA case) with every defect the stack checks.
rsa selfsigned-server; issue self self selfsigned-server "/O=Plant/CN=line1-plc" server_self; der selfsigned-server
cp "$work/selfsigned-server.pem" selfsigned-server.crt
cp "$work/selfsigned-server.key" "$work/selfsigned-expired.key"
issue self self selfsigned-expired "/O=Plant/CN=line1-plc expired" server_self 20240101000000Z 20250101000000Z
der selfsigned-expired
cp "$work/selfsigned-server.key" "$work/selfsigned-notyet.key"
issue self self selfsigned-notyet "/O=Plant/CN=line1-plc not yet" server_self 20300101000000Z 20400101000000Z; der selfsigned-notyet
rsa selfsigned-no-dataenc; issue self self selfsigned-no-dataenc "/O=Plant/CN=no-dataenc" server_no_dataenc; der selfsigned-no-dataenc
rsa selfsigned-1024 1024; issue self self selfsigned-1024 "/O=Plant/CN=weak-key" server_self; der selfsigned-1024
cp "$work/selfsigned-server.key" "$work/selfsigned-sha1.key"
issue self self selfsigned-sha1 "/O=Plant/CN=sha1-signed" server_self "$GOOD_START" "$GOOD_END" sha1; der selfsigned-sha1
ec ec-server; issue self self ec-server "/O=Plant/CN=ec-server" ec_server; der ec-server
cp "$work/ec-server.key" "$work/ec-server-no-ds.key"
issue self self ec-server-no-ds "/O=Plant/CN=ec-server no ds" ec_server_no_ds; der ec-server-no-ds
cp "$work/ec-server.key" "$work/ec-server-sha384.key"
issue self self ec-server-sha384 "/O=Plant/CN=ec-server sha384" ec_server "$GOOD_START" "$GOOD_END" sha384; der ec-server-sha384

# The mix-ups an operator makes.
cp "$work/selfsigned-server.pem" pem-in.der                       # PEM bytes in a .der
openssl x509 -in "$work/selfsigned-server.pem" -outform DER -out der-in.crt   # DER in a .crt
cat "$work/selfsigned-server.pem" "$work/ec-server.pem" > two-certs.crt
openssl pkcs12 -export -in "$work/selfsigned-server.pem" -inkey "$work/selfsigned-server.key" \
  -passout pass: -out selfsigned-server.pfx
openssl pkey -in "$work/selfsigned-server.key" -outform DER -out server-key.der
cp selfsigned-server.der Selfsigned-Server.DER
cp selfsigned-server.der my_server.der
cp server-root-ca.crl orphan.crl
# A leaf where only CAs belong (the issuer list).
cp opcua-server.der not-a-ca.der

# The connector's application instance certificate: <stem>.der + <stem>.pem.
rsa connector; issue self self connector "/O=AIO/CN=aio-opc-ua-broker" client; der connector
openssl pkey -in "$work/connector.key" -out connector.pem
der connector mismatch.der; rsa mismatch; openssl pkey -in "$work/mismatch.key" -out mismatch.pem
cp connector.pem connector-key.der
rsa client-ca; issue self self client-ca "/O=AIO/CN=AIO Client CA" root; der client-ca
rsa client-issued; issue clientca client-ca client-issued "/O=AIO/CN=aio-opc-ua-broker" client_issued; der client-issued
openssl pkey -in "$work/client-issued.key" -out client-issued.pem
rsa nouri; issue self self nouri "/O=AIO/CN=aio-opc-ua-broker" client_no_uri; der nouri
openssl pkey -in "$work/nouri.key" -out nouri.pem
rsa twouris; issue self self twouris "/O=AIO" client_two_uris; der twouris
openssl pkey -in "$work/twouris.key" -out twouris.pem
rsa weak 1024; issue self self weak "/O=AIO/CN=aio-opc-ua-broker" client "$GOOD_START" "$GOOD_END" sha1; der weak
openssl pkey -in "$work/weak.key" -out weak.pem
rsa noprofile; issue self self noprofile "/O=AIO/CN=aio-opc-ua-broker" client_no_profile; der noprofile
openssl pkey -in "$work/noprofile.key" -out noprofile.pem
der connector encrypted.der
openssl pkcs8 -topk8 -in "$work/connector.key" -v2 aes-256-cbc -passout pass:secret -out encrypted.pem

# The Secrets as the Secret Store extension syncs them (data keys are the file names).
secret() { local name=$1 out=$2; shift 2
  kubectl create secret generic "$name" -n azure-iot-operations "$@" --dry-run=client -o yaml > "k8s/$out"; }
secret aio-opc-ua-broker-trust-list trust-list.yaml \
  --from-file=selfsigned-server.der --from-file=server-root-ca.der --from-file=server-root-ca.crl
secret aio-opc-ua-broker-issuer-list issuer-list.yaml \
  --from-file=server-int-ca.der --from-file=server-int-ca.crl
secret aio-opc-ua-broker-client-certificate client-certificate.yaml \
  --from-file=connector.der --from-file=connector.pem
secret aio-opc-ua-broker-trust-list bad-trust-list.yaml \
  --from-file=my_server.der=selfsigned-server.der --from-file=line1.DER=selfsigned-server.der \
  --from-file=pem-in.der --from-file=server-key.der --from-file=expired.der=selfsigned-expired.der
secret aio-opc-ua-broker-issuer-list bad-issuer-list.yaml \
  --from-file=not-a-ca.der --from-file=orphan.crl --from-file=other-root.der
secret aio-opc-ua-broker-client-certificate bad-client-certificate.yaml \
  --from-file=mismatch.der --from-file=mismatch.pem
# SecretSync and SecretProviderClass objects as the Secret Store extension
# documents them (written here: kubectl has no generator for them).
cat > k8s/secret-sync.yaml <<'YAML'
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: opc-ua-connector
  namespace: azure-iot-operations
spec:
  provider: azure
  parameters:
    clientID: 00000000-0000-0000-0000-000000000001
    keyvaultName: plant-kv
    tenantId: 00000000-0000-0000-0000-000000000002
    objects: |
      array:
        - |
          objectName: selfsigned-server-der
          objectType: secret
          objectEncoding: hex
        - |
          objectName: server-root-ca-der
          objectType: secret
          objectEncoding: hex
        - |
          objectName: server-root-ca-crl
          objectType: secret
          objectEncoding: hex
---
apiVersion: secret-sync.x-k8s.io/v1alpha1
kind: SecretSync
metadata:
  name: aio-opc-ua-broker-trust-list
  namespace: azure-iot-operations
spec:
  serviceAccountName: aio-ssc-sa
  secretProviderClassName: opc-ua-connector
  secretObject:
    type: Opaque
    data:
    - sourcePath: selfsigned-server-der
      targetKey: selfsigned-server.der
    - sourcePath: server-root-ca-der
      targetKey: server-root-ca.der
    - sourcePath: server-root-ca-crl
      targetKey: server-root-ca.crl
YAML
cat > k8s/bad-secret-sync.yaml <<'YAML'
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: opc-ua-connector
  namespace: azure-iot-operations
spec:
  provider: azure
  parameters:
    keyvaultName: plant-kv
    objects: |
      array:
        - |
          objectName: selfsigned-server-der
          objectType: secret
        - |
          objectName: server-root-ca-der
          objectType: secret
          objectEncoding: hex
---
apiVersion: secret-sync.x-k8s.io/v1alpha1
kind: SecretSync
metadata:
  name: aio-opc-ua-broker-trust-list
  namespace: azure-iot-operations
spec:
  serviceAccountName: aio-ssc-sa
  secretProviderClassName: opc-ua-connector
  secretObject:
    type: Opaque
    data:
    - sourcePath: selfsigned-server-der
      targetKey: selfsigned-server.der
    - sourcePath: server-root-ca-der
      targetKey: line1-plc.der
    - sourcePath: line2-plc-der
      targetKey: Line2-PLC.DER
---
apiVersion: secret-sync.x-k8s.io/v1alpha1
kind: SecretSync
metadata:
  name: aio-opc-ua-broker-issuer-list
  namespace: azure-iot-operations
spec:
  serviceAccountName: aio-ssc-sa
  secretProviderClassName: opc-ua-issuers
  secretObject:
    type: Opaque
    data:
    - sourcePath: server-int-ca-der
      targetKey: server-int-ca.der
YAML
ls | wc -l
