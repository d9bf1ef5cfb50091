"""Replies sent through the SMS gateway instead of the webhook's TwiML (SMS_REPLY_MODE=gateway).

Only ever a reply to a message that just arrived: the job is created by the webhook after its
commit, expires after ten minutes, and is dropped if the sender opted out meanwhile. The number
travels through the queue sealed (AES-GCM under a key derived from PHONE_HASH_KEY), so Redis
never holds it in the clear, and RQ keeps no result.
"""

import base64
import hashlib
import os
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from ...extensions import db
from ...gateways.sms import sms_gateway
from ...jobs import enqueue
from ...models import SmsOptOut

REPLY_WITHIN = timedelta(minutes=10)


def _cipher() -> AESGCM:
    key = current_app.config["PHONE_HASH_KEY"].encode()
    return AESGCM(hashlib.sha256(b"worker-voice outbound sms:" + key).digest())


def seal(number: str) -> str:
    nonce = os.urandom(12)
    return base64.b64encode(nonce + _cipher().encrypt(nonce, number.encode(), None)).decode()


def unseal(sealed: str) -> str:
    raw = base64.b64decode(sealed)
    return _cipher().decrypt(raw[:12], raw[12:], None).decode()


def queue_replies(*, to: str, phone_hash: str, replies: list[str]) -> None:
    """Send the replies once the transaction that produced them commits."""
    if not replies:
        return
    not_after = (datetime.now(UTC) + REPLY_WITHIN).isoformat()
    enqueue(send_replies, sealed_to=seal(to), phone_hash=phone_hash,
                        replies=replies, not_after=not_after)


def send_replies(*, sealed_to: str, phone_hash: str, replies: list[str], not_after: str) -> int:
    """The job: send the replies unless they are stale or the sender opted out. Returns sent."""
    if datetime.now(UTC) > datetime.fromisoformat(not_after):
        return 0
    if db.session.get(SmsOptOut, phone_hash) is not None:
        return 0
    to, gateway = unseal(sealed_to), sms_gateway()
    for reply in replies:
        gateway.send(to=to, body=reply)
    return len(replies)
