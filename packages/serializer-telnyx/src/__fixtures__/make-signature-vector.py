"""Computes the fixed Telnyx webhook signature vector in telnyx-signature-vector.json.

Independent of our TypeScript code: Python `cryptography` Ed25519 with the RFC 8032 section 7.1
TEST 1 key, signing `timestamp + "|" + raw body` exactly as Telnyx does. Run from this folder:
    python3 make-signature-vector.py > telnyx-signature-vector.json
"""
import base64
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

RFC8032_TEST1_SECRET = bytes.fromhex(
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
)
TIMESTAMP = "1700000000"

with open("webhook-payload.json", "rb") as payload_file:
    raw_body = payload_file.read()

private_key = Ed25519PrivateKey.from_private_bytes(RFC8032_TEST1_SECRET)
public_key = private_key.public_key()
signature = private_key.sign(TIMESTAMP.encode() + b"|" + raw_body)

print(
    json.dumps(
        {
            "source": "python cryptography Ed25519, RFC 8032 7.1 TEST 1 key, body = webhook-payload.json",
            "privateKeyHex": RFC8032_TEST1_SECRET.hex(),
            "publicKeyBase64": base64.b64encode(
                public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
            ).decode(),
            "publicKeyPem": public_key.public_bytes(
                Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
            ).decode(),
            "timestamp": TIMESTAMP,
            "signatureBase64": base64.b64encode(signature).decode(),
        },
        indent=2,
    )
)
