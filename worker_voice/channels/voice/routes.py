"""The Twilio Voice webhooks, under the SMS webhook's rules: every request signature-checked by
the same check (403 and nothing stored otherwise), every field relied on of its exact shape
(400), the caller's number only as a keyed HMAC. Only CallSid, From, AccountSid, Digits,
SpeechResult and CallStatus are read; the caller-location fields Twilio adds (FromCity,
FromState, FromZip, FromCountry, CallerCity, CallerState…) are never touched.
"""

import os
import re
import secrets
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)

from ...extensions import csrf
from ..sms.routes import _account_is_ours, _public_base, signature_is_valid, simulator_enabled
from . import bp
from .engine import Event, Turn
from .prompts import STATIC_DIR, VOICES
from .service import CALL_SID, call_pseudonym, end_call, handle_call
from .twiml import render

DIGIT = re.compile(r"[0-9*#]")
TURN = re.compile(r"[0-9]{1,9}")  # ASCII only: str.isdigit() also takes '²' and '٣'
PROMPT_NAME = re.compile(r"[0-9a-f]{24}\.(wav|mp3)")
MAX_SPEECH = 500
# Twilio's final call statuses: the call is over and its record can be deleted.
ENDED = frozenset({"completed", "busy", "failed", "no-answer", "canceled"})


def prompt_dirs() -> list[Path]:
    """Where recordings are looked for: VOICE_PROMPTS_DIR (a native speaker's recordings)
    first, then the generated ones in static/voice."""
    configured = (current_app.config.get("VOICE_PROMPTS_DIR")
                  or os.environ.get("VOICE_PROMPTS_DIR"))
    return [*([Path(configured)] if configured else []), STATIC_DIR]


def _caller() -> tuple[str, str]:
    """(phone pseudonym, CallSid) of a signed request, or abort."""
    if not signature_is_valid():
        abort(403)
    call_sid = request.form.get("CallSid", "")
    if not (CALL_SID.fullmatch(call_sid) and _account_is_ours()):
        abort(400)
    key = current_app.config["PHONE_HASH_KEY"]
    return call_pseudonym(caller=request.form.get("From", ""), call_sid=call_sid,
                          key=key), call_sid


def _event() -> Event:
    if "SpeechResult" in request.form:
        return Event("speech", request.form["SpeechResult"][:MAX_SPEECH])
    digits = request.form.get("Digits", "")
    if digits == "":
        return Event("timeout")
    if not DIGIT.fullmatch(digits):
        abort(400)
    return Event("digits", digits)


def twiml(turn: Turn) -> Response:
    action = f"{_public_base()}{url_for('.step')}?turn={turn.state.turn if turn.state else 0}"
    body = render(turn, action=action, prompt_dirs=prompt_dirs(),
                  prompt_url=lambda locale, name: _public_base()
                  + url_for(".prompt", locale=locale, name=name))
    return Response(body, mimetype="application/xml")


@bp.route("/voice/inbound", methods=["POST"])
@csrf.exempt  # Twilio signs the request instead
def inbound():
    phone_hash, call_sid = _caller()
    return twiml(handle_call(phone_hash=phone_hash, call_sid=call_sid, event=Event("start"),
                             turn=None))


@bp.route("/voice/step", methods=["POST"])
@csrf.exempt  # Twilio signs the request (its URL with the turn included)
def step():
    phone_hash, call_sid = _caller()
    turn = request.args.get("turn", "")
    if not TURN.fullmatch(turn):
        abort(400)
    return twiml(handle_call(phone_hash=phone_hash, call_sid=call_sid, event=_event(),
                             turn=int(turn)))


@bp.route("/voice/status", methods=["POST"])
@csrf.exempt  # Twilio signs the request instead
def status():
    """The number's call status callback: a call over is submitted if it has an employer and
    an answer, forgotten, and deleted at Twilio."""
    phone_hash, call_sid = _caller()
    if request.form.get("CallStatus", "") in ENDED:
        end_call(phone_hash=phone_hash, call_sid=call_sid)
    return Response(status=204)


@bp.route("/voice/prompts/<locale>/<name>")
def prompt(locale: str, name: str) -> Response:
    """A recorded prompt, for Twilio's <Play> (the same for every caller: nothing private)."""
    if locale not in VOICES or not PROMPT_NAME.fullmatch(name):
        abort(404)
    for directory in prompt_dirs():
        if (directory / locale / name).is_file():
            return send_from_directory(directory / locale, name, max_age=86400)
    abort(404)


@bp.route("/voice/simulator", methods=["GET", "POST"])
def simulator():
    """Development only: a call in the browser, the spoken prompts as text, through the same
    engine and storage."""
    if not simulator_enabled():
        abort(404)
    session.setdefault("simulated_caller", f"+1555{secrets.randbelow(10**7):07d}")
    transcript = session.get("voice_transcript", [])
    if request.method == "POST":
        call, turn = session.get("voice_call"), session.get("voice_turn")
        key = current_app.config["PHONE_HASH_KEY"]
        action = request.form.get("action", "")
        if call is None or action == "call":
            call, turn, transcript = f"CA{secrets.token_hex(16)}", None, []
            event = Event("start")
        elif action == "speech":
            event = Event("speech", request.form.get("speech", "")[:MAX_SPEECH])
        elif DIGIT.fullmatch(action):
            event = Event("digits", action)
        else:
            event = Event("timeout")
        phone_hash = call_pseudonym(caller=session["simulated_caller"], call_sid=call, key=key)
        if action == "hangup":
            end_call(phone_hash=phone_hash, call_sid=call)
            transcript, result = [*transcript, ["in", "(hung up)"]], None
        else:
            result = handle_call(phone_hash=phone_hash, call_sid=call, event=event, turn=turn)
            said = event.value or {"start": "(call)", "timeout": "(silence)"}.get(event.kind, "")
            transcript = [*transcript, ["in", said],
                          *(["out", line.text] for line in result.say)]
        ended = result is None or result.listen is None
        session["voice_transcript"] = transcript[-60:]
        session["voice_call"] = None if ended else call
        session["voice_turn"] = result.state.turn if result and result.state else None
        session["voice_listen"] = result.listen.input if result and result.listen else None
        return redirect(url_for(".simulator"))
    return render_template("voice/simulator.html", transcript=transcript,
                           listen=session.get("voice_listen") if session.get("voice_call")
                           else None)
