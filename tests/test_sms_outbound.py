"""Replies through the SMS gateway after the commit, inline or on Redis + RQ."""

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from twilio.http import HttpClient
from twilio.http.response import Response

from worker_voice.channels.sms.outbound import queue_replies, seal, send_replies
from worker_voice.channels.sms.service import pseudonym
from worker_voice.gateways.sms import FakeSmsGateway, TwilioSmsGateway
from worker_voice.uow import transaction

from .fixtures.sms import BASE, CANARY, TOKEN, Phone

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "SMS_REPLY_MODE": "gateway",
            "SMS_GATEWAY": "fake"}


def test_replies_go_through_the_gateway_once(app, client):
    phone = Phone(client)
    params = phone.params("HOLA")
    response = phone.post(params)
    assert "<Message>" not in response.get_data(as_text=True)
    gateway = app.extensions["sms_gateway"]
    assert isinstance(gateway, FakeSmsGateway)
    assert len(gateway.sent) == 1 and gateway.sent[0][0] == CANARY
    assert "empresa" in gateway.sent[0][1]
    phone.post(params)  # Twilio retries the same message
    assert len(gateway.sent) == 1
    phone.send("STOP")
    phone.send("Burger Barn")
    assert len(gateway.sent) == 1  # nothing after an opt-out


def job_for(app, replies, *, minutes=10):
    with app.test_request_context():
        return {
            "sealed_to": seal(CANARY),
            "phone_hash": pseudonym(CANARY, app.config["PHONE_HASH_KEY"]),
            "replies": replies,
            "not_after": (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat(),
        }


def test_stale_or_opted_out_jobs_send_nothing(app, client):
    stale = job_for(app, ["late"], minutes=-1)
    fresh = job_for(app, ["hello"])
    with app.app_context():
        assert send_replies(**stale) == 0
    Phone(client).send("STOP")
    with app.app_context():
        assert send_replies(**fresh) == 0
        assert app.extensions["sms_gateway"].sent == []


class RecordingHttpClient(HttpClient):
    def __init__(self):
        self.requests = []

    def request(self, method, uri, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        self.requests.append((method, uri, data))
        return Response(201, '{"sid": "SM00000000000000000000000000000000", "status": "queued"}')


def test_twilio_gateway_calls_the_messages_api():
    http = RecordingHttpClient()
    gateway = TwilioSmsGateway(account_sid="AC" + "1" * 32, auth_token="token",
                               from_number="+15557654321", http_client=http)
    gateway.send(to="whatsapp:+15550001234", body="¡Hola!")
    method, uri, data = http.requests[0]
    assert method == "POST" and uri.endswith(f"/Accounts/AC{'1' * 32}/Messages.json")
    assert data == {"To": "whatsapp:+15550001234", "From": "whatsapp:+15557654321",
                    "Body": "¡Hola!"}


@pytest.fixture
def redis_queue(app):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except RedisDown:
        if os.environ.get("WV_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but not reachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable")
    from worker_voice.jobs import RedisQueue

    # A queue of its own: test processes running side by side share the Redis database.
    queue = RedisQueue(REDIS_URL, name=f"test-{uuid.uuid4().hex}")
    app.extensions["jobs"] = queue
    yield queue
    queue.queue.delete(delete_jobs=True)


def test_replies_queued_on_redis_hold_no_phone_number(app, redis_queue):
    from rq import SimpleWorker

    with app.test_request_context(), transaction():  # queued once the commit is done
        queue_replies(to=CANARY, phone_hash=pseudonym(CANARY, app.config["PHONE_HASH_KEY"]),
                      replies=["uno", "dos"])
    [job] = redis_queue.queue.jobs  # RQ compresses job data, so look at it decoded
    assert CANARY[1:] not in repr(job.kwargs) + repr(job.args) + job.description
    assert job.result_ttl == 0
    with app.app_context():
        SimpleWorker([redis_queue.queue], connection=redis_queue.connection).work(burst=True)
    assert app.extensions["sms_gateway"].sent == [(CANARY, "uno"), (CANARY, "dos")]
