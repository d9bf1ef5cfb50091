"""The Twilio Messaging webhook. Only Body, From and MessageSid are read; the caller-location
fields Twilio adds (FromCity, FromState, FromZip, FromCountry) are never touched."""

import secrets

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
from .outbound import queue_replies
from .service import handle_inbound, pseudonym, split_sender


def public_url() -> str:
    """The URL Twilio signed: the configured public base (TLS proxies rewrite the scheme)."""
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    query = request.query_string.decode()
    return base.rstrip("/") + request.path + (f"?{query}" if query else "")


def signature_is_valid() -> bool:
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(public_url(), request.form, signature)


@bp.route("/sms/inbound", methods=["POST"])
@csrf.exempt  # Twilio signs the request instead
def inbound():
    if not signature_is_valid():
        abort(403)
    sender, message_sid = request.form.get("From", ""), request.form.get("MessageSid", "")
    if not sender or not message_sid:
        abort(400)
    channel, number = split_sender(sender)
    key = current_app.config["PHONE_HASH_KEY"]
    phone_hash = pseudonym(number, key)
    result = handle_inbound(
        phone_hash=phone_hash,
        channel=channel,
        text=request.form.get("Body", ""),
        message_hash=pseudonym(f"message:{message_sid}", key),
    )
    twiml = MessagingResponse()
    if current_app.config["SMS_REPLY_MODE"] == "gateway":
        if not result.repeated:  # a retry's replies were queued the first time
            queue_replies(to=sender, phone_hash=phone_hash, replies=result.replies)
    else:
        for reply in result.replies:
            twiml.message(reply)
    return Response(str(twiml), mimetype="application/xml")


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
        replies = handle_inbound(
            phone_hash=pseudonym(session["simulated_phone"], key), channel="sms", text=text,
            message_hash=pseudonym(f"sim:{secrets.token_hex(16)}", key),
        ).replies
        transcript = [*transcript, ["in", text], *(["out", reply] for reply in replies)][-40:]
        session["sms_transcript"] = transcript
        return redirect(url_for(".simulator"))
    return render_template("sms/simulator.html", transcript=transcript)
