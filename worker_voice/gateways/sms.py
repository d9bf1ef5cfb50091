"""Sending SMS/WhatsApp messages: Twilio's REST API in production, an in-memory fake otherwise."""

from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, current_app
from twilio.http import HttpClient
from twilio.rest import Client


class SmsGateway(Protocol):
    def send(self, *, to: str, body: str) -> None: ...


@dataclass
class FakeSmsGateway:
    """Keeps what would have been sent, for tests and for running without a Twilio account."""

    sent: list[tuple[str, str]] = field(default_factory=list)

    def send(self, *, to: str, body: str) -> None:
        self.sent.append((to, body))


class TwilioSmsGateway:
    def __init__(self, *, account_sid: str, auth_token: str, from_number: str,
                 http_client: HttpClient | None = None):
        self.client = Client(account_sid, auth_token, http_client=http_client)
        self.from_number = from_number

    def send(self, *, to: str, body: str) -> None:
        sender = self.from_number
        if to.startswith("whatsapp:") and not sender.startswith("whatsapp:"):
            sender = f"whatsapp:{sender}"
        self.client.messages.create(to=to, from_=sender, body=body)


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
