"""The Twilio Messaging webhooks. Only Body, From, MessageSid and AccountSid are read (and, on
status callbacks, MessageStatus); the caller-location fields Twilio adds (FromCity, FromState,
FromZip, FromCountry) are never touched.

Twilio's signature is an HMAC over the URL and the sorted names and values glued together, with
no separators: a value's tail can be moved into the next name without changing it (MessageSid
`SMx…` + `NumMedia=0` signs like `MessageSid=SMx…NumMedia0`). So every field relied on must have
its exact shape, or the request is refused (400) before anything is stored.
"""

import re
import secrets
from dataclasses import replace

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from ...extensions import csrf
from . import bp
from .contact_requests import keep_contact
from .forget import FINAL_STATUSES, SID, forget_messages
from .outbound import queue_replies
from .service import handle_inbound, pseudonym, split_sender, wire_replies

SENDER = re.compile(r"(whatsapp:)?\+[1-9][0-9]{6,14}")  # E.164, on SMS or WhatsApp


def _public_base() -> str:
    return (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")


def public_url() -> str:
    """The URL Twilio signed: the configured public base (TLS proxies rewrite the scheme)."""
    query = request.query_string.decode()
    return _public_base() + request.path + (f"?{query}" if query else "")


def signature_is_valid() -> bool:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(public_url(), request.form, signature)


def _account_is_ours() -> bool:
    expected = current_app.config.get("TWILIO_ACCOUNT_SID")
    return not expected or request.form.get("AccountSid") == expected


@bp.route("/sms/inbound", methods=["POST"])
@csrf.exempt  # Twilio signs the request instead
def inbound():
    if not signature_is_valid():
        abort(403)
    sender, message_sid = request.form.get("From", ""), request.form.get("MessageSid", "")
    if not (SID.fullmatch(message_sid) and SENDER.fullmatch(sender) and _account_is_ours()):
        abort(400)
    channel, number = split_sender(sender)
    key = current_app.config["PHONE_HASH_KEY"]
    phone_hash = pseudonym(number, key)
    result = handle_inbound(
        phone_hash=phone_hash,
        channel=channel,
        text=request.form.get("Body", ""),
        message_hash=pseudonym(f"message:{message_sid}", key),
        message_sid=message_sid,
    )
    if result.contact is not None:  # JOIN: the number goes to the contacts service only
        result = replace(result, replies=[*result.replies,
                                          keep_contact(result.contact, number=number)])
    if result.opt_out or result.opt_in:  # as the engine read it (a retry reads nothing)
        # STOP also ends every organization's messages to this phone's contact requests, and
        # START brings them back.
        from ...contacts import opt_in, opt_out  # here: contacts sends through this package

        (opt_out if result.opt_out else opt_in)(phone=number)
    twiml = MessagingResponse()
    replies = wire_replies(result, channel=channel)  # the one place replies leave
    # A retried delivery was answered the first time: it gets nothing now, in either mode.
    if current_app.config["SMS_REPLY_MODE"] == "gateway":
        queue_replies(to=sender, phone_hash=phone_hash, replies=replies)
    elif replies:
        status_url = f"{_public_base()}/sms/status"  # beside the URL Twilio signs
        for reply in replies:
            twiml.message(reply, action=status_url)  # Twilio reports its status there
    return Response(str(twiml), mimetype="application/xml")


@bp.route("/sms/status", methods=["POST"])
@csrf.exempt  # Twilio signs the request instead
def status():
    """Twilio's status callback for a reply: once its status is final, Twilio's record of it
    is deleted (a job holding its SID only). The callback also names the phone (To): it is not
    read, stored or logged."""
    if not signature_is_valid():
        abort(403)
    message_sid = request.form.get("MessageSid", "")
    if not (SID.fullmatch(message_sid) and _account_is_ours()):
        abort(400)
    if request.form.get("MessageStatus", "") in FINAL_STATUSES:
        forget_messages([message_sid])
    return Response(status=204)


def simulator_enabled() -> bool:
    return current_app.debug or current_app.config["WORKER_VOICE_ENV"] == "development"


@bp.route("/sms/simulator", methods=["GET", "POST"])
def simulator():
    """Development only: the SMS conversation in a browser, through the same engine and storage."""
    if not simulator_enabled():
        abort(404)
    # A made-up sender per browser session; like a real one, only its pseudonym is stored.
    session.setdefault("simulated_phone", f"sim-{secrets.token_hex(8)}")
    transcript = session.get("sms_transcript", [])
    if request.method == "POST":
        text = request.form.get("body", "")
        key = current_app.config["PHONE_HASH_KEY"]
        replies = wire_replies(handle_inbound(
            phone_hash=pseudonym(session["simulated_phone"], key), channel="sms", text=text,
            message_hash=pseudonym(f"sim:{secrets.token_hex(16)}", key),
        ), channel="sms")
        transcript = [*transcript, ["in", text], *(["out", reply] for reply in replies)][-40:]
        session["sms_transcript"] = transcript
        return redirect(url_for(".simulator"))
    return render_template("sms/simulator.html", transcript=transcript)
