#!/usr/bin/env bash
# Load benchmark of certgate-webhook on loopback with wrk (Debian package):
# reviews/s, p50/p99 latency and resident memory for an AdmissionReview of
#   1. the AIO trust-bundle ConfigMap holding a 3-certificate bundle, and
#   2. the same ConfigMap holding Debian's whole CA bundle
#      (/etc/ssl/certs/ca-certificates.crt);
# then, while 4 heavy reviews run without pause (a 100,000-key labelled
# ConfigMap, curl loops), p50/p99 of the small review and of /healthz, and
# Debian's bundle at 4 connections. Targets (issue 12): small p99 < 20 ms and
# /healthz p99 < 50 ms beside the heavy ones; Debian p99 < 10 ms at -c4.
#   BIN=/path/to/older/certgate-webhook webhook/bench/run.sh   # compare a build
#   CERTGATE_BUNDLE_CACHE_BYTES=0 webhook/bench/run.sh          # Debian read every time
# (the same body is sent again and again: with the cache, from the second
# request on Debian's bundle is answered from the kept read).
# The webhook runs --offline (no cluster); the load generator runs beside it.
#   webhook/bench/run.sh            # DURATION=10s CONNECTIONS=16 THREADS=2
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18443}
HEALTH=${HEALTH:-18080}

command -v wrk >/dev/null || { echo "installing wrk"; sudo -n apt-get install -y wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null; }
command -v openssl >/dev/null || { echo "openssl is required"; exit 2; }
[ -r /etc/ssl/certs/ca-certificates.crt ] || { echo "needs /etc/ssl/certs/ca-certificates.crt (apt-get install ca-certificates)"; exit 2; }

if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p certgate-webhook
  BIN=${CARGO_TARGET_DIR:-target}/release/certgate-webhook
fi
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null

# Bodies: the AdmissionReview the API server sends for `kubectl apply`.
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
def first_cert(path):
    text = open(path).read()
    end = text.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----\n")
    return text[text.index("-----BEGIN CERTIFICATE-----"):end]
three = (open("examples/pki/root-ca.pem").read() + open("examples/pki/intermediate-ca.pem").read()
         + first_cert("/etc/ssl/certs/ca-certificates.crt"))
debian = open("/etc/ssl/certs/ca-certificates.crt").read()
for name, bundle in [("three", three), ("debian", debian)]:
    obj = {"kind": "ConfigMap", "apiVersion": "v1",
           "metadata": {"name": "azure-iot-operations-aio-ca-trust-bundle",
                        "namespace": "azure-iot-operations", "creationTimestamp": None},
           "data": {"ca.crt": bundle}}
    review = {"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1",
              "request": {"uid": "bench", "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
                          "resource": {"group": "", "version": "v1", "resource": "configmaps"},
                          "name": obj["metadata"]["name"], "namespace": "azure-iot-operations",
                          "operation": "CREATE", "userInfo": {"username": "kubernetes-admin"},
                          "object": obj, "oldObject": None, "dryRun": False}}
    with open(f"{work}/{name}.json", "w") as f:
        json.dump(review, f)
    print(f"{name}: {bundle.count('BEGIN CERTIFICATE')} certificates, body {len(json.dumps(review))} bytes")
flood = json.load(open(f"{work}/three.json"))
obj = flood["request"]["object"]
obj["metadata"] = {"name": "flood", "namespace": "team-a", "labels": {"certgate.io/trust-bundle": "true"}}
obj["data"] = {f"k{i}": "x" for i in range(100000)}
flood["request"]["name"] = "flood"; flood["request"]["namespace"] = "team-a"
with open(f"{work}/flood.json", "w") as f:
    json.dump(flood, f)
print(f"flood: 100,000 keys, body {len(json.dumps(flood))} bytes")
PY

CERTGATE_LOG=warn "$BIN" --offline --listen 127.0.0.1:$PORT --health-listen 127.0.0.1:$HEALTH \
  --tls-cert "$WORK/tls.crt" --tls-key "$WORK/tls.key" &
