#!/usr/bin/env python3
"""Writes gen.sh's cases as limbo-format suites (schema: x509-limbo README).

usage: suites.py WORKDIR MANIFEST OUTDIR
MANIFEST: one case a line, tab-separated:
  suite id expected peer trusted untrusted crls kind name eku features description
trusted/untrusted/crls/eku/features: space-separated, "-" for none; peer and
the certificate names are files WORKDIR/NAME.pem; name is KIND:VALUE or "-".
Standard library only.
"""

import json
import os
import re
import sys

ID = re.compile(r"^([A-Za-z][A-Za-z0-9-.]+::)*[A-Za-z][A-Za-z0-9-.]+$")
VALIDATION_TIME = "2026-12-01T00:00:00Z"


def names(field):
    return [] if field == "-" else field.split()


def main():
    work, manifest, out = sys.argv[1:]

    def pem(name):
        with open(os.path.join(work, name + ".pem")) as f:
            return f.read()

    suites = {}
    seen = set()
    for line in open(manifest):
        fields = line.rstrip("\n").split("\t")
        suite, ident, expected, peer, trusted, untrusted, crls, kind, name, eku, features, description = fields
        if not ID.match(ident) or ident in seen:
            sys.exit(f"suites.py: bad or repeated id {ident}")
        if expected not in ("SUCCESS", "FAILURE"):
            sys.exit(f"suites.py: {ident}: expected {expected}")
        seen.add(ident)
        peer_name = None
        if name != "-":
            kind_of_name, value = name.split(":", 1)
            peer_name = {"kind": kind_of_name, "value": value}
        case = {
            "id": ident,
            "conflicts_with": [],
            "features": names(features),
            "importance": "undetermined",
            "description": description,
            "validation_kind": kind,
            "trusted_certs": [pem(n) for n in names(trusted)],
            "untrusted_intermediates": [pem(n) for n in names(untrusted)],
            "peer_certificate": pem(peer),
            "peer_certificate_key": None,
            "validation_time": VALIDATION_TIME,
            "signature_algorithms": [],
            "key_usage": [],
            "extended_key_usage": names(eku),
            "expected_result": expected,
            "expected_peer_name": peer_name if kind == "SERVER" else None,
            "expected_peer_names": [peer_name] if kind == "CLIENT" and peer_name else [],
            "max_chain_depth": None,
            "crls": [pem(n) for n in names(crls)],
        }
        suites.setdefault(suite, []).append(case)
    for suite, cases in suites.items():
        with open(os.path.join(out, suite + ".json"), "w") as f:
            json.dump({"version": 1, "testcases": cases}, f, indent=1)
            f.write("\n")
        print(f"{suite}.json: {len(cases)} cases")


if __name__ == "__main__":
    main()
