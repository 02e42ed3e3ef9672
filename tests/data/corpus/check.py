#!/usr/bin/env python3
"""Runs `openssl verify` on limbo-format suites: one line per case.

usage: check.py SUITE.json... [--strict]
Prints: id, expected, openssl's verdict (OK, or the first error), with
-attime from validation_time, -purpose sslserver/sslclient from the kind,
-verify_hostname/-verify_ip from the peer name and -crl_check with CRLs.
--strict adds -x509_strict. A quick check of what a case exercises; the
real per-client runs are the differential runners'. Standard library only.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile


def verify(case, strict, work):
    def write(name, pems):
        path = os.path.join(work, name)
        with open(path, "w") as f:
            f.write("".join(pems))
        return path

    when = datetime.datetime.fromisoformat(case["validation_time"].replace("Z", "+00:00"))
    command = ["openssl", "verify", "-attime", str(int(when.timestamp()))]
    command += ["-CAfile", write("trusted.pem", case["trusted_certs"])]
    if case["untrusted_intermediates"]:
        command += ["-untrusted", write("untrusted.pem", case["untrusted_intermediates"])]
    if case["validation_kind"] == "SERVER":
        command += ["-purpose", "sslserver"]
        name = case.get("expected_peer_name")
        if name:
            command += ["-verify_ip" if name["kind"] == "IP" else "-verify_hostname", name["value"]]
    elif "clientAuth" in case["extended_key_usage"]:
        command += ["-purpose", "sslclient"]
    if case["crls"]:
        command += ["-crl_check", "-CRLfile", write("crls.pem", case["crls"])]
    if strict:
        command.append("-x509_strict")
    command.append(write("peer.pem", [case["peer_certificate"]]))
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode == 0:
        return "OK"
    for line in (run.stdout + run.stderr).splitlines():
        if line.startswith("error "):
            return line.split(": ", 1)[-1].strip()
    lines = (run.stderr or run.stdout).strip().splitlines()
    return "error: " + (lines[-1] if lines else "?")


def main():
    strict = "--strict" in sys.argv
    with tempfile.TemporaryDirectory() as work:
        for path in [a for a in sys.argv[1:] if a != "--strict"]:
            for case in json.load(open(path))["testcases"]:
                verdict = verify(case, strict, work)
                agree = (verdict == "OK") == (case["expected_result"] == "SUCCESS")
                print(f"{case['id']}\t{case['expected_result']}\t{'' if agree else '!'}{verdict}")


if __name__ == "__main__":
    main()
