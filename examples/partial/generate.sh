#!/usr/bin/env bash
# Writes manifests in the shapes the cert-manager, trust-manager and Azure
# IoT Operations documentation give, each a partial set (what one person
# applies, not the whole cluster), from the example PKI in ../pki.
# crates/certgate-cli/tests/cli.rs checks what certgate says of each (the
# README's table). Needs bash and base64. Re-runnable: overwrites every file.
set -euo pipefail
cd "$(dirname "$0")"
pki=../pki
b64() { base64 -w0 "$1"; }
indent() { sed "s/^/$(printf "%${1}s")/" "$2"; }
# The Contoso root of ../k8s/byo-issuer (another PKI than ../pki's).
contoso_root() { sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' ../k8s/byo-issuer/manifests.yaml | sed "s/^ *//" | indent "$1" /dev/stdin; }

# cert-manager docs, "Bootstrapping CA Issuers": a selfSigned ClusterIssuer,
# a CA Certificate whose Secret root-secret the CA Issuer then uses. The
# Secret is made by the Certificate: nothing is missing.
cat > cert-manager-ca-bootstrap.yaml <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: sandbox
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: selfsigned-issuer
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: my-selfsigned-ca
  namespace: sandbox
spec:
  isCA: true
  commonName: my-selfsigned-ca
  secretName: root-secret
  privateKey:
    algorithm: ECDSA
    size: 256
  issuerRef:
    name: selfsigned-issuer
    kind: ClusterIssuer
    group: cert-manager.io
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: my-ca-issuer
  namespace: sandbox
spec:
  ca:
    secretName: root-secret
EOF

# AIO docs: a TLS listener on the built-in quickstart ClusterIssuer, which
# every AIO deployment without --trust-settings creates.
cat > broker-listener.yaml <<EOF
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: aio-broker-loadbalancer-tls
  namespace: azure-iot-operations
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
  - port: 8884
    authenticationRef: default
    tls:
      mode: Automatic
      certManagerCertificateSpec:
        issuerRef:
          name: azure-iot-operations-aio-certificate-issuer
          kind: ClusterIssuer
          group: cert-manager.io
EOF

# kubectl create secret tls ca-key-pair --cert --key --dry-run=client -o yaml
# (no namespace) and an Issuer typed without one: both are in default.
cat > dry-run-default-namespace.yaml <<EOF
apiVersion: v1
data:
  tls.crt: $(b64 $pki/intermediate-ca.pem)
  tls.key: $(b64 $pki/intermediate-ca.key)
kind: Secret
metadata:
  creationTimestamp: null
  name: ca-key-pair
type: kubernetes.io/tls
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: ca-issuer
spec:
  ca:
    secretName: ca-key-pair
EOF

# An Istio CA in its own namespace beside the AIO quickstart trust bundle
# (holding another PKI's root): not AIO's business, no trust-bundle finding.
cat > istio-ca-beside-aio.yaml <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: azure-iot-operations-aio-ca-trust-bundle
  namespace: azure-iot-operations
data:
  ca.crt: |
$(contoso_root 4)
---
apiVersion: v1
kind: Secret
metadata:
  name: istio-ca
  namespace: istio-system
type: kubernetes.io/tls
data:
  tls.crt: $(b64 $pki/intermediate-ca.pem)
  tls.key: $(b64 $pki/intermediate-ca.key)
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: istio-ca
  namespace: istio-system
spec:
  ca:
    secretName: istio-ca
EOF

# A root and its private key pasted into a ConfigMap no trust settings name.
cat > configmap-with-key.yaml <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: team-ca
  namespace: tools
data:
  ca.pem: |
$(indent 4 $pki/root-ca.pem)
$(indent 4 $pki/root-ca.key)
EOF

# trust-manager docs: a Bundle writing the AIO trust bundle the trust
# settings name, from an inline root, into the AIO namespace; and the
# Issuer and CA Secret of those settings.
cat > trust-manager-bundle.yaml <<EOF
apiVersion: trust.cert-manager.io/v1alpha1
kind: Bundle
metadata:
  name: contoso-trust-bundle
spec:
  sources:
  - inLine: |
$(indent 6 $pki/root-ca.pem)
  target:
    configMap:
      key: ca.crt
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: azure-iot-operations
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: contoso-issuer
  namespace: azure-iot-operations
spec:
  ca:
    secretName: contoso-ca
---
apiVersion: v1
kind: Secret
metadata:
  name: contoso-ca
  namespace: azure-iot-operations
type: kubernetes.io/tls
data:
  tls.crt: $(b64 $pki/intermediate-ca.pem)
  tls.key: $(b64 $pki/intermediate-ca.key)
EOF

# An Issuer whose CA Secret is in none of the files.
cat > secret-elsewhere.yaml <<EOF
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: team-issuer
  namespace: team-a
spec:
  ca:
    secretName: team-ca
EOF

# Azure IoT Operations docs shapes, each with one problem: an X.509
# BrokerAuthentication whose client-CA ConfigMap holds a leaf; a Manual TLS
# listener whose Secret is missing and one whose Secret holds a CA; a
# listener still named <LISTENER_NAME>; the MQ preview's v1beta1 listener
# (tls.automatic.issuerRef) on an issuer not in the files; a dataflow
# endpoint whose CA ConfigMap is missing.
cat > aio-objects.yaml <<EOF
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerAuthentication
metadata:
  name: x509-authn
  namespace: azure-iot-operations
spec:
  authenticationMethods:
  - method: X509
    x509Settings:
      trustedClientCaCert: client-ca
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: client-ca
  namespace: azure-iot-operations
data:
  client_ca.pem: |
$(indent 4 $pki/server.pem)
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: manual-missing
  namespace: azure-iot-operations
spec:
  brokerRef: default
  serviceType: LoadBalancer
  ports:
  - port: 8885
    tls:
      mode: Manual
      manual:
        secretRef: server-cert-secret
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: manual-ca
  namespace: azure-iot-operations
spec:
  brokerRef: default
  ports:
  - port: 8886
    tls:
      mode: Manual
      manual:
        secretRef: ca-as-server
---
apiVersion: v1
kind: Secret
metadata:
  name: ca-as-server
  namespace: azure-iot-operations
type: kubernetes.io/tls
data:
  tls.crt: $(b64 $pki/intermediate-ca.pem)
  tls.key: $(b64 $pki/intermediate-ca.key)
---
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: <LISTENER_NAME>
  namespace: azure-iot-operations
spec:
  brokerRef: default
  ports:
  - port: 1883
---
apiVersion: mq.iotoperations.azure.com/v1beta1
kind: BrokerListener
metadata:
  name: my-new-tls-listener
  namespace: azure-iot-operations
spec:
  brokerRef: broker
  authenticationEnabled: false
  authorizationEnabled: false
  port: 8887
  tls:
    automatic:
      issuerRef:
        name: my-issuer
        kind: Issuer
---
apiVersion: connectivity.iotoperations.azure.com/v1
kind: DataflowEndpoint
metadata:
  name: mqtt-endpoint
  namespace: azure-iot-operations
spec:
  endpointType: Mqtt
  mqttSettings:
    host: broker.contoso.example:8883
    tls:
      mode: Enabled
      trustedCaCertificateConfigMapRef: my-ca-cert
EOF

# The default listener of an AIO deployment (port 18883) still on the
# quickstart issuer while the trust settings name a BYO issuer.
cat > default-listener-quickstart.yaml <<EOF
apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: default
  namespace: azure-iot-operations
spec:
  brokerRef: default
  serviceName: aio-broker
  serviceType: ClusterIp
  ports:
  - port: 18883
    authenticationRef: default
    protocol: Mqtt
    tls:
      mode: Automatic
      certManagerCertificateSpec:
        issuerRef:
          name: azure-iot-operations-aio-certificate-issuer
          kind: ClusterIssuer
          group: cert-manager.io
EOF

# trust-manager Bundles that trust-manager rejects or that leak: a leaf and
# its key inline; a configMap source without key; no source type.
cat > trust-manager-bad-bundle.yaml <<EOF
apiVersion: trust.cert-manager.io/v1alpha1
kind: Bundle
metadata:
  name: leaky-bundle
spec:
  sources:
  - useDefaultCAs: false
  - inLine: |
$(indent 6 $pki/server.pem)
$(indent 6 $pki/server.key)
  - configMap:
      name: team-roots
  - {}
  target:
    configMap:
      key: trust-bundle.pem
EOF

# cert-manager docs: a Vault issuer with the docs' caBundle placeholder, an
# ACME issuer whose caBundle is a leaf and whose server has no scheme.
cat > issuers-ca-bundles.yaml <<EOF
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: vault-issuer
  namespace: sandbox
spec:
  vault:
    path: pki_int/sign/example-dot-com
    server: https://vault.local
    caBundle: <base64 encoded caBundle PEM file>
    auth:
      tokenSecretRef:
        name: cert-manager-vault-token
        key: token
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: acme-private
spec:
  acme:
    server: acme.internal.example/directory
    caBundle: $(b64 $pki/server.pem)
    privateKeySecretRef:
      name: acme-account-key
    solvers:
    - http01:
        ingress:
          ingressClassName: nginx
EOF

# What Windows PowerShell 5.1's `kubectl get … -o yaml > f` writes: UTF-16LE
# with a byte-order mark and CRLF line ends (made with iconv).
powershell() { { printf '\xff\xfe'; sed 's/$/\r/' "$1" | iconv -f UTF-8 -t UTF-16LE; } > "$2"; }
powershell cert-manager-ca-bootstrap.yaml powershell-ca-bootstrap.yaml
powershell configmap-with-key.yaml powershell-configmap-with-key.yaml
