#!/usr/bin/env python3
"""Does pyca/cryptography parse these certificate files? For tests/pyca_vectors.rs.

Reads file paths from stdin, one a line. Prints one JSON object a line:
first {"cryptography": VERSION, "cryptography_vectors": VERSION}, then for
each file {"path": PATH, "parsed": BOOL, "count": N, "error": TEXT|null}.
A file parses when every certificate in it loads (load_pem_x509_certificates
for .pem, load_der_x509_certificate otherwise) and its extensions decode
(cryptography decodes them lazily, on first access of .extensions).
"""

import json
import sys

import cryptography
from cryptography import x509

try:
    import cryptography_vectors

    VECTORS = cryptography_vectors.__version__
except ImportError:
    VECTORS = None


def parse(path):
    data = open(path, "rb").read()
    if path.endswith(".pem"):
        certificates = x509.load_pem_x509_certificates(data)
    else:
        certificates = [x509.load_der_x509_certificate(data)]
    for certificate in certificates:
        certificate.extensions
    return len(certificates)


def main():
    print(json.dumps({"cryptography": cryptography.__version__, "cryptography_vectors": VECTORS}))
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        try:
            count, error = parse(path), None
        except Exception as exc:  # any failure means "pyca does not parse it"
            count, error = 0, f"{type(exc).__name__}: {exc}"
        print(json.dumps({"path": path, "parsed": error is None, "count": count, "error": error}))


if __name__ == "__main__":
    main()
