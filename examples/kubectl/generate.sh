#!/usr/bin/env bash
# Writes the byo-issuer example (examples/k8s/byo-issuer) in the shapes
# kubectl users really hand to `certgate check`: --dry-run=client output,
# `kubectl get -o yaml|json` List dumps, concatenated JSON, merge keys, a
# Helm chart folder, files joined with their byte-order marks, a Latin-1
# comment, and what Windows PowerShell 5.1's `>` writes (UTF-16 with a BOM,
# CRLF), made with iconv. Every file must check as valid, with no finding,
# under byo-issuer's trust settings (crates/certgate-cli/tests/cli.rs).
# Needs bash, sed, jq and iconv. Re-runnable: overwrites every file.
set -euo pipefail
cd "$(dirname "$0")"
source=../k8s/byo-issuer/manifests.yaml
value() { sed -n "s/^  $1: //p" "$source"; }
tls_crt=$(value tls.crt)
tls_key=$(value tls.key)
ca_crt=$(value ca.crt)
# The root PEM of the trust bundle, indented for a block scalar at $1 spaces.
root_pem() { sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$source" | sed "s/^    /$(printf "%${1}s")/"; }

# kubectl create configmap/secret … --dry-run=client -o yaml, and the
# hand-written Issuer and listener, joined with ---.
{
  cat <<EOF
apiVersion: v1
data:
  contoso-root.pem: |
$(root_pem 4)
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: contoso-trust-bundle
  namespace: azure-iot-operations
---
apiVersion: v1
data:
  ca.crt: $ca_crt
  tls.crt: $tls_crt
  tls.key: $tls_key
kind: Secret
metadata:
  creationTimestamp: null
  name: contoso-issuer-ca
  namespace: azure-iot-operations
type: kubernetes.io/tls
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: contoso-issuer
  namespace: azure-iot-operations
spec:
  ca:
    secretName: contoso-issuer-ca
EOF
} > dry-run.yaml

# kubectl get configmaps,secrets,issuers -n azure-iot-operations -o yaml
item_meta() { # name kind uid
  cat <<EOF
  metadata:
    creationTimestamp: "2025-03-01T10:00:00Z"
    name: $1
    namespace: azure-iot-operations
    resourceVersion: "$2"
    uid: 5f0c1f8e-0000-4000-8000-00000000000$3
EOF
}
{
  cat <<EOF
apiVersion: v1
items:
- apiVersion: v1
  data:
    contoso-root.pem: |
$(root_pem 6)
  kind: ConfigMap
$(item_meta contoso-trust-bundle 1201 1)
- apiVersion: v1
  data:
    ca.crt: $ca_crt
    tls.crt: $tls_crt
    tls.key: $tls_key
  kind: Secret
$(item_meta contoso-issuer-ca 1202 2)
  type: kubernetes.io/tls
- apiVersion: cert-manager.io/v1
  kind: Issuer
$(item_meta contoso-issuer 1203 3)
  spec:
    ca:
      secretName: contoso-issuer-ca
  status:
    conditions:
    - lastTransitionTime: "2025-03-01T10:00:05Z"
      message: Signing CA verified
      observedGeneration: 1
      reason: KeyPairVerified
      status: "True"
      type: Ready
kind: List
metadata:
  resourceVersion: ""
EOF
} > list.yaml

# The same objects as JSON: kubectl get … -o json (4-space indent), then a
# stream of single `kubectl get X -o json` outputs glued together, then one
# object per line (jq -c).
root_text=$(sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$source" | sed 's/^    //')
objects=$(jq -n --arg root "$root_text"$'\n' --arg ca "$ca_crt" --arg crt "$tls_crt" --arg key "$tls_key" '[
  {apiVersion: "v1", kind: "ConfigMap", metadata: {name: "contoso-trust-bundle", namespace: "azure-iot-operations"}, data: {"contoso-root.pem": $root}},
  {apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: {name: "contoso-issuer-ca", namespace: "azure-iot-operations"}, data: {"ca.crt": $ca, "tls.crt": $crt, "tls.key": $key}},
  {apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: {name: "contoso-issuer", namespace: "azure-iot-operations"}, spec: {ca: {secretName: "contoso-issuer-ca"}}}
]')
jq --indent 4 '{apiVersion: "v1", items: ., kind: "List", metadata: {resourceVersion: ""}}' <<<"$objects" > list.json
{ for i in 0 1 2; do jq --indent 4 ".[$i]" <<<"$objects" | head -c -1; done; echo; } > stream.json
jq -c '.[]' <<<"$objects" > ndjson.json

# Merge keys: the first item's metadata anchored, merged into the others,
# one of them through a list of aliases.
{
  cat <<EOF
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: contoso-trust-bundle
    <<: &aio
      namespace: azure-iot-operations
  data:
    contoso-root.pem: |
$(root_pem 6)
- apiVersion: v1
  kind: Secret
  metadata:
    <<: *aio
    name: contoso-issuer-ca
  type: kubernetes.io/tls
  data:
    ca.crt: $ca_crt
    tls.crt: $tls_crt
    tls.key: $tls_key
- apiVersion: cert-manager.io/v1
  kind: Issuer
  metadata:
    <<: [*aio, &team {labels: {team: contoso}}]
    name: contoso-issuer
  spec:
    ca:
      secretName: contoso-issuer-ca
EOF
} > merge-keys.yaml

# A Helm chart folder: Chart.yaml, values.yaml and a kustomization without
# kind beside `helm template` output (# Source: comments, leading ---).
mkdir -p helm-chart
cat > helm-chart/Chart.yaml <<'EOF'
apiVersion: v2
name: contoso-trust
description: The Contoso issuer and trust bundle for Azure IoT Operations
type: application
version: 0.1.0
appVersion: "1.0"
EOF
cat > helm-chart/values.yaml <<'EOF'
# Default values for contoso-trust.
namespace: azure-iot-operations
issuer:
  name: contoso-issuer
  secretName: contoso-issuer-ca
EOF
cat > helm-chart/kustomization.yaml <<'EOF'
resources:
- rendered.yaml
namespace: azure-iot-operations
EOF
{
  echo '---'
  echo '# Source: contoso-trust/templates/trust-bundle.yaml'
  sed -n '1,/^---$/p' dry-run.yaml | sed '$d'
  echo '---'
  echo '# Source: contoso-trust/templates/issuer-secret.yaml'
  sed -n '/^---$/,$p' dry-run.yaml | sed '1d' | sed -n '1,/^---$/p' | sed '$d'
  echo '---'
  echo '# Source: contoso-trust/templates/issuer.yaml'
  sed -n '/^apiVersion: cert-manager.io/,$p' dry-run.yaml
} > helm-chart/rendered.yaml

# Files saved with a UTF-8 byte-order mark, joined: one at the start of the
# file, one before a later ---, one at the start of a later document.
bom=$'\xef\xbb\xbf'
awk -v bom="$bom" '
  NR == 1 { printf "%s", bom }
  /^---$/ && ++n == 1 { printf "%s---\n", bom; next }
  /^---$/ { print; getline; printf "%s%s\n", bom, $0; next }
  { print }' dry-run.yaml > bom-documents.yaml

# A comment typed in a Latin-1 editor, above the second document (line 21).
awk '/^---$/ && !done { print; printf "# Schl\xfcssel f\xfcr den Broker (Stra\xdfe 1)\n"; done = 1; next } { print }' \
  dry-run.yaml > latin1-comment.yaml

# PEM saved by PowerShell 5.1: kubectl get configmap … -o "jsonpath={.data['ca\.crt']}" > ca.crt
{ printf '\xff\xfe'; sed 's/$/\r/' ../pki/root-ca.pem | iconv -f UTF-8 -t UTF-16LE; } > root-ca-utf16le.pem

# Windows PowerShell 5.1: `kubectl get … -o yaml > f` writes UTF-16LE with
# a BOM and CRLF; Out-File -Encoding BigEndianUnicode writes UTF-16BE.
{ printf '\xff\xfe'; sed 's/$/\r/' list.yaml | iconv -f UTF-8 -t UTF-16LE; } > powershell-utf16le.yaml
{ printf '\xfe\xff'; sed 's/$/\r/' list.yaml | iconv -f UTF-8 -t UTF-16BE; } > powershell-utf16be.yaml
