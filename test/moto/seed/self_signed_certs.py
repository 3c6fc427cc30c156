"""Self-signed certificates with chosen validity dates, for importing into moto's ACM.

Reads a JSON list of {"domain", "notBefore", "notAfter"} (ISO-8601) on stdin and prints a JSON list of
{"certificate", "privateKey"} (PEM). Uses `cryptography`, which moto itself depends on.
"""
import datetime
import json
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def parse(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def certificate(domain: str, not_before: str, not_after: str) -> dict:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(parse(not_before))
        .not_valid_after(parse(not_after))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return {
        "certificate": cert.public_bytes(serialization.Encoding.PEM).decode(),
        "privateKey": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        ).decode(),
    }


if __name__ == "__main__":
    requests = json.load(sys.stdin)
    json.dump([certificate(r["domain"], r["notBefore"], r["notAfter"]) for r in requests], sys.stdout)
