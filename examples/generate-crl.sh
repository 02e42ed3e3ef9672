#!/usr/bin/env bash
# Makes pki/intermediate-ca-crl.pem: a CRL from the example intermediate CA
# that revokes pki/server.pem (valid 2025-01-01 to 2045-01-01). Re-runnable.
set -euo pipefail
cd "$(dirname "$0")/pki"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
serial=$(openssl x509 -in server.pem -noout -serial | cut -d= -f2)
enddate=$(date -u -d "$(openssl x509 -in server.pem -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ)
subject=$(openssl x509 -in server.pem -noout -subject -nameopt compat | sed 's/^subject=//')
# openssl ca keeps its state in an index: one revoked entry for the server.
printf 'R\t%s\t250101000000Z\t%s\tunknown\t%s\n' "$enddate" "$serial" "$subject" > "$work/index"
echo 1000 > "$work/crlnumber"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = ca
[ca]
database = $work/index
crlnumber = $work/crlnumber
default_md = sha256
default_crl_days = 36500
CNF
openssl ca -gencrl -config "$work/ca.cnf" -cert intermediate-ca.pem -keyfile intermediate-ca.key \
  -out intermediate-ca-crl.pem 2>/dev/null
openssl crl -in intermediate-ca-crl.pem -noout -text | grep -A1 "Serial Number" | head -2
