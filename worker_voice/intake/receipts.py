"""Short receipt codes a worker can read out, type on a keypad or text back."""

import hashlib
import secrets

# No 0/O, 1/I/L, so a code read aloud or copied by hand survives.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def new_receipt_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display_receipt(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def parse_receipt(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch in ALPHABET)


def hash_idempotency_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
