#!/usr/bin/env bash
# Makes certgate's own limbo-format corpus: lints.json, recipes.json,
# classes.json, crl.json (certificates made here with openssl) and
# debian-anchors.json (from ../debian-ca-certificates). Re-runnable; every
# run makes new keys, so commit the JSON together with any change here.
#
# Needs: openssl (OpenSSL 3, Debian), faketime (Debian `faketime`), python3.
# faketime pins the clock, so the ordinary `-days N` recipes give the same
# validity dates on every run (notBefore 2026-01-01 unless a case says
# otherwise) and each case's fixed validation_time 2026-12-01T00:00:00Z
# keeps its meaning. expected_result is informational (see README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
M=$W/manifest.tsv
: > "$M"
export NOW='2026-01-01 00:00:00'
# Long-lived: CAs to 2045, leaves to 2044, all inside each other.
ROOT_DAYS=7300
INT_DAYS=7100
LEAF_DAYS=6900
SERVER=server.example.com

BASE_NOW=$NOW
ossl() { faketime "$NOW" openssl "$@"; }
# quiet CMD...: openssl's chatter on stderr only when CMD fails.
quiet() { "$@" 2> "$W/stderr" || { cat "$W/stderr" >&2; return 1; }; }
serial() { echo "0x1$(openssl rand -hex 15)"; }

newkey() { # NAME ALG
  local out=$W/$1.key
  case $2 in
    ec256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out" ;;
    ec384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$out" ;;
    secp256k1) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out "$out" ;;
    rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out" 2>/dev/null ;;
    rsa1024) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$out" 2>/dev/null ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$out" ;;
    ed448) openssl genpkey -algorithm ED448 -out "$out" ;;
    *) echo "unknown key type $2" >&2; exit 1 ;;
  esac
}

# A config holding one extension section [e] (and, for req, an empty DN).
cfg() { printf '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\n[e]\n%s\n' "$1" > "$W/$2.cnf"; echo "$W/$2.cnf"; }

# ext BASE OP...: OP "KEY=VALUE" replaces KEY (or adds it), "-KEY" removes it.
ext() {
  local base=$1 op key; shift
  for op in "$@"; do
    if [[ $op == -* ]]; then key=${op#-}; else key=${op%%=*}; fi
    base=$(awk -v k="$key=" 'index($0, k) != 1' <<< "$base")
    if [[ $op != -* ]]; then base+=$'\n'$op; fi
  done
  printf '%s' "$base"
}

ROOT_EXT='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash'
INT_EXT='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid:always'
LEAF_EXT="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:$SERVER
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid:always"

# root NAME SUBJECT EXT [ALG [extra req args]]: self-signed; EXT "-" makes v1.
root() {
  local name=$1 subject=$2 extensions=$3 alg=${4:-ec256}
  shift $(( $# < 4 ? $# : 4 ))
  newkey "$name" "$alg"
  if [[ $extensions == - ]]; then
    quiet openssl req -new -key "$W/$name.key" -subj "$subject" -config "$(cfg '' "$name")" -out "$W/$name.csr"
    quiet ossl x509 -req -in "$W/$name.csr" -signkey "$W/$name.key" -set_serial "${SERIAL:-$(serial)}" \
      -days "${DAYS:-$ROOT_DAYS}" "$@" -out "$W/$name.pem"
  else
    quiet ossl req -x509 -new -key "$W/$name.key" -subj "$subject" -config "$(cfg "$extensions" "$name")" \
      -extensions e -set_serial "${SERIAL:-$(serial)}" -days "${DAYS:-$ROOT_DAYS}" "$@" -out "$W/$name.pem"
  fi
}

# issue NAME ISSUER SUBJECT EXT [ALG [extra x509 args]]: EXT "-" makes v1.
issue() {
  local name=$1 issuer=$2 subject=$3 extensions=$4 alg=${5:-ec256}
  shift $(( $# < 5 ? $# : 5 ))
  newkey "$name" "$alg"
  if [[ $extensions == *@KEYID@* ]]; then
    extensions=${extensions//@KEYID@/$(python3 "$here/der.py" keyid "$W/$issuer.pem")}
  fi
  quiet openssl req -new -key "$W/$name.key" -subj "$subject" -config "$(cfg '' "$name.req")" -out "$W/$name.csr"
  local extargs=()
  if [[ $extensions != - ]]; then extargs=(-extfile "$(cfg "$extensions" "$name")" -extensions e); fi
  quiet ossl x509 -req -in "$W/$name.csr" -CA "$W/$issuer.pem" -CAkey "$W/$issuer.key" \
    -set_serial "${SERIAL:-$(serial)}" -days "${DAYS:-$LEAF_DAYS}" "${extargs[@]}" "$@" \
    -out "$W/$name.pem"
}
inter() { DAYS=${DAYS:-$INT_DAYS} issue "$@"; }
# An AKI keyIdentifier for an issuer without SKI (a v1 root, a CA missing
# it): openssl's keyid needs the issuer's SKI, so issue() computes the
# method-1 key id of the issuer's key in place of @KEYID@.
AKID_COMPUTED='2.5.29.35=DER:30168014@KEYID@'


# surgery NAME ISSUER EDIT...: re-sign NAME after der.py's edits.
surgery() {
  local name=$1 issuer=$2; shift 2
  python3 "$here/der.py" "$W/$name.pem" "$W/$issuer.key" "$W/$name.pem" "$@"
}

# add SUITE ID EXPECTED PEER TRUSTED UNTRUSTED DESCRIPTION [crls=..] [kind=..] [name=..] [eku=..] [features=..]
add() {
  local suite=$1 id=$2 expected=$3 peer=$4 trusted=$5 untrusted=$6 description=$7
  shift 7
  local crls=- kind=SERVER name=DNS:$SERVER eku=- features=- opt
  for opt in "$@"; do
    case $opt in
      crls=*) crls=${opt#crls=} ;; kind=*) kind=${opt#kind=} ;; name=*) name=${opt#name=} ;;
      eku=*) eku=${opt#eku=} ;; features=*) features=${opt#features=} ;;
      *) echo "add: unknown option $opt" >&2; exit 1 ;;
    esac
  done
  if [[ $kind == CLIENT && $name == DNS:$SERVER ]]; then name=-; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$id" "$expected" "$peer" \
    "$trusted" "$untrusted" "$crls" "$kind" "$name" "$eku" "$features" "$description" >> "$M"
}

############################################################################
# lints.json: each certificate defect of certgate's catalogue (cert.*, ca.*,
# leaf.*) on the leaf, the intermediate or the trust anchor of an otherwise
# good chain root -> intermediate -> leaf (EC P-256, SAN DNS:server.example.com).
############################################################################
root root "/O=certgate corpus/CN=Corpus Root CA" "$ROOT_EXT"
inter int root "/O=certgate corpus/CN=Corpus Intermediate CA" "$INT_EXT"
issue leaf int "/CN=$SERVER" "$LEAF_EXT"
add lints corpus::baseline SUCCESS leaf root int \
  "The good chain every lints case varies in one place: P-256 root, intermediate and leaf with SAN DNS:$SERVER and EKU serverAuth."

# leafcase SLUG EXPECTED LINT DESCRIPTION EXT [ALG [x509 args]]: a leaf under int.
leafcase() {
  local slug=$1 expected=$2 lint=$3 description=$4; shift 4
  issue "l-$slug" int "${SUBJECT:-/CN=$SERVER}" "$@"
  if [[ -n ${EDITS:-} ]]; then surgery "l-$slug" int $EDITS; fi
  add lints "corpus::leaf::$slug" "$expected" "l-$slug" root int "Leaf defect ($lint): $description" ${OPTS:-}
}
# intcase SLUG EXPECTED LINT DESCRIPTION EXT [ALG [x509 args]]: an
# intermediate under root, with a good leaf under it.
intcase() {
  local slug=$1 expected=$2 lint=$3 description=$4; shift 4
  inter "i-$slug" root "${SUBJECT:-/O=certgate corpus/CN=Corpus Intermediate CA $slug}" "$@"
  if [[ -n ${EDITS:-} ]]; then surgery "i-$slug" root $EDITS; fi
  # The leaf under it is made as usual, whatever the case set for the CA.
  SERIAL='' DAYS='' NOW=$BASE_NOW issue "il-$slug" "i-$slug" "/CN=$SERVER" "${LEAF:-$LEAF_EXT}"
  add lints "corpus::intermediate::$slug" "$expected" "il-$slug" root "i-$slug" "Intermediate defect ($lint): $description" ${OPTS:-}
}
# anchorcase SLUG EXPECTED LINT DESCRIPTION EXT [ALG [req args]]: a root
# with a good intermediate and leaf under it.
anchorcase() {
  local slug=$1 expected=$2 lint=$3 description=$4; shift 4
  root "r-$slug" "${SUBJECT:-/O=certgate corpus/CN=Corpus Root CA $slug}" "$@"
  if [[ -n ${EDITS:-} ]]; then surgery "r-$slug" "r-$slug" $EDITS; fi
  SERIAL='' DAYS='' NOW=$BASE_NOW inter "ri-$slug" "r-$slug" "/O=certgate corpus/CN=Corpus Intermediate CA under $slug" "${INT:-$INT_EXT}"
  SERIAL='' DAYS='' NOW=$BASE_NOW issue "rl-$slug" "ri-$slug" "/CN=$SERVER" "$LEAF_EXT"
  add lints "corpus::anchor::$slug" "$expected" "rl-$slug" "r-$slug" "ri-$slug" "Trust-anchor defect ($lint): $description" ${OPTS:-}
}
# all3 SLUG EXPECTED LINT DESCRIPTION 'LEAF-OPS' 'INT-OPS' 'ROOT-OPS' [ALG]:
# the same change on each of the three; OPS are ext's, separated by |.
all3() {
  local slug=$1 expected=$2 lint=$3 description=$4 alg=${8:-ec256} lops iops rops
  IFS='|' read -ra lops <<< "$5"
  IFS='|' read -ra iops <<< "$6"
  IFS='|' read -ra rops <<< "$7"
  leafcase "$slug" "$expected" "$lint" "$description" "$(ext "$LEAF_EXT" "${lops[@]}")" "$alg"
  intcase "$slug" "$expected" "$lint" "$description" "$(ext "$INT_EXT" "${iops[@]}")" "$alg"
  anchorcase "$slug" "$expected" "$lint" "$description" "$(ext "$ROOT_EXT" "${rops[@]}")" "$alg"
}

# --- cert.* -----------------------------------------------------------------
OPTS=kind=CLIENT leafcase version-v1 SUCCESS cert.version_not_v3 \
  "X.509 v1 leaf without extensions (openssl x509 -req without -extfile). RFC 5280 4.1.2.1 allows v1 when no extensions are used; validated as CLIENT without a peer name so the missing SAN does not decide." -
LEAF="$(ext "$LEAF_EXT" -authorityKeyIdentifier "$AKID_COMPUTED")" OPTS=kind=CLIENT intcase version-v1 FAILURE cert.version_not_v3 \
  "X.509 v1 intermediate without extensions. RFC 5280 6.1.4(k): a v1/v2 intermediate must be known as a CA out of band, else rejected." -
INT="$(ext "$INT_EXT" -authorityKeyIdentifier "$AKID_COMPUTED")" OPTS=kind=CLIENT anchorcase version-v1 SUCCESS cert.version_not_v3 \
  "X.509 v1 self-signed trust anchor without extensions; a trust anchor is its name and key (RFC 5280 6.1.1(d))." -
EDITS=version=1 leafcase version-v1-with-extensions FAILURE cert.version_not_v3 \
  "Leaf that says version 1 but carries extensions (DER surgery); RFC 5280 4.1.2.9 allows extensions only in v3." "$LEAF_EXT"
EDITS=version=1 intcase version-v1-with-extensions FAILURE cert.version_not_v3 \
  "Intermediate that says version 1 but carries extensions (DER surgery); RFC 5280 4.1.2.9." "$INT_EXT"
EDITS=version=2 anchorcase version-v2-with-extensions FAILURE cert.version_not_v3 \
  "Trust anchor that says version 2 but carries extensions (DER surgery); RFC 5280 4.1.2.9." "$ROOT_EXT"

for role in leaf int root; do
  for s in zero negative too-long; do
    case $s in
      zero) value=0; why="serial number 0" ;;
      negative) value=-0x2a; why="negative serial number (-42)" ;;
      too-long) value=0x0102030405060708090a0b0c0d0e0f1011121314ff; why="21-octet serial number" ;;
    esac
    d="$why; RFC 5280 4.1.2.2: a positive integer of at most 20 octets."
    lint=cert.serial_not_positive
    if [[ $s == too-long ]]; then lint=cert.serial_too_long; fi
    case $role in
      leaf) SERIAL=$value leafcase "serial-$s" FAILURE $lint "$d" "$LEAF_EXT" ;;
      int) SERIAL=$value intcase "serial-$s" FAILURE $lint "$d" "$INT_EXT" ;;
      root) SERIAL=$value anchorcase "serial-$s" FAILURE $lint "$d" "$ROOT_EXT" ;;
    esac
  done
