#!/usr/bin/env python3
"""DER surgery for gen.sh: the certificate shapes the openssl CLI will not make.

openssl makes a normal certificate first; this script edits its
tbsCertificate and signs it again with the issuer's key through
`openssl dgst -sign` (RSA, ECDSA) or `openssl pkeyutl -sign -rawin` (EdDSA).
Editing the DER openssl wrote keeps every other field exactly as openssl
made it, which describing the whole TBS again for `openssl asn1parse
-genconf` would not. Standard library only.

usage: der.py IN.pem ISSUER.key OUT.pem EDIT...
       der.py keyid CERT.pem   (RFC 5280 4.2.1.2 method 1 key id, in hex)
edits:
  version=N          1, 2 or 3 (1 drops the [0] field; extensions stay)
  uids               add issuerUniqueID and subjectUniqueID
  gentime            encode notBefore and notAfter as GeneralizedTime
  swap-validity      notBefore <-> notAfter
  dup-ext=OID        append a second copy of extension OID (dotted)
  tbs-sigalg=NAME    tbsCertificate.signature := NAME (outer field kept)
  corrupt-sig        flip the last bit of the signature (after signing)
"""

import base64
import hashlib
import subprocess
import sys
import tempfile

OIDS = {
    # name: (DER of AlgorithmIdentifier, openssl digest or None for EdDSA)
    "sha1WithRSAEncryption": ("300d06092a864886f70d0101050500", "sha1"),
    "sha256WithRSAEncryption": ("300d06092a864886f70d01010b0500", "sha256"),
    "sha384WithRSAEncryption": ("300d06092a864886f70d01010c0500", "sha384"),
    "ecdsa-with-SHA1": ("300906072a8648ce3d0401", "sha1"),
    "ecdsa-with-SHA256": ("300a06082a8648ce3d040302", "sha256"),
    "ecdsa-with-SHA384": ("300a06082a8648ce3d040303", "sha384"),
    "Ed25519": ("300506032b6570", None),
    "Ed448": ("300506032b6571", None),
}


def read_tlv(data, i):
    """(tag, header+content bytes, content bytes, next index) at data[i]."""
    tag = data[i]
    length = data[i + 1]
    start = i + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[start : start + count], "big")
        start += count
    end = start + length
    return tag, data[i:end], data[start:end], end


def children(content):
    out = []
    i = 0
    while i < len(content):
        tag, whole, inner, i = read_tlv(content, i)
        out.append((tag, whole, inner))
    return out


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        header = bytes([tag, n])
    else:
        size = n.to_bytes((n.bit_length() + 7) // 8, "big")
        header = bytes([tag, 0x80 | len(size)]) + size
    return header + content


def oid_der(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([parts[0] * 40 + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body.extend(reversed(chunk))
    return tlv(0x06, bytes(body))


def gentime(whole):
    tag, _, inner, _ = read_tlv(whole, 0)
    if tag != 0x17:
        return whole
    year = int(inner[:2])
    century = b"19" if year >= 50 else b"20"
    return tlv(0x18, century + inner)


def edit_tbs(tbs, edits):
    fields = [(tag, whole) for tag, whole, _ in children(tbs)]
    tags = [tag for tag, _ in fields]

    def index(tag):
        return tags.index(tag)

    for edit in edits:
        name, _, value = edit.partition("=")
        if name == "version":
            if 0xA0 in tags:
                del fields[index(0xA0)]
            if value != "1":
                version = tlv(0xA0, tlv(0x02, bytes([int(value) - 1])))
                fields.insert(0, (0xA0, version))
        elif name == "uids":
            at = index(0xA3) if 0xA3 in tags else len(fields)
            # [1] and [2] IMPLICIT BIT STRING: 0 unused bits, two octets.
            fields[at:at] = [(0x81, tlv(0x81, b"\x00\x5a\xa5")), (0x82, tlv(0x82, b"\x00\xa5\x5a"))]
        elif name in ("gentime", "swap-validity"):
            # validity is the SEQUENCE right after the issuer Name.
            at = 4 if fields[0][0] == 0xA0 else 3
            nb, na = [whole for _, whole, _ in children(read_tlv(fields[at][1], 0)[2])]
            if name == "gentime":
                nb, na = gentime(nb), gentime(na)
            else:
                nb, na = na, nb
            fields[at] = (0x30, tlv(0x30, nb + na))
        elif name == "dup-ext":
            at = index(0xA3)
            extensions = read_tlv(read_tlv(fields[at][1], 0)[2], 0)[2]
            wanted = oid_der(value)
            items = [whole for _, whole, inner in children(extensions)]
            copies = [w for w in items if read_tlv(w, 0)[2].startswith(wanted)]
            if not copies:
                sys.exit(f"der.py: no extension {value} to duplicate")
            items.append(copies[0])
            fields[at] = (0xA3, tlv(0xA3, tlv(0x30, b"".join(items))))
        elif name == "tbs-sigalg":
            at = 2 if fields[0][0] == 0xA0 else 1
            fields[at] = (0x30, bytes.fromhex(OIDS[value][0]))
        elif name == "corrupt-sig":
            pass
        else:
            sys.exit(f"der.py: unknown edit {edit}")
        tags = [tag for tag, _ in fields]
    return tlv(0x30, b"".join(whole for _, whole in fields))


def sign(tbs, key, algorithm_der):
    digest = next((d for a, d in OIDS.values() if bytes.fromhex(a) == algorithm_der), "?")
    if digest == "?":
        sys.exit("der.py: unknown signature algorithm of the template")
    with tempfile.NamedTemporaryFile() as data:
        data.write(tbs)
        data.flush()
        if digest is None:
            command = ["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", data.name]
        else:
            command = ["openssl", "dgst", "-" + digest, "-sign", key, data.name]
        return subprocess.run(command, check=True, capture_output=True).stdout


def read_pem(path):
    text = open(path).read()
    return base64.b64decode("".join(line for line in text.splitlines() if "-----" not in line))


def keyid(path):
    """SHA-1 of the subjectPublicKey bits: what openssl's `hash` puts in SKI."""
    tbs = children(read_tlv(read_pem(path), 0)[2])[0][2]
    fields = children(tbs)
    spki = fields[6 if fields[0][0] == 0xA0 else 5][2]
    bits = children(spki)[1][2]
    return hashlib.sha1(bits[1:]).hexdigest()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "keyid":
        print(keyid(sys.argv[2]))
        return
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    source, key, target, *edits = sys.argv[1:]
    der = read_pem(source)
    tbs, algorithm, _ = [whole for _, whole, _ in children(read_tlv(der, 0)[2])]
    new_tbs = edit_tbs(read_tlv(tbs, 0)[2], edits)
    signature = bytearray(sign(new_tbs, key, algorithm))
    if "corrupt-sig" in edits:
        signature[-1] ^= 0x01
    certificate = tlv(0x30, new_tbs + algorithm + tlv(0x03, b"\x00" + bytes(signature)))
    encoded = base64.b64encode(certificate).decode()
    lines = [encoded[i : i + 64] for i in range(0, len(encoded), 64)]
    with open(target, "w") as out:
        out.write("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n")


if __name__ == "__main__":
    main()
