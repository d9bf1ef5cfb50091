"""Short receipt codes a worker can read out, type on a keypad or text back.

Only a keyed hash of a code is stored. The code itself reaches the worker on the thank-you page
or in the last SMS, which the phone company logs next to the number: a stored code would join
that log to the report. The key is derived from PHONE_HASH_KEY under its own label, so a receipt
hash and a phone pseudonym can never be compared with each other.
"""

import hashlib
import hmac
import unicodedata

from flask import current_app

# No 0/O, 1/I/L, so a code read aloud or copied by hand survives.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def _key(label: bytes) -> bytes:
    secret = current_app.config["PHONE_HASH_KEY"].encode()
    return hmac.new(secret, b"worker-voice " + label, hashlib.sha256).digest()


def _code_from(digest: bytes) -> str:
    number = int.from_bytes(digest, "big")
    letters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def new_receipt_code(*, submission: str, attempt: int = 0) -> str:
    """The code of a submission: the same for every retry of one form (its random key), so a
    retried request shows the worker the code of the report stored the first time, which the
    database cannot give back. `attempt` draws another code after a (rare) collision.

    The form's key is stored only as a plain hash: without the key itself no one can work out a
    code from the database. A submission without a key (SMS) passes a fresh random value."""
    message = f"{attempt}:{submission}".encode()
    return _code_from(hmac.new(_key(b"receipt codes"), message, hashlib.sha256).digest())


def hash_receipt(code: str) -> str:
    """What is stored of a code (eight characters, as parse_receipt returns them)."""
    return hmac.new(_key(b"receipt hashes"), code.encode(), hashlib.sha256).hexdigest()


def display_receipt(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def parse_receipt(text: str) -> str:
    """The code's letters and digits as typed, in any width a phone's keyboard gives them
    (NFKC: full-width ＫＨＤＥ－ＱＰＶＪ is KHDE-QPVJ)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch in ALPHABET)


def hash_idempotency_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