done

EDITS=tbs-sigalg=ecdsa-with-SHA384 all3 sig-alg-mismatch FAILURE cert.sig_alg_mismatch \
  "tbsCertificate.signature says ecdsa-with-SHA384, signatureAlgorithm ecdsa-with-SHA256 (DER surgery); RFC 5280 4.1.1.2 requires them equal." "" "" ""
leafcase sha1-signature SUCCESS cert.weak_signature_alg \
  "Leaf signed with ecdsa-with-SHA1. RFC 5280 does not forbid SHA-1; the Web PKI does." "$LEAF_EXT" ec256 -sha1
intcase sha1-signature SUCCESS cert.weak_signature_alg \
  "Intermediate signed with ecdsa-with-SHA1 by the root. RFC 5280 does not forbid SHA-1." "$INT_EXT" ec256 -sha1
anchorcase sha1-signature SUCCESS cert.weak_signature_alg \
  "Trust anchor self-signed with ecdsa-with-SHA1; its own signature is not part of path validation (RFC 5280 6.1.1(d))." "$ROOT_EXT" ec256 -sha1
all3 rsa-1024 SUCCESS cert.weak_key \
  "1024-bit RSA key. RFC 5280 sets no key size; CA/B Forum BR 6.1.5 requires 2048." "" "" "" rsa1024
leafcase secp256k1-key SUCCESS cert.weak_key \
  "Leaf key on secp256k1, a named curve outside P-256/P-384/P-521 (RFC 5480 allows any named curve)." "$LEAF_EXT" secp256k1
EDITS=swap-validity all3 validity-negative FAILURE cert.validity_negative \
  "notBefore and notAfter swapped (notAfter 2026-01-01 before notBefore 20 years later; DER surgery): never valid." "" "" ""
EDITS=gentime all3 generalized-time-before-2050 FAILURE cert.time_encoding \
  "Validity dates before 2050 encoded as GeneralizedTime (DER surgery); RFC 5280 4.1.2.5 requires UTCTime through 2049." "" "" ""
EDITS=uids all3 unique-identifiers SUCCESS cert.unique_identifier_present \
  "v3 certificate with issuerUniqueID and subjectUniqueID (DER surgery). RFC 5280 4.1.2.8: CAs MUST NOT generate them, but there are no processing requirements." "" "" ""
EDITS=dup-ext=2.5.29.15 all3 duplicate-extension FAILURE cert.duplicate_extension \
  "keyUsage appears twice (DER surgery); RFC 5280 4.2: at most one instance of an extension." "" "" ""
all3 unknown-critical-extension FAILURE cert.unknown_critical_extension \
  "Critical private extension 1.3.6.1.4.1.55738.666.1 (NULL) that no validator knows; RFC 5280 4.2 requires rejecting it." \
  "1.3.6.1.4.1.55738.666.1=critical,ASN1:NULL" "1.3.6.1.4.1.55738.666.1=critical,ASN1:NULL" "1.3.6.1.4.1.55738.666.1=critical,ASN1:NULL"
leafcase aki-missing FAILURE cert.aki_missing \
  "Leaf without authorityKeyIdentifier; RFC 5280 4.2.1.1 requires it in every certificate but a self-signed one." "$(ext "$LEAF_EXT" -authorityKeyIdentifier)"
