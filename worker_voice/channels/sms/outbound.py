"""Replies sent through the SMS gateway instead of the webhook's TwiML (SMS_REPLY_MODE=gateway).

Only ever a reply to a message that just arrived: the job is created by the webhook after its
commit, expires after ten minutes, and is dropped if the sender opted out meanwhile. The job's
arguments are one sealed blob (AES-GCM under a key derived from PHONE_HASH_KEY) holding the
number, its pseudonym and the replies (a receipt code among them), and when it goes stale: RQ
stores a job's arguments in Redis, and its description repeats them, so Redis never holds a
number, a reply or a code in the clear. RQ keeps no result.

Each reply sent is kept as a pending deletion at Twilio (`forget.forget_later`); Twilio's status
callback (to /sms/status, when PUBLIC_BASE_URL is set) deletes it as soon as it is final.
"""

import base64
import hashlib
import json
import os
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from ...extensions import db
from ...gateways.sms import sms_gateway
from ...jobs import enqueue
from ...models import SmsOptOut
from .forget import forget_later

REPLY_WITHIN = timedelta(minutes=10)


def _cipher() -> AESGCM:
    key = current_app.config["PHONE_HASH_KEY"].encode()
    return AESGCM(hashlib.sha256(b"worker-voice outbound sms:" + key).digest())


def seal(text: str) -> str:
    nonce = os.urandom(12)
    return base64.b64encode(nonce + _cipher().encrypt(nonce, text.encode(), None)).decode()


def unseal(sealed: str) -> str:
    raw = base64.b64decode(sealed)
    return _cipher().decrypt(raw[:12], raw[12:], None).decode()


def queue_replies(*, to: str, phone_hash: str, replies: list[str]) -> None:
    """Send the replies once the transaction that produced them commits."""
    if not replies:
        return
    not_after = (datetime.now(UTC) + REPLY_WITHIN).isoformat()
    sealed = seal(json.dumps({"to": to, "phone_hash": phone_hash, "replies": replies}))
    enqueue(send_replies, sealed=sealed, not_after=not_after)


def status_callback_url() -> str | None:
    """Where Twilio reports the status of a reply (the job has no request: the configured
    public address, or none)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    return f"{base.rstrip('/')}/sms/status" if base else None


def send_replies(*, sealed: str, not_after: str) -> int:
    """The job: send the replies unless they are stale or the sender opted out. Returns sent."""
    if datetime.now(UTC) > datetime.fromisoformat(not_after):
        return 0
    message = json.loads(unseal(sealed))
    if db.session.get(SmsOptOut, message["phone_hash"]) is not None:
        return 0
    gateway, callback = sms_gateway(), status_callback_url()
    sids = [gateway.send(to=message["to"], body=reply, status_callback=callback)
            for reply in message["replies"]]
    forget_later(sids)
    return len(sids)
