#!/usr/bin/env bash
# The OPC UA connector's stores, checked before upload: each command with the
# exit status and the finding id or `Bad…` status it must report. Runs on the
# material of tests/data/opcua/ (made by its gen.sh, fixed dates) at
# --now 2027-01-01. CERTGATE names the binary (default: ../../target/debug/certgate).
# Prints every command; exits 1 when one does not report what it promises.
set -uo pipefail
cd "$(dirname "$0")/../../tests/data/opcua"
certgate=${CERTGATE:-../../../target/debug/certgate}
failed=0
# expect EXIT NEEDLE ARGS...: run certgate ARGS (JSON), check the exit status and that NEEDLE is in the output.
expect() {
  local want=$1 needle=$2; shift 2
  local output status
  output=$("$certgate" "$@" --now 2027-01-01T00:00:00Z --format json 2>&1); status=$?
  if [ "$status" = "$want" ] && grep -q -- "$needle" <<<"$output"; then
    echo "ok   (exit $status, $needle) certgate $*"
  else
    echo "FAIL (exit $status, want $want and $needle) certgate $*"; failed=1
  fi
}

# Trust list: what `az iot ops connector opcua trust add` takes, and what it lets through.
expect 0 '"valid": true'                     opcua trust selfsigned-server.der server-root-ca.der
expect 1 opcua.file.encoding_mismatch        opcua trust pem-in.der
expect 1 opcua.file.encoding_mismatch        opcua trust der-in.crt
expect 1 opcua.file.pkcs12                   opcua trust selfsigned-server.pfx
expect 1 opcua.file.private_key              opcua trust server-key.der
expect 1 opcua.file.multiple_certificates    opcua trust two-certs.crt
expect 1 opcua.file.extension_case           opcua trust Selfsigned-Server.DER
expect 1 opcua.file.secret_name_invalid      opcua trust my_server.der
expect 1 opcua.file.expired                  opcua trust selfsigned-expired.der
expect 1 opcua.file.not_yet_valid            opcua trust selfsigned-notyet.der
expect 1 opcua.file.extension_unsupported    opcua trust server-root-ca.crl
# Issuer list: CA certificates and their CRLs, named alike.
expect 0 '"valid": true'                     opcua issuer server-int-ca.der server-int-ca.crl server-root-ca.der server-root-ca.crl
expect 1 opcua.file.issuer_not_ca            opcua issuer not-a-ca.der
expect 1 opcua.file.crl_without_certificate  opcua issuer server-root-ca.der orphan.crl
expect 1 opcua.stores.crl_bad_signature      opcua issuer server-int-ca.der server-int-ca-forged.crl
# Both stores: the issuer list grants no trust; chains must close.
expect 0 opcua.stores.issuer_grants_no_trust opcua trust selfsigned-server.der --issuer-list other-root.der
expect 1 opcua.stores.chain_incomplete       opcua trust opcua-server.der --issuer-list server-int-ca.der
expect 1 opcua.stores.crl_missing            opcua trust server-root-ca.der --issuer-list server-int-ca.der --reject-unknown-revocation-status true
# The connector's own certificate.
expect 0 '"valid": true'                     opcua client --public-key-file connector.der --private-key-file connector.pem --subject-name aio-opc-ua-broker --application-uri urn:aio:opc-ua-broker
expect 1 opcua.application.key_mismatch      opcua client --public-key-file mismatch.der --private-key-file mismatch.pem
expect 1 opcua.application.uri_count         opcua client --public-key-file nouri.der --private-key-file nouri.pem
expect 0 opcua.application.issuer_missing    opcua client --public-key-file client-issued.der --private-key-file client-issued.pem
# Will the connector accept this server?
expect 0 '"status": "Good"'                        opcua server opcua-server-chain.pem --trust-list server-root-ca.der --endpoint-host opcua-server.plant.local
expect 1 BadCertificateUntrusted                   opcua server opcua-server.der --trust-list selfsigned-server.der --issuer-list server-int-ca.der --issuer-list server-root-ca.der
expect 1 BadCertificateChainIncomplete             opcua server opcua-server.der --trust-list server-root-ca.der
expect 1 BadCertificateRevoked                     opcua server opcua-revoked.der --trust-list server-root-ca.der --issuer-list server-int-ca.der --issuer-list server-int-ca.crl
expect 1 BadCertificateIssuerRevocationUnknown     opcua server opcua-server.der --trust-list server-root-ca.der --issuer-list server-int-ca.der --issuer-list server-int-ca.crl --reject-unknown-revocation-status true
expect 1 BadCertificateTimeInvalid                 opcua server selfsigned-expired.der --trust-list selfsigned-expired.der
expect 1 BadCertificateUseNotAllowed               opcua server selfsigned-no-dataenc.der --trust-list selfsigned-no-dataenc.der
expect 1 BadCertificatePolicyCheckFailed           opcua server selfsigned-sha1.der --trust-list selfsigned-sha1.der
expect 0 '"status": "Good"'                        opcua server selfsigned-sha1.der --trust-list selfsigned-sha1.der --reject-sha1-signed-certificates false
expect 1 BadCertificateHostNameInvalid             opcua server selfsigned-server.der --trust-list selfsigned-server.der --endpoint-host 10.0.0.9
# The synced Secrets and their SecretSync / SecretProviderClass.
expect 0 '"valid": true'                     check -f k8s/trust-list.yaml -f k8s/issuer-list.yaml -f k8s/client-certificate.yaml -f k8s/secret-sync.yaml
expect 1 opcua.cluster.target_key_missing    check -f k8s/trust-list.yaml -f k8s/bad-secret-sync.yaml
expect 1 opcua.application.key_mismatch      check -f k8s/bad-client-certificate.yaml
exit $failed