intcase aki-missing FAILURE cert.aki_missing \
  "Intermediate without authorityKeyIdentifier; RFC 5280 4.2.1.1." "$(ext "$INT_EXT" -authorityKeyIdentifier)"
all3 aki-critical FAILURE cert.aki_critical \
  "authorityKeyIdentifier marked critical; RFC 5280 4.2.1.1: MUST be non-critical." \
  "authorityKeyIdentifier=critical,keyid:always" "authorityKeyIdentifier=critical,keyid:always" "authorityKeyIdentifier=critical,keyid:always"
all3 ski-critical FAILURE cert.ski_critical \
  "subjectKeyIdentifier marked critical; RFC 5280 4.2.1.2: MUST be non-critical." \
  "subjectKeyIdentifier=critical,hash" "subjectKeyIdentifier=critical,hash" "subjectKeyIdentifier=critical,hash"
all3 ku-empty FAILURE cert.ku_empty \
  "keyUsage present with no bit set (BIT STRING 03 01 00); RFC 5280 4.2.1.3: at least one bit MUST be set." \
  "-keyUsage|2.5.29.15=critical,DER:030100" "-keyUsage|2.5.29.15=critical,DER:030100" "-keyUsage|2.5.29.15=critical,DER:030100"
NOW='2020-01-01 00:00:00' DAYS=1000 leafcase expired FAILURE cert.expired \
  "Leaf valid 2020-01-01 to 2022-09-27, validated at 2026-12-01." "$LEAF_EXT"
NOW='2020-01-01 00:00:00' DAYS=1000 intcase expired FAILURE cert.expired \
  "Intermediate valid 2020-01-01 to 2022-09-27 (its leaf is valid), validated at 2026-12-01." "$INT_EXT"
NOW='2020-01-01 00:00:00' DAYS=1000 anchorcase expired FAILURE cert.expired \
  "Trust anchor valid 2020-01-01 to 2022-09-27, validated at 2026-12-01; RFC 5280 alone does not check an anchor's dates, limbo's rfc5280 cases do." "$ROOT_EXT"
NOW='2027-06-01 00:00:00' leafcase not-yet-valid FAILURE cert.not_yet_valid \
  "Leaf valid from 2027-06-01, validated at 2026-12-01." "$LEAF_EXT"
NOW='2027-06-01 00:00:00' intcase not-yet-valid FAILURE cert.not_yet_valid \
  "Intermediate valid from 2027-06-01, validated at 2026-12-01." "$INT_EXT"
NOW='2027-06-01 00:00:00' anchorcase not-yet-valid FAILURE cert.not_yet_valid \
  "Trust anchor valid from 2027-06-01 (so are the certificates under it), validated at 2026-12-01." "$ROOT_EXT"
NOW='2026-11-20 00:00:00' DAYS=20 leafcase expires-soon SUCCESS cert.expires_soon \
  "Leaf expiring 2026-12-10, nine days after the validation time: valid, with a warning." "$LEAF_EXT"
NOW='2026-11-20 00:00:00' DAYS=20 intcase expires-soon SUCCESS cert.expires_soon \
  "Intermediate expiring 2026-12-10, nine days after the validation time." "$INT_EXT"
NOW='2026-11-20 00:00:00' DAYS=20 anchorcase expires-soon SUCCESS cert.expires_soon \
  "Trust anchor expiring 2026-12-10, nine days after the validation time." "$ROOT_EXT"
all3 extension-malformed FAILURE cert.extension_malformed \
  "keyUsage whose value is NULL instead of a BIT STRING; a known extension that does not decode must be rejected." \
  "-keyUsage|2.5.29.15=critical,DER:0500" "-keyUsage|2.5.29.15=critical,DER:0500" "-keyUsage|2.5.29.15=critical,DER:0500"
all3 san-empty FAILURE cert.san_empty \
  "subjectAltName that is an empty SEQUENCE; GeneralNames is SIZE (1..MAX) (RFC 5280 4.2.1.6)." \
  "-subjectAltName|2.5.29.17=DER:3000" "2.5.29.17=DER:3000" "2.5.29.17=DER:3000"
SUBJECT=/ leafcase empty-subject-san-not-critical FAILURE cert.san_not_critical_empty_subject \
  "Leaf with an empty subject and a non-critical SAN DNS:$SERVER; RFC 5280 4.2.1.6: SAN MUST be critical then." "$LEAF_EXT"
SUBJECT=/ OPTS=kind=CLIENT leafcase empty-subject-without-san FAILURE cert.empty_subject_without_san \
  "Leaf with an empty subject and no subjectAltName (CLIENT, no peer name); RFC 5280 4.1.2.6 requires a SAN then." "$(ext "$LEAF_EXT" -subjectAltName)"
# Ed448: a signature algorithm certgate does not verify (RFC 8410 defines it).
inter int-ed448 root "/O=certgate corpus/CN=Corpus Ed448 Intermediate CA" "$INT_EXT" ed448
issue l-ed448-signature int-ed448 "/CN=$SERVER" "$LEAF_EXT"
add lints corpus::leaf::ed448-signature SUCCESS l-ed448-signature root int-ed448 \
  "Leaf defect (cert.signature_unsupported): leaf signed with Ed448 by an Ed448 intermediate (RFC 8410)."
root r-ed448 "/O=certgate corpus/CN=Corpus Ed448 Root CA" "$ROOT_EXT" ed448
inter ri-ed448 r-ed448 "/O=certgate corpus/CN=Corpus Intermediate CA under Ed448" "$INT_EXT"
issue rl-ed448 ri-ed448 "/CN=$SERVER" "$LEAF_EXT"
add lints corpus::intermediate::ed448-signature SUCCESS rl-ed448 r-ed448 ri-ed448 \
  "Intermediate defect (cert.signature_unsupported): intermediate signed with Ed448 by an Ed448 root (RFC 8410)."
leafcase malformed-dns-name FAILURE cert.malformed_name \
  "SAN holds DNS:bad..name beside DNS:$SERVER; RFC 5280 4.2.1.6: dNSName MUST be in preferred name syntax." \
  "$(ext "$LEAF_EXT" "subjectAltName=DNS:$SERVER,DNS:bad..name")"
leafcase malformed-ip-address FAILURE cert.malformed_name \
  "SAN holds a 5-octet iPAddress beside DNS:$SERVER; RFC 5280 4.2.1.6: 4 or 16 octets." \
  "$(ext "$LEAF_EXT" -subjectAltName "2.5.29.17=DER:301b8212$(printf %s "$SERVER" | od -An -tx1 | tr -d ' \n')87050102030405")"
all3 aia-critical FAILURE cert.aia_critical \
  "authorityInfoAccess marked critical; RFC 5280 4.2.2.1: MUST be non-critical." \
  "authorityInfoAccess=critical,caIssuers;URI:http://ca.example.com/issuer.crt" \
  "authorityInfoAccess=critical,caIssuers;URI:http://ca.example.com/issuer.crt" \
  "authorityInfoAccess=critical,caIssuers;URI:http://ca.example.com/issuer.crt"
all3 policy-duplicate FAILURE cert.policy_duplicate \
  "certificatePolicies lists 2.23.140.1.2.1 twice; RFC 5280 4.2.1.4: a policy OID MUST NOT appear more than once." \
  "certificatePolicies=2.23.140.1.2.1,2.23.140.1.2.1" "certificatePolicies=2.23.140.1.2.1,2.23.140.1.2.1" "certificatePolicies=2.23.140.1.2.1,2.23.140.1.2.1"
all3 eku-empty FAILURE cert.eku_empty \
  "extendedKeyUsage that is an empty SEQUENCE; KeyPurposeIds are SIZE (1..MAX) (RFC 5280 4.2.1.12)." \
  "-extendedKeyUsage|2.5.29.37=DER:3000" "2.5.29.37=DER:3000" "2.5.29.37=DER:3000"
intcase pc-not-critical FAILURE cert.pc_not_critical \
  "Intermediate with non-critical policyConstraints requireExplicitPolicy:5; RFC 5280 4.2.1.11: MUST be critical." \
  "$(ext "$INT_EXT" "policyConstraints=requireExplicitPolicy:5")"
anchorcase pc-not-critical FAILURE cert.pc_not_critical \
  "Trust anchor with non-critical policyConstraints requireExplicitPolicy:5; RFC 5280 4.2.1.11." \
  "$(ext "$ROOT_EXT" "policyConstraints=requireExplicitPolicy:5")"