PID=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:$HEALTH/readyz >/dev/null 2>&1 && break; sleep 0.1; done
echo "webhook pid $PID, idle VmRSS $(awk '/VmRSS/{print $2" "$3}' /proc/$PID/status)"

for name in three debian; do
  cat > "$WORK/$name.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/$name.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  verdict=$(curl -sk -H 'Content-Type: application/json' --data-binary @"$WORK/$name.json" https://127.0.0.1:$PORT/validate \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["response"]; print("allowed" if r["allowed"] else "denied: "+r["status"]["message"][:200], "warnings:", len(r.get("warnings") or []))')
  echo "== $name: $verdict"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/$name.lua" https://127.0.0.1:$PORT/validate > "$WORK/$name.out"
  rps=$(awk '/Requests\/sec/{print $2}' "$WORK/$name.out")
  p50=$(awk '$1=="50%"{print $2}' "$WORK/$name.out")
  p99=$(awk '$1=="99%"{print $2}' "$WORK/$name.out")
  errors=$(grep -E "Non-2xx|Socket errors" "$WORK/$name.out" || true)
  echo "   reviews/s $rps   p50 $p50   p99 $p99   (wrk -t$THREADS -c$CONNECTIONS -d$DURATION) ${errors:+ERRORS: $errors}"
  echo "   VmRSS $(awk '/VmRSS/{print $2" "$3}' /proc/$PID/status)   VmHWM $(awk '/VmHWM/{print $2" "$3}' /proc/$PID/status)"
done
figures() { # name, wrk output file
  awk -v n="$1" '$1=="50%"{p50=$2} $1=="99%"{p99=$2} /Requests\/sec/{rps=$2} END{printf "   %-22s reviews/s %s   p50 %s   p99 %s\n", n, rps, p50, p99}' "$2"
  grep -E "Non-2xx|Socket errors" "$2" | sed 's/^/   /' || true
}
echo "== beside 4 heavy reviews (100,000-key ConfigMap, curl loops)"
HEAVY=()
for _ in 1 2 3 4; do
  ( while :; do curl -sk -o /dev/null -H 'Content-Type: application/json' --data-binary @"$WORK/flood.json" https://127.0.0.1:$PORT/validate; done ) &
  HEAVY+=($!)
done
trap 'kill "${HEAVY[@]}" 2>/dev/null || true; kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 1
wrk -t1 -c1 -d"$DURATION" --latency -s "$WORK/three.lua" https://127.0.0.1:$PORT/validate > "$WORK/small-heavy.out"
figures "small review (-c1)" "$WORK/small-heavy.out"
wrk -t1 -c1 -d"$DURATION" --latency http://127.0.0.1:$HEALTH/healthz > "$WORK/health-heavy.out"
figures "/healthz (-c1)" "$WORK/health-heavy.out"
kill "${HEAVY[@]}" 2>/dev/null || true
wait "${HEAVY[@]}" 2>/dev/null || true
# The heavy reviews still running or queued finish first: the next figure
# is Debian's bundle at 4 connections, not beside the heavy ones.
pkill -f -- "--data-binary @$WORK/flood.json" 2>/dev/null || true
for _ in $(seq 100); do
  curl -s http://127.0.0.1:$HEALTH/metrics | grep -q '^certgate_webhook_requests_in_flight 0$' && break
  sleep 0.1
done
echo "   VmRSS $(awk '/VmRSS/{print $2" "$3}' /proc/$PID/status)   VmHWM $(awk '/VmHWM/{print $2" "$3}' /proc/$PID/status)"
echo "== Debian's bundle at 4 connections"
wrk -t2 -c4 -d"$DURATION" --latency -s "$WORK/debian.lua" https://127.0.0.1:$PORT/validate > "$WORK/debian-4.out"
figures "debian (-c4)" "$WORK/debian-4.out"
curl -s http://127.0.0.1:$HEALTH/metrics | grep -E '^certgate_webhook_(reviews_total|bundle_cache_(hits|misses)_total)'
