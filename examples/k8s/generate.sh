#!/usr/bin/env bash
# Generates the Kubernetes examples: certificates made with openssl, wrapped
# in the manifests an Azure IoT Operations operator would apply. Long-lived
# (notBefore 2025-01-01, CAs to 2124, leaves to 2045) so tests do not rot.
# Re-runnable: overwrites every scenario.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ca NAME SUBJECT [ISSUER] [PATHLEN]: a CA key + certificate in $work.
make_cert() { # name subject issuer extensions-section days
  local name=$1 subject=$2 issuer=$3 section=$4 enddate=$5
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
  openssl req -new -key "$work/$name.key" -subj "$subject" -out "$work/$name.csr"
  local db="$work/db-$name"; mkdir -p "$db"; : > "$db/index"; echo 01 > "$db/serial"
  local signer_cert signer_key
  if [ "$issuer" = self ]; then signer_key="$work/$name.key"; signer_cert=""; else signer_key="$work/$issuer.key"; signer_cert="$work/$issuer.pem"; fi
  cat > "$work/$name.cnf" <<CNF
[ca]
default_ca = ca
[ca]
database = $db/index
serial = $db/serial
new_certs_dir = $db
default_md = sha256
policy = any
unique_subject = no
email_in_dn = no
copy_extensions = none
[any]
commonName = supplied
organizationName = optional
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:aio-broker.azure-iot-operations.svc.cluster.local
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
  if [ "$issuer" = self ]; then
    openssl ca -batch -selfsign -config "$work/$name.cnf" -keyfile "$signer_key" -in "$work/$name.csr" \
      -startdate 20250101000000Z -enddate "$enddate" -extensions "$section" -notext -out "$work/$name.pem" 2>/dev/null
  else
    openssl ca -batch -config "$work/$name.cnf" -cert "$signer_cert" -keyfile "$signer_key" -in "$work/$name.csr" \
      -startdate 20250101000000Z -enddate "$enddate" -extensions "$section" -notext -out "$work/$name.pem" 2>/dev/null
  fi
}

indent() { sed 's/^/    /'; }
b64() { base64 -w0 < "$1"; }

make_cert quickstart-root "/CN=Azure IoT Operations Quickstart Root CA - Not for Production" self root 21240101000000Z
make_cert byo-root "/O=Contoso/CN=Contoso Root CA" self root 21240101000000Z
make_cert byo-intermediate "/O=Contoso/CN=Contoso AIO Intermediate CA" byo-root intermediate 20750101000000Z
make_cert other-root "/O=Fabrikam/CN=Fabrikam Root CA" self root 21240101000000Z
make_cert other-intermediate "/O=Fabrikam/CN=Fabrikam Issuing CA" other-root intermediate 20750101000000Z
make_cert broker "/CN=aio-broker" byo-intermediate server 20450101000000Z
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/stray.key" 2>/dev/null