# AKI { [0] keyIdentifier, [1] authorityCertIssuer { [4] CN=x } } without
# [2] authorityCertSerialNumber.
aki_inconsistent() { # ISSUER -> extension line
  local keyid
  keyid=$(openssl x509 -in "$W/$1.pem" -noout -ext subjectKeyIdentifier | tail -1 | tr -d ' :\n')
  echo "2.5.29.35=DER:30288014${keyid}a110a40e300c310a30080603550403""0c0178"
}
ak=$(aki_inconsistent int)
leafcase aki-inconsistent FAILURE cert.aki_inconsistent \
  "authorityKeyIdentifier with keyIdentifier and authorityCertIssuer but no authorityCertSerialNumber; RFC 5280 4.2.1.1: both or neither." \
  "$(ext "$LEAF_EXT" -authorityKeyIdentifier "$ak")"
ak=$(aki_inconsistent root)
intcase aki-inconsistent FAILURE cert.aki_inconsistent \
  "Intermediate's authorityKeyIdentifier with authorityCertIssuer but no authorityCertSerialNumber; RFC 5280 4.2.1.1." \
  "$(ext "$INT_EXT" -authorityKeyIdentifier "$ak")"

# --- ca.* --------------------------------------------------------------------
intcase bc-missing FAILURE ca.bc_missing \
  "Intermediate with keyCertSign but no basicConstraints; RFC 5280 6.1.4(k)." "$(ext "$INT_EXT" -basicConstraints)"
anchorcase bc-missing FAILURE ca.bc_missing \
  "Trust anchor with keyCertSign but no basicConstraints (limbo: rfc5280::root-missing-basic-constraints)." "$(ext "$ROOT_EXT" -basicConstraints)"
intcase bc-not-critical FAILURE ca.bc_not_critical \
  "Intermediate whose basicConstraints CA:TRUE is not critical; RFC 5280 4.2.1.9: MUST be critical in CA certificates." "$(ext "$INT_EXT" basicConstraints=CA:TRUE)"
anchorcase bc-not-critical FAILURE ca.bc_not_critical \
  "Trust anchor whose basicConstraints CA:TRUE is not critical (limbo: rfc5280::root-non-critical-basic-constraints)." "$(ext "$ROOT_EXT" basicConstraints=CA:TRUE)"
intcase ku-missing SUCCESS ca.ku_missing \
  "Intermediate without keyUsage. RFC 5280 4.2.1.3 tells CAs to include it, but path validation (6.1.4(n)) checks keyCertSign only when keyUsage is present (as limbo's crl::issuer-no-keyusage-extension)." "$(ext "$INT_EXT" -keyUsage)"
anchorcase ku-missing SUCCESS ca.ku_missing \
  "Trust anchor without keyUsage (RFC 5280 4.2.1.3 MUST for the CA; 6.1.4(n) checks keyUsage only when present)." "$(ext "$ROOT_EXT" -keyUsage)"
intcase ku-no-keycertsign FAILURE ca.ku_no_keycertsign \
  "Intermediate CA:TRUE whose keyUsage is digitalSignature,cRLSign without keyCertSign; RFC 5280 6.1.4(n)." "$(ext "$INT_EXT" keyUsage=critical,digitalSignature,cRLSign)"
anchorcase ku-no-keycertsign FAILURE ca.ku_no_keycertsign \
  "Trust anchor CA:TRUE whose keyUsage is digitalSignature,cRLSign without keyCertSign." "$(ext "$ROOT_EXT" keyUsage=critical,digitalSignature,cRLSign)"
intcase ku-not-critical SUCCESS ca.ku_not_critical \
  "Intermediate whose keyUsage is not critical; RFC 5280 4.2.1.3: SHOULD be critical." "$(ext "$INT_EXT" keyUsage=keyCertSign,cRLSign)"
anchorcase ku-not-critical SUCCESS ca.ku_not_critical \
  "Trust anchor whose keyUsage is not critical (SHOULD)." "$(ext "$ROOT_EXT" keyUsage=keyCertSign,cRLSign)"
# The certificates under a CA without SKI still get an AKI keyIdentifier.
LEAF="$(ext "$LEAF_EXT" -authorityKeyIdentifier "$AKID_COMPUTED")" intcase ski-missing FAILURE ca.ski_missing \
  "Intermediate without subjectKeyIdentifier (its leaf's AKI keyIdentifier is the key's SHA-1 all the same); RFC 5280 4.2.1.2 (limbo: rfc5280::ski::intermediate-missing-ski)." "$(ext "$INT_EXT" -subjectKeyIdentifier)"
INT="$(ext "$INT_EXT" -authorityKeyIdentifier "$AKID_COMPUTED")" anchorcase ski-missing FAILURE ca.ski_missing \
  "Trust anchor without subjectKeyIdentifier (limbo: rfc5280::ski::root-missing-ski)." "$(ext "$ROOT_EXT" -subjectKeyIdentifier)"
SUBJECT=/ intcase subject-empty FAILURE ca.subject_empty \
  "Intermediate with an empty subject, so its leaf has an empty issuer; RFC 5280 4.1.2.4/4.1.2.6." "$INT_EXT"
SUBJECT=/ anchorcase subject-empty FAILURE ca.subject_empty \
  "Trust anchor with an empty subject; RFC 5280 4.1.2.6." "$ROOT_EXT"
leafcase keycertsign-without-ca FAILURE ca.keycertsign_without_ca \
  "Leaf with keyUsage digitalSignature,keyCertSign and CA:FALSE; RFC 5280 4.2.1.3: keyCertSign requires cA." "$(ext "$LEAF_EXT" keyUsage=critical,digitalSignature,keyCertSign)"
intcase keycertsign-without-ca FAILURE ca.keycertsign_without_ca \
  "Intermediate with keyCertSign but basicConstraints CA:FALSE; it cannot issue (RFC 5280 6.1.4(k))." "$(ext "$INT_EXT" basicConstraints=critical,CA:FALSE)"
anchorcase keycertsign-without-ca FAILURE ca.keycertsign_without_ca \
  "Trust anchor with keyCertSign but basicConstraints CA:FALSE (limbo: rfc5280::root-inconsistent-ca-extensions)." "$(ext "$ROOT_EXT" basicConstraints=critical,CA:FALSE)"
leafcase pathlen-without-ca FAILURE ca.pathlen_without_ca \
  "Leaf with basicConstraints CA:FALSE,pathlen:0; RFC 5280 4.2.1.9: pathLenConstraint only with cA." "$(ext "$LEAF_EXT" basicConstraints=critical,CA:FALSE,pathlen:0)"
anchorcase pathlen-present SUCCESS ca.root_pathlen_present \
  "Trust anchor with pathlen:1 (BR SHOULD NOT; RFC 5280 allows it and the path is within it)." "$(ext "$ROOT_EXT" basicConstraints=critical,CA:TRUE,pathlen:1)"
anchorcase eku-present SUCCESS ca.root_eku_present \
  "Trust anchor with extendedKeyUsage serverAuth (BR: roots carry none; RFC 5280 does not chain EKU)." "$(ext "$ROOT_EXT" extendedKeyUsage=serverAuth)"
intcase eku-any SUCCESS ca.eku_any \
  "Intermediate with extendedKeyUsage anyExtendedKeyUsage." "$(ext "$INT_EXT" extendedKeyUsage=anyExtendedKeyUsage)"
anchorcase eku-any SUCCESS ca.eku_any \
  "Trust anchor with extendedKeyUsage anyExtendedKeyUsage." "$(ext "$ROOT_EXT" extendedKeyUsage=anyExtendedKeyUsage)"
intcase nc-not-critical FAILURE ca.nc_not_critical \
  "Intermediate with non-critical nameConstraints permitted DNS:example.com (leaf inside); RFC 5280 4.2.1.10: MUST be critical (limbo: rfc5280::nc::permitted-dns-match-noncritical)." "$(ext "$INT_EXT" nameConstraints=permitted\;DNS:example.com)"
anchorcase nc-not-critical FAILURE ca.nc_not_critical \
  "Trust anchor with non-critical nameConstraints permitted DNS:example.com (path inside)." "$(ext "$ROOT_EXT" nameConstraints=permitted\;DNS:example.com)"
