"""Encryption of contact requests at rest, under CONTACT_KEY (kept out of the database).

A contact's personal fields are sealed together as one AES-GCM blob: a random 96-bit nonce, then
the ciphertext with its tag, in base64. The organization's id is authenticated with it, so a
blob copied onto another organization's row does not open. Keys are derived from CONTACT_KEY
under their own labels, so the cipher key and the phone-hash key are never the same bytes.
"""

import base64
import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

NONCE = 12

__all__ = ["InvalidTag", "phone_hash", "seal", "unseal"]


def _key(label: bytes, secret: str | None) -> bytes:
    secret = secret if secret is not None else current_app.config["CONTACT_KEY"]
    return hmac.new(secret.encode(), b"worker-voice contact " + label, hashlib.sha256).digest()


def _aad(organization_id: int) -> bytes:
    return f"contact of organization {organization_id}".encode()


def seal(fields: dict[str, str | None], *, organization_id: int,
         secret: str | None = None) -> str:
    nonce = os.urandom(NONCE)
    plain = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
    sealed = AESGCM(_key(b"seal", secret)).encrypt(nonce, plain, _aad(organization_id))
    return base64.b64encode(nonce + sealed).decode()


def unseal(blob: str, *, organization_id: int, secret: str | None = None) -> dict:
    """The fields again; raises InvalidTag with a wrong key or a blob that was tampered with."""
    raw = base64.b64decode(blob)
    plain = AESGCM(_key(b"seal", secret)).decrypt(raw[:NONCE], raw[NONCE:],
                                                  _aad(organization_id))
    return json.loads(plain)


def phone_hash(phone: str, *, secret: str | None = None) -> str:
    """HMAC-SHA256 of an E.164 number, to find a phone's contacts when it texts STOP."""
    return hmac.new(_key(b"phone", secret), phone.encode(), hashlib.sha256).hexdigest()