# bundle_configmap NAME KEY PEMFILES...
bundle_configmap() {
  local name=$1 key=$2; shift 2
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n  namespace: azure-iot-operations\ndata:\n  %s: |\n' "$name" "$key"
  cat "$@" | sed 's/^/    /'
}
# ca_secret NAME NAMESPACE CERT KEY [CACRT]
ca_secret() {
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\ntype: kubernetes.io/tls\ndata:\n  tls.crt: %s\n  tls.key: %s\n' "$1" "$2" "$(b64 "$3")" "$(b64 "$4")"
  if [ $# -ge 5 ]; then printf '  ca.crt: %s\n' "$(b64 "$5")"; fi
}
issuer() { # KIND NAME NAMESPACE SECRET
  if [ "$1" = ClusterIssuer ]; then
    printf 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: %s\nspec:\n  ca:\n    secretName: %s\n' "$2" "$4"
  else
    printf 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: %s\n  namespace: %s\nspec:\n  ca:\n    secretName: %s\n' "$2" "$3" "$4"
  fi
}
listener() { # ISSUER_KIND ISSUER_NAME
  printf 'apiVersion: mqttbroker.iotoperations.azure.com/v1\nkind: BrokerListener\nmetadata:\n  name: default-tls\n  namespace: azure-iot-operations\nspec:\n  brokerRef: default\n  serviceType: LoadBalancer\n  ports:\n  - port: 18883\n    tls:\n      mode: Automatic\n      certManagerCertificateSpec:\n        issuerRef:\n          group: cert-manager.io\n          kind: %s\n          name: %s\n' "$1" "$2"
}
sep() { printf -- '---\n'; }

byo_settings="configMapName=contoso-trust-bundle configMapKey=contoso-root.pem issuerKind=Issuer issuerName=contoso-issuer"

mkdir -p quickstart
{
  issuer ClusterIssuer azure-iot-operations-aio-certificate-issuer "" azure-iot-operations-aio-ca-certificate; sep
  ca_secret azure-iot-operations-aio-ca-certificate cert-manager "$work/quickstart-root.pem" "$work/quickstart-root.key" "$work/quickstart-root.pem"; sep
  bundle_configmap azure-iot-operations-aio-ca-trust-bundle ca.crt "$work/quickstart-root.pem"; sep
  listener ClusterIssuer azure-iot-operations-aio-certificate-issuer
} > quickstart/manifests.yaml
echo "configMapName=azure-iot-operations-aio-ca-trust-bundle configMapKey=ca.crt issuerKind=ClusterIssuer issuerName=azure-iot-operations-aio-certificate-issuer" > quickstart/trust-settings.txt

good_byo() { # writes the correct bring-your-own set to stdout; $1 = issuer namespace
  issuer Issuer contoso-issuer "$1" contoso-issuer-ca; sep
  cat "$work/byo-intermediate.pem" > "$work/tls.crt"
  ca_secret contoso-issuer-ca "$1" "$work/tls.crt" "$work/byo-intermediate.key" "$work/byo-root.pem"; sep
  bundle_configmap contoso-trust-bundle contoso-root.pem "$work/byo-root.pem"; sep
  listener Issuer contoso-issuer
}

mkdir -p byo-issuer wrong-namespace leaf-in-bundle key-mismatch not-chaining der-bundle
good_byo azure-iot-operations > byo-issuer/manifests.yaml
good_byo default > wrong-namespace/manifests.yaml
{
  issuer Issuer contoso-issuer azure-iot-operations contoso-issuer-ca; sep
  ca_secret contoso-issuer-ca azure-iot-operations "$work/byo-intermediate.pem" "$work/byo-intermediate.key" "$work/byo-root.pem"; sep
  bundle_configmap contoso-trust-bundle contoso-root.pem "$work/byo-root.pem" "$work/broker.pem"
} > leaf-in-bundle/manifests.yaml
{
  issuer Issuer contoso-issuer azure-iot-operations contoso-issuer-ca; sep
  ca_secret contoso-issuer-ca azure-iot-operations "$work/byo-intermediate.pem" "$work/stray.key" "$work/byo-root.pem"; sep
  bundle_configmap contoso-trust-bundle contoso-root.pem "$work/byo-root.pem"
} > key-mismatch/manifests.yaml
{
  issuer Issuer contoso-issuer azure-iot-operations contoso-issuer-ca; sep
  ca_secret contoso-issuer-ca azure-iot-operations "$work/other-intermediate.pem" "$work/other-intermediate.key" "$work/other-root.pem"; sep
  bundle_configmap contoso-trust-bundle contoso-root.pem "$work/byo-root.pem"
} > not-chaining/manifests.yaml
openssl x509 -in "$work/byo-root.pem" -outform DER -out "$work/byo-root.der"
{
  issuer Issuer contoso-issuer azure-iot-operations contoso-issuer-ca; sep
  ca_secret contoso-issuer-ca azure-iot-operations "$work/byo-intermediate.pem" "$work/byo-intermediate.key" "$work/byo-root.pem"; sep
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: contoso-trust-bundle\n  namespace: azure-iot-operations\nbinaryData:\n  contoso-root.pem: %s\n' "$(b64 "$work/byo-root.der")"
} > der-bundle/manifests.yaml
for scenario in byo-issuer wrong-namespace leaf-in-bundle key-mismatch not-chaining der-bundle; do
  echo "$byo_settings" > "$scenario/trust-settings.txt"
done
echo "generated: $(ls -d */ | tr '\n' ' ')"