leafcase nc-in-non-ca FAILURE ca.nc_in_non_ca \
  "Leaf (CA:FALSE) with critical nameConstraints permitted DNS:example.com; RFC 5280 4.2.1.10: only in CA certificates." "$(ext "$LEAF_EXT" nameConstraints=critical,permitted\;DNS:example.com)"
intcase nc-empty FAILURE ca.nc_empty \
  "Intermediate with critical nameConstraints that is an empty SEQUENCE; RFC 5280 4.2.1.10: MUST NOT be empty." "$(ext "$INT_EXT" 2.5.29.30=critical,DER:3000)"
anchorcase nc-empty FAILURE ca.nc_empty \
  "Trust anchor with critical nameConstraints that is an empty SEQUENCE." "$(ext "$ROOT_EXT" 2.5.29.30=critical,DER:3000)"
# permitted [0] { GeneralSubtree { iPAddress 192.168.0.0 } }: no mask.
intcase nc-ip-without-mask FAILURE ca.nc_invalid_subtree \
  "Intermediate with critical nameConstraints permitting iPAddress 192.168.0.0 as 4 octets (no mask); RFC 5280 4.2.1.10 wants address and mask." "$(ext "$INT_EXT" 2.5.29.30=critical,DER:300aa00830068704c0a80000)"
anchorcase nc-ip-without-mask FAILURE ca.nc_invalid_subtree \
  "Trust anchor with critical nameConstraints permitting iPAddress 192.168.0.0 as 4 octets (no mask)." "$(ext "$ROOT_EXT" 2.5.29.30=critical,DER:300aa00830068704c0a80000)"
# permitted [0] { GeneralSubtree { dNSName example.com, minimum 1 } }
intcase nc-minimum-1 FAILURE ca.nc_invalid_subtree \
  "Intermediate with critical nameConstraints permitted DNS:example.com with minimum 1; RFC 5280 4.2.1.10: minimum MUST be 0." "$(ext "$INT_EXT" 2.5.29.30=critical,DER:3014a0123010820b6578616d706c652e636f6d800101)"
intcase nc-dns-leading-period SUCCESS ca.nc_dns_leading_period \
  "Intermediate with critical nameConstraints permitted DNS:.example.com (leading period, allowed by RFC 5280 only for e-mail and URI; NSS, Go and webpki accept it as a subdomain constraint)." "$(ext "$INT_EXT" nameConstraints=critical,permitted\;DNS:.example.com)"
anchorcase nc-dns-leading-period SUCCESS ca.nc_dns_leading_period \
  "Trust anchor with critical nameConstraints permitted DNS:.example.com." "$(ext "$ROOT_EXT" nameConstraints=critical,permitted\;DNS:.example.com)"
EDITS=corrupt-sig anchorcase self-signature-invalid SUCCESS ca.self_signature_invalid \
  "Trust anchor whose self-signature does not verify (last bit flipped); RFC 5280 6.1.1(d): an anchor's own signature is not checked." "$ROOT_EXT"
anchorcase aki-issuer-serial SUCCESS ca.root_aki_invalid \
  "Trust anchor whose authorityKeyIdentifier carries authorityCertIssuer and authorityCertSerialNumber beside keyIdentifier (BR 7.1.2.1.3; RFC 5280 allows it)." "$(ext "$ROOT_EXT" authorityKeyIdentifier=keyid:always,issuer:always)"

# --- leaf.* ------------------------------------------------------------------
leafcase san-missing FAILURE leaf.san_missing \
  "Leaf with CN=$SERVER and no subjectAltName; RFC 9525 (and RFC 6125 for Web PKI) match names in the SAN only." "$(ext "$LEAF_EXT" -subjectAltName)"
NOW='2026-09-01 00:00:00' DAYS=180 leafcase valid-180-days SUCCESS leaf.validity_too_long \
  "The counterpart of every other, 6900-day leaf (which trips leaf.validity_too_long, BR 6.3.2): this one is valid 180 days, 2026-09-01 to 2027-02-28." "$LEAF_EXT"
leafcase name-mismatch FAILURE leaf.name_mismatch \
  "Leaf with SAN DNS:other.example.com validated for $SERVER." "$(ext "$LEAF_EXT" subjectAltName=DNS:other.example.com)"
leafcase is-ca SUCCESS leaf.is_ca \
  "Leaf with basicConstraints CA:TRUE and keyUsage digitalSignature,keyCertSign; RFC 5280 lets a CA certificate be the end entity (limbo: rfc5280::ca-as-leaf)." "$(ext "$LEAF_EXT" basicConstraints=critical,CA:TRUE keyUsage=critical,digitalSignature,keyCertSign)"
leafcase ku-incompatible FAILURE leaf.ku_incompatible \
  "Leaf with keyUsage nonRepudiation only and EKU serverAuth; RFC 5280 4.2.1.12: serverAuth goes with digitalSignature, keyEncipherment or keyAgreement." "$(ext "$LEAF_EXT" keyUsage=critical,nonRepudiation)"
leafcase eku-missing SUCCESS leaf.eku_missing \
  "Leaf without extendedKeyUsage; RFC 5280 puts no limit on its purpose (BR requires serverAuth)." "$(ext "$LEAF_EXT" -extendedKeyUsage)"
leafcase eku-any SUCCESS leaf.eku_any \
  "Leaf with extendedKeyUsage anyExtendedKeyUsage." "$(ext "$LEAF_EXT" extendedKeyUsage=anyExtendedKeyUsage)"
leafcase san-critical-with-subject SUCCESS leaf.san_critical_with_subject \
  "Leaf with a subject and a critical subjectAltName (RFC 5280 4.2.1.6: SHOULD NOT)." "$(ext "$LEAF_EXT" subjectAltName=critical,DNS:$SERVER)"
SUBJECT=/CN=www.example.com leafcase cn-not-in-san SUCCESS leaf.cn_not_in_san \
  "Leaf with CN=www.example.com and SAN DNS:$SERVER only (BR 7.1.4.3)." "$LEAF_EXT"
SUBJECT=/CN=SERVER.EXAMPLE.COM leafcase cn-case-variant SUCCESS leaf.cn_misencoded \
  "Leaf with CN=SERVER.EXAMPLE.COM and SAN DNS:$SERVER: the CN is a case variant of the SAN (BR 7.1.4.3)." "$LEAF_EXT"
leafcase eku-critical SUCCESS leaf.eku_critical \
  "Leaf with a critical extendedKeyUsage serverAuth (BR: not critical; RFC 5280 allows either)." "$(ext "$LEAF_EXT" extendedKeyUsage=critical,serverAuth)"

# --- chain.* defects that sit on one certificate -----------------------------
leafcase aki-ski-mismatch FAILURE chain.aki_ski_mismatch \
  "Leaf whose authorityKeyIdentifier keyIdentifier is not the intermediate's SKI; RFC 5280 4.2.1.2 (issuer found by name only)." \
  "$(ext "$LEAF_EXT" -authorityKeyIdentifier 2.5.29.35=DER:30168014000102030405060708090a0b0c0d0e0f10111213)"
EDITS=corrupt-sig leafcase signature-invalid FAILURE chain.signature_invalid \
  "Leaf whose signature does not verify (last bit flipped)." "$LEAF_EXT"
intcase issuer-not-ca FAILURE chain.issuer_not_ca \
  "Intermediate with basicConstraints CA:FALSE and keyUsage digitalSignature issues the leaf; RFC 5280 6.1.4(k)." "$(ext "$INT_EXT" basicConstraints=critical,CA:FALSE keyUsage=critical,digitalSignature)"
anchorcase pathlen-0-with-intermediate FAILURE chain.pathlen_exceeded \
  "Trust anchor with pathlen:0 above an intermediate; RFC 5280 6.1.4(l)/(m)." "$(ext "$ROOT_EXT" basicConstraints=critical,CA:TRUE,pathlen:0)"
intcase eku-client-only-above-server-leaf SUCCESS chain.eku_not_permitted_by_issuer \
  "Intermediate with extendedKeyUsage clientAuth above a serverAuth leaf; RFC 5280 does not chain EKU (Go, Windows and NSS do)." "$(ext "$INT_EXT" extendedKeyUsage=clientAuth)"
