#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from examples/pki and tests/bench/vectors.
# corpus/ is gitignored; run this before `cargo +nightly fuzz run`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
mkdir -p "$here/corpus/parse" "$here/corpus/path"
ders="$(mktemp -d)"
trap 'rm -rf "$ders"' EXIT

for f in "$root"/examples/pki/*.pem "$root"/examples/pki/*.der "$root"/tests/bench/vectors/*.pem; do
    [ -e "$f" ] || continue
    cp "$f" "$here/corpus/parse/$(basename "$f")"
done

# Every certificate of every PEM file as its own DER file.
for f in "$root"/examples/pki/*.pem "$root"/tests/bench/vectors/*.pem; do
    base="$(basename "$f" .pem)"
    awk -v dir="$ders" -v base="$base" '
        /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/%s-%d.pem", dir, base, n) }
        file { print > file }
        /-----END CERTIFICATE-----/ { close(file); file = "" }' "$f"
done
for f in "$ders"/*.pem; do
    openssl x509 -in "$f" -outform DER -out "${f%.pem}.der"
    cp "${f%.pem}.der" "$here/corpus/parse/"
done
cp "$root"/examples/pki/*.der "$ders/" 2>/dev/null || true

# path: control byte, then 2-byte big-endian length-prefixed DER chunks.
python3 - "$ders" "$here/corpus/path" <<'PY'
import itertools, os, sys
src, out = sys.argv[1], sys.argv[2]
certs = {n[:-4]: open(os.path.join(src, n), "rb").read()
         for n in sorted(os.listdir(src)) if n.endswith(".der")}
def emit(name, control, chain):
    body = b"".join(len(c).to_bytes(2, "big") + c for c in chain)
    open(os.path.join(out, name), "wb").write(bytes([control]) + body)
def get(*names):
    return [certs[n] for n in names if n in certs]
emit("server-int-root", 1, get("server-1", "intermediate-ca-1", "root-ca-1"))
emit("server-chain", 1, get("server-chain-1", "server-chain-2", "root-ca-1"))
emit("expired", 1, get("expired-root-leaf-1", "expired-root-1"))
emit("rsa-bench", 0x21, get("rsa2048-leaf-1", "rsa2048-intermediate-1", "rsa2048-root-1"))
emit("p256-bench", 0x61, get("p256-leaf-1", "p256-intermediate-1", "p256-root-1"))
emit("mixed-pool", 2, list(certs.values())[:7])
for i, (name, der) in enumerate(certs.items()):
    emit(f"single-{name}", i & 0x7f, [der, certs.get("root-ca-1", der)])
PY
# signature: the core's crypto test certificates (self-signed) and the bench
# chains' links, split into SPKI, algorithm, TBS and signature chunks.
mkdir -p "$here/corpus/signature"
for f in "$root"/tests/bench/vectors/*.pem; do
    openssl x509 -in "$f" -outform DER -out "$ders/bench-$(basename "$f" .pem).der"
done
python3 - "$root/crates/certgate-core/src/crypto/testdata" "$ders" "$here/corpus/signature" <<'PY'
import glob, os, sys
testdata, ders, out = sys.argv[1:]
def tlv(b, i):
    """(start, content start, end) of the DER element at i."""
    n, j = b[i + 1], i + 2
    if n & 0x80:
        k = n & 0x7f
        n, j = int.from_bytes(b[j:j + k], "big"), j + k
    return i, j, j + n
def children(b, i):
    _, j, end = tlv(b, i)
    while j < end:
        s, _, e = tlv(b, j)
        yield b[s:e]
        j = e
def split(cert):
    tbs, alg, sig = children(cert, 0)
    fields = list(children(tbs, 0))
    spki = fields[6] if fields[0][0] == 0xa0 else fields[5]
    _, start, end = tlv(sig, 0)
    return tbs, alg, sig[start + 1:end], spki  # after the BIT STRING's unused-bits byte
def emit(name, spki, alg, tbs, sig):
    chunks = [spki, alg, tbs]
    body = b"".join(len(c).to_bytes(2, "big") + c for c in chunks) + sig
    open(os.path.join(out, name), "wb").write(body)
for path in sorted(glob.glob(os.path.join(testdata, "**", "*.crt.der"), recursive=True)):
    cert = open(path, "rb").read()
    tbs, alg, sig, spki = split(cert)
    emit(os.path.basename(path)[:-8], spki, alg, tbs, sig)
for chain in ("rsa2048", "p256"):
    get = lambda n: open(os.path.join(ders, f"bench-{chain}-{n}.der"), "rb").read()
    for child, issuer in (("leaf", "intermediate"), ("intermediate", "root")):
        tbs, alg, sig, _ = split(get(child))
        emit(f"bench-{chain}-{child}", split(get(issuer))[3], alg, tbs, sig)
PY
# admission: AdmissionReview bodies (CREATE, UPDATE, DELETE) of the kinds the
# webhook reviews, holding the example PKI.
mkdir -p "$here/corpus/admission"
python3 - "$root/examples/pki" "$here/corpus/admission" <<'PY'
import base64, json, os, sys
pki, out = sys.argv[1:]
read = lambda f: open(os.path.join(pki, f)).read()
b64 = lambda s: base64.b64encode(s.encode()).decode()
objects = [
    ("ConfigMap", "", {"metadata": {"name": "azure-iot-operations-aio-ca-trust-bundle", "namespace": "azure-iot-operations"},
                       "data": {"ca.crt": read("root-ca.pem") + read("intermediate-ca.pem")}}),
    ("ConfigMap", "", {"metadata": {"name": "bad", "namespace": "azure-iot-operations", "labels": {"trust.cert-manager.io/bundle": "x"}},
                       "data": {"ca.crt": read("leaf-as-ca-bundle.pem"), "k": "x"}}),
    ("Secret", "", {"type": "kubernetes.io/tls", "metadata": {"name": "ca", "namespace": "cert-manager"},
                    "data": {"tls.crt": b64(read("root-ca.pem")), "tls.key": b64(read("root-ca.key")), "ca.crt": b64(read("root-ca.pem"))}}),
    ("Secret", "", {"type": "kubernetes.io/tls", "metadata": {"name": "srv", "namespace": "azure-iot-operations"},
                    "data": {"tls.crt": b64(read("server-chain.pem")), "tls.key": b64(read("intermediate-ca.key"))}}),
    ("Issuer", "cert-manager.io", {"metadata": {"name": "ca", "namespace": "azure-iot-operations"}, "spec": {"ca": {"secretName": "ca"}}}),
    ("ClusterIssuer", "cert-manager.io", {"metadata": {"name": "ca"}, "spec": {"acme": {"server": "acme.example.com", "privateKeySecretRef": {"name": "k"}}}}),
    ("Certificate", "cert-manager.io", {"metadata": {"name": "c", "namespace": "azure-iot-operations"},
                                        "spec": {"secretName": "s", "issuerRef": {"name": "ca", "kind": "ClusterIssuer"}, "dnsNames": ["a.example.com"]}}),
]
for i, (kind, group, body) in enumerate(objects):
    obj = {"apiVersion": f"{group}/v1" if group else "v1", "kind": kind, **body}
    for operation in ("CREATE", "UPDATE", "DELETE"):
        request = {"uid": f"u-{i}-{operation}", "kind": {"group": group, "version": "v1", "kind": kind},
                   "resource": {"group": group, "version": "v1", "resource": kind.lower() + "s"},
                   "name": obj["metadata"]["name"], "namespace": obj["metadata"].get("namespace"),
                   "operation": operation, "userInfo": {"username": "admin"},
                   "object": None if operation == "DELETE" else obj,
                   "oldObject": None if operation == "CREATE" else obj, "dryRun": False}
        review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}
        open(os.path.join(out, f"{i}-{operation}.json"), "w").write(json.dumps(review))
PY
ls "$here/corpus/parse" | wc -l; ls "$here/corpus/admission" | wc -l; ls "$here/corpus/path" | wc -l; ls "$here/corpus/signature" | wc -l
