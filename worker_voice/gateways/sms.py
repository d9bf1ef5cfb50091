"""Sending SMS/WhatsApp messages and deleting Twilio's copies of them: Twilio's REST API in
production, an in-memory fake otherwise."""

import itertools
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, current_app
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import HttpClient
from twilio.rest import Client


class NotDeletedYet(Exception):
    """Twilio kept the message for now: not in a final state yet, or Twilio could not be
    reached. Try again later."""


class SmsGateway(Protocol):
    def send(self, *, to: str, body: str, status_callback: str | None = None) -> str:
        """Send one message; returns its Twilio SID."""
        ...

    def delete_message(self, sid: str) -> None:
        """Delete Twilio's record of a message (inbound or outbound); one already gone counts
        as deleted. Raises NotDeletedYet when Twilio keeps it for now."""
        ...

    def delete_call(self, sid: str) -> None:
        """Delete Twilio's record of a finished call (with what Twilio deletes with it; calls
        here record nothing); one already gone counts as deleted. Raises NotDeletedYet when
        Twilio keeps it for now (a call in progress)."""
        ...


@dataclass
class FakeSmsGateway:
    """Keeps what would have been sent and deleted, for tests and for running without a Twilio
    account. SIDs in `not_final` refuse deletion, as Twilio refuses a message still sending."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    sids: list[str] = field(default_factory=list)  # the SID of each message in `sent`
    callbacks: list[str | None] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    deleted_calls: list[str] = field(default_factory=list)
    not_final: set[str] = field(default_factory=set)  # message or call SIDs
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def send(self, *, to: str, body: str, status_callback: str | None = None) -> str:
        sid = f"SM{next(self._numbers):032x}"
        self.sent.append((to, body))
        self.sids.append(sid)
        self.callbacks.append(status_callback)
        return sid

    def delete_message(self, sid: str) -> None:
        if sid in self.not_final:
            raise NotDeletedYet(sid)
        self.deleted.append(sid)

    def delete_call(self, sid: str) -> None:
        if sid in self.not_final:
            raise NotDeletedYet(sid)
        self.deleted_calls.append(sid)


class TwilioSmsGateway:
    def __init__(self, *, account_sid: str, auth_token: str, from_number: str,
                 http_client: HttpClient | None = None):
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.from_number = from_number

    def send(self, *, to: str, body: str, status_callback: str | None = None) -> str:
        sender = self.from_number
        if to.startswith("whatsapp:") and not sender.startswith("whatsapp:"):
            sender = f"whatsapp:{sender}"
        if status_callback:
            message = self.client.messages.create(to=to, from_=sender, body=body,
                                                  status_callback=status_callback)
        else:
            message = self.client.messages.create(to=to, from_=sender, body=body)
        return str(message.sid)

    def delete_message(self, sid: str) -> None:
        try:
            self.client.messages(sid).delete()
        except TwilioRestException as error:
            if error.status == 404:  # already gone
                return
            # Twilio refuses to delete a message that is not final yet (and may fail now and
            # then); the error names the SID only.
            raise NotDeletedYet(sid) from None
        except TwilioException:
            raise NotDeletedYet(sid) from None
        except OSError:  # the network
            raise NotDeletedYet(sid) from None

    def delete_call(self, sid: str) -> None:
        try:
            self.client.calls(sid).delete()
        except TwilioRestException as error:
            if error.status == 404:  # already gone
                return
            raise NotDeletedYet(sid) from None  # a call in progress cannot be deleted yet
        except (TwilioException, OSError):
            raise NotDeletedYet(sid) from None


def init_app(app: Flask) -> None:
    kind = app.config.get("SMS_GATEWAY") or ("twilio" if app.config["TWILIO_ACCOUNT_SID"] else
                                             "fake")
    if kind == "twilio":
        gateway: SmsGateway = TwilioSmsGateway(
            account_sid=app.config["TWILIO_ACCOUNT_SID"],
            auth_token=app.config["TWILIO_AUTH_TOKEN"],
            from_number=app.config["TWILIO_FROM_NUMBER"],
        )
    elif kind == "fake":
        gateway = FakeSmsGateway()
    else:
        raise ValueError(f"SMS_GATEWAY must be twilio or fake, got {kind!r}")
    app.extensions["sms_gateway"] = gateway


def sms_gateway() -> SmsGateway:
    return current_app.extensions["sms_gateway"]