DAYS=7200 leafcase outlives-issuer SUCCESS chain.validity_outside_issuer \
  "Leaf valid until 2045-09, after its intermediate (2045-06); RFC 5280 checks each certificate's own dates only." "$LEAF_EXT"
LEAF="$(ext "$LEAF_EXT" basicConstraints=critical,CA:TRUE keyUsage=critical,digitalSignature,keyCertSign)" intcase pathlen-0-issues-ca-leaf SUCCESS chain.subca_under_pathlen_zero \
  "Intermediate with pathlen:0 issues a cA=TRUE end entity; pathLenConstraint counts intermediates, not the leaf (RFC 5280 6.1.4(l))." "$(ext "$INT_EXT" basicConstraints=critical,CA:TRUE,pathlen:0)"
unset LEAF INT

############################################################################
# recipes.json: certificates as the usual how-tos make them.
############################################################################
R=$W/recipes; mkdir -p "$R"
(
  cd "$R"
  # 1. The classic: openssl req -x509 with Debian's openssl.cnf (v3_ca).
  faketime "$NOW" openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 \
    -subj "/C=US/O=Example/CN=Example Root CA" 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj "/C=US/O=Example/CN=Example Intermediate CA" 2>/dev/null
  printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always,issuer\n' > int.ext
  faketime "$NOW" openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 3000 -sha256 -extfile int.ext 2>/dev/null
  openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/C=US/O=Example/CN=$SERVER" 2>/dev/null
  printf 'authorityKeyIdentifier=keyid,issuer\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment\nsubjectAltName=@alt_names\n[alt_names]\nDNS.1=%s\nDNS.2=www.example.com\n' "$SERVER" > leaf.ext
  faketime "$NOW" openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -out leaf.pem -days 2000 -sha256 -extfile leaf.ext 2>/dev/null
  # The same leaf signed without -extfile: a v1 certificate, CN only.
  faketime "$NOW" openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -out leaf-noext.pem -days 2000 -sha256 2>/dev/null
  # 2. req -x509 with -addext (OpenSSL 1.1.1+ how-tos).
  faketime "$NOW" openssl req -x509 -newkey rsa:2048 -nodes -keyout addext-root.key -out addext-root.pem -days 3650 \
    -subj "/CN=Addext Root CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  # 3. The CSR carries the SAN (-addext) and the CA copies it (OpenSSL 3 -copy_extensions).
  openssl req -new -newkey rsa:2048 -nodes -keyout copy.key -out copy.csr -subj "/CN=$SERVER" \
    -addext "subjectAltName=DNS:$SERVER" -addext "extendedKeyUsage=serverAuth" 2>/dev/null
  faketime "$NOW" openssl x509 -req -in copy.csr -CA addext-root.pem -CAkey addext-root.key -CAcreateserial \
    -copy_extensions copyall -out copy.pem -days 2000 2>/dev/null
)
for f in root int leaf leaf-noext addext-root copy; do cp "$R/$f.pem" "$W/rc-$f.pem"; done
add recipes corpus::recipe::rsa-req-x509-default-config SUCCESS rc-leaf rc-root rc-int \
  "openssl req -x509 -newkey rsa:2048 -nodes (Debian openssl.cnf v3_ca) root; openssl x509 -req -CA -CAcreateserial -extfile intermediate (pathlen:0) and leaf (keyUsage digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment, SAN @alt_names, no EKU)."
add recipes corpus::recipe::leaf-signed-without-extfile FAILURE rc-leaf-noext rc-root rc-int \
  "The same leaf CSR signed with openssl x509 -req but no -extfile: a v1 certificate with the name only in the CN (RFC 9525: SAN only)."
add recipes corpus::recipe::rsa-req-x509-addext SUCCESS rc-copy rc-addext-root - \
  "Root from openssl req -x509 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign; leaf whose SAN and EKU come from the CSR (req -addext, x509 -req -copy_extensions copyall), no AKI/SKI."

# recipechain SLUG ALG DESCRIPTION: root, intermediate, leaf all of ALG.
recipechain() {
  root "p-$1-root" "/O=Example/CN=Example $1 Root CA" "$ROOT_EXT" "$2"
  inter "p-$1-int" "p-$1-root" "/O=Example/CN=Example $1 Intermediate CA" "$INT_EXT" "$2"
  issue "p-$1-leaf" "p-$1-int" "/CN=$SERVER" "$LEAF_EXT" "$2"
  add recipes "corpus::recipe::$1-chain" SUCCESS "p-$1-leaf" "p-$1-root" "p-$1-int" "$3"
}
recipechain ec-p256 ec256 "EC P-256 root, intermediate and leaf (ecdsa-with-SHA256)."
recipechain ec-p384 ec384 "EC P-384 root, intermediate and leaf (ecdsa-with-SHA256 signatures, as openssl's default digest)."
recipechain rsa-2048 rsa2048 "RSA-2048 root, intermediate and leaf (sha256WithRSAEncryption), keyUsage digitalSignature."
recipechain ed25519 ed25519 "Ed25519 root, intermediate and leaf."
issue p-ip-leaf int "/CN=192.0.2.10" "$(ext "$LEAF_EXT" "subjectAltName=IP:192.0.2.10,IP:2001:db8::10")"
add recipes corpus::recipe::leaf-san-ipv4 SUCCESS p-ip-leaf root int \
  "Leaf with SAN IP:192.0.2.10 and IP:2001:db8::10, validated for 192.0.2.10." name=IP:192.0.2.10
add recipes corpus::recipe::leaf-san-ipv6 SUCCESS p-ip-leaf root int \
  "Leaf with SAN IP:192.0.2.10 and IP:2001:db8::10, validated for 2001:db8::10." name=IP:2001:db8::10
add recipes corpus::recipe::leaf-san-ip-asked-as-dns FAILURE p-ip-leaf root int \
  "Leaf with SAN IP:192.0.2.10 only as iPAddress, validated for the DNS name $SERVER." 
issue p-dns-ip-leaf int "/CN=$SERVER" "$(ext "$LEAF_EXT" "subjectAltName=DNS:$SERVER,IP:192.0.2.10")"
add recipes corpus::recipe::leaf-san-dns-and-ip SUCCESS p-dns-ip-leaf root int \
  "Leaf with SAN DNS:$SERVER and IP:192.0.2.10, validated for the DNS name."
issue p-cn-only int "/CN=$SERVER" "$(ext "$LEAF_EXT" -subjectAltName)"
add recipes corpus::recipe::leaf-cn-only FAILURE p-cn-only root int \
  "Leaf without SAN, the name only in CN=$SERVER (RFC 9525: SAN only; OpenSSL still falls back to the CN)."
issue p-no-eku int "/CN=$SERVER" "$(ext "$LEAF_EXT" -extendedKeyUsage)"
add recipes corpus::recipe::leaf-without-eku SUCCESS p-no-eku root int \
  "Leaf without extendedKeyUsage (any purpose under RFC 5280 4.2.1.12)."
issue p-client int "/CN=$SERVER" "$(ext "$LEAF_EXT" extendedKeyUsage=clientAuth)"
add recipes corpus::recipe::leaf-client-auth-only-as-server FAILURE p-client root int \
  "Leaf with extendedKeyUsage clientAuth only, validated as a TLS server."
add recipes corpus::recipe::leaf-client-auth-only-as-client SUCCESS p-client root int \
  "Leaf with extendedKeyUsage clientAuth only, validated as a TLS client (CLIENT, EKU clientAuth, no peer name)." kind=CLIENT eku=clientAuth
# cert-manager: a selfsigned-issuer CA Certificate with isCA: true (RSA 2048
# default key), a CA Issuer using it for an isCA intermediate, and a
# Certificate with the default usages (digital signature, key encipherment).
CM_CA='basicConstraints=critical,CA:TRUE
keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign
subjectKeyIdentifier=hash'
root cm-root "/CN=cert-manager-root-ca" "$CM_CA" rsa2048
inter cm-int cm-root "/CN=cert-manager-intermediate-ca" "$CM_CA
authorityKeyIdentifier=keyid:always" rsa2048
issue cm-leaf cm-int "/" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
subjectAltName=critical,DNS:$SERVER
authorityKeyIdentifier=keyid:always" rsa2048
add recipes corpus::recipe::cert-manager-ca SUCCESS cm-leaf cm-root cm-int \
  "cert-manager-like: isCA: true root and intermediate with keyUsage digitalSignature,keyEncipherment,keyCertSign and no EKU; leaf with the default usages, no EKU, empty subject and critical SAN DNS:$SERVER (as cert-manager writes when commonName is unset)."
