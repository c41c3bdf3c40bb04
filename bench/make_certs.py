#!/usr/bin/env python3
"""Self-signed ECDSA P-256 certificates for the scale bench, many times faster than one openssl per host.

Usage: make_certs.py DIR N
Writes DIR/mta-sts.dI.example/{fullchain.pem,privkey.pem} for I in 0..N-1 (what bench/scale.sh serves),
skipping hosts that already have both files; runs one process per core.
"""
import datetime
import multiprocessing
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make(args):
    root, i = args
    host = f"mta-sts.d{i}.example"
    d = os.path.join(root, host)
    if os.path.exists(os.path.join(d, "fullchain.pem")) and os.path.exists(os.path.join(d, "privkey.pem")):
        return
    os.makedirs(d, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(key, hashes.SHA256()))
    write(os.path.join(d, "privkey.pem"), key.private_bytes(serialization.Encoding.PEM,
          serialization.PrivateFormat.PKCS8, serialization.NoEncryption()), 0o600)
    write(os.path.join(d, "fullchain.pem"), cert.public_bytes(serialization.Encoding.PEM), 0o644)


def write(path, data, mode):
    tmp = path + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    root, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(root, exist_ok=True)
    with multiprocessing.Pool() as pool:
        for _ in pool.imap_unordered(make, ((root, i) for i in range(n)), chunksize=500):
            pass


if __name__ == "__main__":
    main()