# Azure IoT Operations: the quickstart's root (cert-manager selfsigned, EC
# P-256) and a bring-your-own intermediate as its docs make with step-cli
# (root-ca / intermediate-ca profiles), with a broker leaf.
root aio-root "/CN=Azure IoT Operations Quickstart Root CA - Not for Production" "$CM_CA" ec256
inter aio-int aio-root "/O=Contoso/CN=Contoso AIO Intermediate CA" "basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid:always"
issue aio-leaf aio-int "/CN=aio-broker" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:aio-broker,DNS:aio-broker.azure-iot-operations.svc.cluster.local
authorityKeyIdentifier=keyid:always"
add recipes corpus::recipe::aio-quickstart SUCCESS aio-leaf aio-root aio-int \
  "Azure IoT Operations quickstart-like: P-256 root CN=Azure IoT Operations Quickstart Root CA - Not for Production (keyUsage digitalSignature,keyEncipherment,keyCertSign), P-256 intermediate pathlen:0, broker leaf aio-broker." \
  name=DNS:aio-broker.azure-iot-operations.svc.cluster.local
NOW='2026-10-01 00:00:00' DAYS=90 issue p-90-days int "/CN=$SERVER" "$LEAF_EXT"
add recipes corpus::recipe::leaf-90-days SUCCESS p-90-days root int \
  "Leaf valid 90 days, 2026-10-01 to 2026-12-30, as ACME CAs issue them."

############################################################################
# classes.json: the shapes clients are known to disagree on.
############################################################################
cls() { add classes "corpus::class::$1" "${@:2}"; }
root c-bcnc "/CN=Class Root non-critical BC" "$(ext "$ROOT_EXT" basicConstraints=CA:TRUE)"
inter c-bcnc-int c-bcnc "/CN=Class Intermediate" "$INT_EXT"
issue c-bcnc-leaf c-bcnc-int "/CN=$SERVER" "$LEAF_EXT"
cls anchor-bc-not-critical FAILURE c-bcnc-leaf c-bcnc c-bcnc-int "Trust anchor with non-critical basicConstraints CA:TRUE (RFC 5280 4.2.1.9 MUST critical)."
root c-noski "/CN=Class Root without SKI" "$(ext "$ROOT_EXT" -subjectKeyIdentifier)"
inter c-noski-int c-noski "/CN=Class Intermediate" "$(ext "$INT_EXT" -authorityKeyIdentifier "$AKID_COMPUTED")"
issue c-noski-leaf c-noski-int "/CN=$SERVER" "$LEAF_EXT"
cls anchor-without-ski FAILURE c-noski-leaf c-noski c-noski-int "Trust anchor without subjectKeyIdentifier; the intermediate's AKI keyIdentifier is the root key's SHA-1 (RFC 5280 4.2.1.2)."
inter c-ncnc root "/CN=Class Intermediate non-critical NC" "$(ext "$INT_EXT" nameConstraints=permitted\;DNS:example.com)"
issue c-ncnc-leaf c-ncnc "/CN=$SERVER" "$LEAF_EXT"
cls intermediate-nc-not-critical FAILURE c-ncnc-leaf root c-ncnc "Intermediate with non-critical nameConstraints permitted DNS:example.com; the leaf is inside (RFC 5280 4.2.1.10 MUST critical)."
inter c-noaki root "/CN=Class Intermediate without AKI" "$(ext "$INT_EXT" -authorityKeyIdentifier)"
issue c-noaki-leaf c-noaki "/CN=$SERVER" "$LEAF_EXT"
cls intermediate-without-aki FAILURE c-noaki-leaf root c-noaki "Intermediate without authorityKeyIdentifier (RFC 5280 4.2.1.1)."
SERIAL=0 issue c-serial0 int "/CN=$SERVER" "$LEAF_EXT"
cls leaf-serial-zero FAILURE c-serial0 root int "Leaf with serial number 0 (RFC 5280 4.1.2.2: positive)."
SERIAL=-0x0fedcba987654321 issue c-serialneg int "/CN=$SERVER" "$LEAF_EXT"
cls leaf-serial-negative FAILURE c-serialneg root int "Leaf with a negative serial number (-0x0fedcba987654321; RFC 5280 4.1.2.2: positive)."
root c-v1 "/CN=Class v1 Root" -
inter c-v1-int c-v1 "/CN=Class Intermediate under v1" "$(ext "$INT_EXT" -authorityKeyIdentifier "$AKID_COMPUTED")"
issue c-v1-leaf c-v1-int "/CN=$SERVER" "$LEAF_EXT"
cls v1-root SUCCESS c-v1-leaf c-v1 c-v1-int "X.509 v1 self-signed root (no extensions) as trust anchor (RFC 5280 6.1.1(d): name and key)."
many=$(for i in $(seq 1 259); do printf 'host%03d.example.com\n' "$i"; done; echo "$SERVER")
san=$(sed 's/^/DNS:/' <<< "$many" | paste -sd,)
nc=$(sed 's/^/permitted;DNS:/' <<< "$many" | paste -sd,)
inter c-nc260 root "/CN=Class Intermediate 260 permitted subtrees" "$(ext "$INT_EXT" "nameConstraints=critical,$nc")"
issue c-san260 c-nc260 "/CN=$SERVER" "$(ext "$LEAF_EXT" "subjectAltName=$san")"
cls san-260-under-nc-260 SUCCESS c-san260 root c-nc260 "Leaf with 260 DNS SANs under an intermediate with 260 permitted dNSName subtrees; every SAN is permitted (260 x 260 comparisons)."
inter c-ncex root "/CN=Class Intermediate example.com constraints" "$(ext "$INT_EXT" "nameConstraints=critical,permitted;DNS:example.com,permitted;DNS:.example.com")"
for n in example.com www.example.com evil.com; do
  issue "c-ncex-${n//./-}" c-ncex "/CN=$n" "$(ext "$LEAF_EXT" "subjectAltName=DNS:$n")"
done
cls nc-example-com-apex SUCCESS c-ncex-example-com root c-ncex "nameConstraints = critical, permitted;DNS:example.com, permitted;DNS:.example.com; leaf DNS:example.com." name=DNS:example.com
cls nc-example-com-www SUCCESS c-ncex-www-example-com root c-ncex "nameConstraints = critical, permitted;DNS:example.com, permitted;DNS:.example.com; leaf DNS:www.example.com." name=DNS:www.example.com
cls nc-example-com-evil FAILURE c-ncex-evil-com root c-ncex "nameConstraints = critical, permitted;DNS:example.com, permitted;DNS:.example.com; leaf DNS:evil.com is outside." name=DNS:evil.com
root c-sha1root "/CN=Class Root SHA-1 self-signature" "$ROOT_EXT" rsa2048 -sha1
inter c-sha1root-int c-sha1root "/CN=Class Intermediate" "$INT_EXT" rsa2048 -sha256
issue c-sha1root-leaf c-sha1root-int "/CN=$SERVER" "$LEAF_EXT" rsa2048 -sha256
cls root-sha1-self-signature SUCCESS c-sha1root-leaf c-sha1root c-sha1root-int "RSA root self-signed with sha1WithRSAEncryption over a sha256WithRSAEncryption intermediate and leaf; the anchor's own signature is not checked (RFC 5280 6.1.1(d))."
NOW='2015-01-01 00:00:00' DAYS=3650 root c-oldroot "/CN=Class Expired Root" "$ROOT_EXT"
NOW='2015-01-01 00:00:00' DAYS=3640 inter c-oldroot-int c-oldroot "/CN=Class Intermediate" "$INT_EXT"
NOW='2015-01-01 00:00:00' DAYS=3630 issue c-oldroot-leaf c-oldroot-int "/CN=$SERVER" "$LEAF_EXT"
# The expired-root class proper: only the root is out of date.
NOW='2015-01-01 00:00:00' DAYS=3650 root c-exproot "/CN=Class Expired Root 2" "$ROOT_EXT"
inter c-exproot-int c-exproot "/CN=Class Intermediate under expired root" "$INT_EXT"
issue c-exproot-leaf c-exproot-int "/CN=$SERVER" "$LEAF_EXT"
cls expired-root FAILURE c-exproot-leaf c-exproot c-exproot-int "Trust anchor valid 2015-01-01 to 2024-12-29; intermediate and leaf valid at 2026-12-01 (limbo: rfc5280::validity::expired-root)."
cls expired-whole-chain FAILURE c-oldroot-leaf c-oldroot c-oldroot-int "Root, intermediate and leaf all expired by 2026-12-01 (made in 2015 for ten years)."
NOW='2015-01-01 00:00:00' DAYS=3640 inter c-expint root "/CN=Class Expired Intermediate" "$INT_EXT"
issue c-expint-leaf c-expint "/CN=$SERVER" "$LEAF_EXT"
cls expired-intermediate FAILURE c-expint-leaf root c-expint "Intermediate valid 2015-01-01 to 2024-12-19, leaf valid at 2026-12-01."
root c-nokcs "/CN=Class Root without keyCertSign" "$(ext "$ROOT_EXT" keyUsage=critical,digitalSignature,cRLSign)"
inter c-nokcs-int c-nokcs "/CN=Class Intermediate" "$INT_EXT"
issue c-nokcs-leaf c-nokcs-int "/CN=$SERVER" "$LEAF_EXT"
cls anchor-ku-without-keycertsign FAILURE c-nokcs-leaf c-nokcs c-nokcs-int "Trust anchor CA:TRUE whose keyUsage (digitalSignature, cRLSign) lacks keyCertSign."
issue c-pathlen-leaf int "/CN=$SERVER" "$(ext "$LEAF_EXT" basicConstraints=critical,CA:FALSE,pathlen:0)"
cls leaf-pathlen-not-ca FAILURE c-pathlen-leaf root int "Leaf with basicConstraints CA:FALSE, pathlen:0 (RFC 5280 4.2.1.9: pathLenConstraint only with cA)."

############################################################################
# crl.json: CRLs with the critical issuingDistributionPoint (RFC 5280
# 5.2.5, as Amazon's CRLs carry it), made with openssl ca -gencrl.
############################################################################
CRL_URI=http://crl.example.com/corpus-intermediate.crl
inter crl-int root "/O=certgate corpus/CN=Corpus CRL Intermediate CA" "$INT_EXT"
CRL_LEAF=$(ext "$LEAF_EXT" "crlDistributionPoints=URI:$CRL_URI")
issue crl-leaf crl-int "/CN=$SERVER" "$CRL_LEAF"
issue crl-other crl-int "/CN=other.example.com" "$(ext "$CRL_LEAF" subjectAltName=DNS:other.example.com)"
# gencrl NAME WITH-IDP REVOKED-PEM...
gencrl() {
  local name=$1 idp=$2 d=$W/ca-$1; shift 2
  mkdir -p "$d"; : > "$d/index"; echo 1000 > "$d/crlnumber"
  local pem s e subj
  for pem in "$@"; do
    s=$(openssl x509 -in "$W/$pem.pem" -noout -serial | cut -d= -f2)
    e=$(date -u -d "$(openssl x509 -in "$W/$pem.pem" -noout -enddate | cut -d= -f2)" +%Y%m%d%H%M%SZ)
    subj=$(openssl x509 -in "$W/$pem.pem" -noout -subject -nameopt compat | sed 's/^subject=//')
    printf 'R\t%s\t260201000000Z,keyCompromise\t%s\tunknown\t%s\n' "$e" "$s" "$subj" >> "$d/index"
  done
  {
    printf '[ca]\ndefault_ca=ca\n[ca]\ndatabase=%s/index\ncrlnumber=%s/crlnumber\ndefault_md=sha256\ndefault_crl_days=7000\n' "$d" "$d"
    printf 'crl_extensions=crl_ext\n[crl_ext]\nauthorityKeyIdentifier=keyid:always\n'
    if [[ $idp == yes ]]; then printf 'issuingDistributionPoint=critical,@idp\n[idp]\nfullname=URI:%s\n' "$CRL_URI"; fi
  } > "$d/ca.cnf"
  NOW='2026-02-01 00:00:00' quiet ossl ca -gencrl -config "$d/ca.cnf" -cert "$W/crl-int.pem" -keyfile "$W/crl-int.key" -out "$W/$name.pem"
}
gencrl crl-idp-revokes yes crl-leaf crl-other
gencrl crl-idp-other yes crl-other
gencrl crl-plain-revokes no crl-leaf crl-other
gencrl crl-plain-other no crl-other
cr() { add crl "corpus::crl::$1" "$2" crl-leaf root crl-int "$3" "crls=$4" features=has-crl; }
cr idp-critical-revokes-leaf FAILURE "CRL of the intermediate with a critical issuingDistributionPoint (fullName URI:$CRL_URI, the leaf's CRL DP) that lists the leaf as revoked (keyCompromise)." crl-idp-revokes
cr idp-critical-leaf-not-listed SUCCESS "CRL of the intermediate with a critical issuingDistributionPoint (fullName URI:$CRL_URI, the leaf's CRL DP) that lists another certificate only." crl-idp-other
cr plain-revokes-leaf FAILURE "CRL of the intermediate without issuingDistributionPoint that lists the leaf as revoked." crl-plain-revokes
cr plain-leaf-not-listed SUCCESS "CRL of the intermediate without issuingDistributionPoint that lists another certificate only." crl-plain-other

############################################################################
# debian-anchors.json: each root of Debian 12's ca-certificates, trusted and
# presented as the peer (a chain of one), no peer name. CLIENT without EKU:
# SERVER would make OpenSSL apply the sslserver purpose, which most roots'
# keyUsage (keyCertSign, cRLSign) fails as an end entity.
############################################################################
bundle=$here/../debian-ca-certificates/ca-certificates.crt
mkdir -p "$W/deb"
awk -v dir="$W/deb" '/BEGIN CERTIFICATE/{n++} {print > (dir "/" sprintf("%04d", n) ".pem")}' "$bundle"
cutoff=$(date -u -d 2026-12-01T00:00:00Z +%s)
for f in "$W"/deb/*.pem; do
  fp=$(openssl x509 -in "$f" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr 'A-F' 'a-f')
  cn=$(openssl x509 -in "$f" -noout -subject -nameopt multiline,utf8 | sed -n 's/^ *commonName *= *//p' | head -1)
  [[ -n $cn ]] || cn=$(openssl x509 -in "$f" -noout -subject -nameopt multiline,utf8 | sed -n 's/^ *organizationalUnitName *= *//p' | head -1)
  slug=$(printf '%s' "$cn" | iconv -f utf-8 -t ascii//TRANSLIT 2>/dev/null | tr -cs 'A-Za-z0-9.' '-' | sed 's/^-*//; s/-*$//')
  [[ $slug =~ ^[A-Za-z] ]] || slug=ca-$slug
  name=deb-${fp:0:16}
  cp "$f" "$W/$name.pem"
  start=$(date -u -d "$(openssl x509 -in "$f" -noout -startdate | cut -d= -f2)" +%s)
  end=$(date -u -d "$(openssl x509 -in "$f" -noout -enddate | cut -d= -f2)" +%s)
  serial=$(openssl x509 -in "$f" -noout -serial | cut -d= -f2)
  expected=SUCCESS note=""
  if (( cutoff < start || cutoff > end )); then expected=FAILURE note=" It is outside its validity on 2026-12-01."; fi
  if [[ $serial =~ ^-|^0+$ ]]; then
    expected=FAILURE note+=" Its serial number is $serial (RFC 5280 4.1.2.2: positive), and the peer is a certificate of the path."
  fi
  add debian-anchors "corpus::debian::$slug-${fp:0:8}" "$expected" "$name" "$name" - \
    "Debian 12 ca-certificates 20230311+deb12u1 root $cn (SHA-256 $fp), trusted and presented as the peer: a chain of one, validated as CLIENT without a peer name or EKU (so no TLS purpose decides).$note" kind=CLIENT
done

python3 "$here/suites.py" "$W" "$M" "$here"
