"""Replies through the SMS gateway after the commit, inline or on Redis + RQ."""

import json
import os
import uuid
import zlib
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from twilio.http import HttpClient
from twilio.http.response import Response

from worker_voice.channels.sms.outbound import queue_replies, seal, send_replies
from worker_voice.channels.sms.service import expire_idle, pseudonym
from worker_voice.extensions import db
from worker_voice.gateways.sms import FakeSmsGateway, NotDeletedYet, TwilioSmsGateway
from worker_voice.models.conversation import SmsPendingDeletion
from worker_voice.uow import transaction

from .fixtures.sms import BASE, CANARY, TOKEN, Phone, twiml_messages

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def app_config():
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE, "SMS_REPLY_MODE": "gateway",
            "SMS_GATEWAY": "fake"}


def test_replies_go_through_the_gateway_once(app, client):
    phone = Phone(client)
    params = phone.params("HOLA")
    response = phone.post(params)
    assert twiml_messages(response) == []
    gateway = app.extensions["sms_gateway"]
    assert isinstance(gateway, FakeSmsGateway)
    assert len(gateway.sent) == 1 and gateway.sent[0][0] == CANARY
    assert "empresa" in gateway.sent[0][1]
    assert gateway.callbacks == [f"{BASE}/sms/status"]  # Twilio reports the status there
    again = phone.post(params)  # Twilio retries the same message
    assert again.status_code == 200 and twiml_messages(again) == []
    assert len(gateway.sent) == 1
    phone.send("STOP")
    phone.send("Burger Barn")
    assert len(gateway.sent) == 1  # nothing after an opt-out


def job_for(app, replies, *, minutes=10):
    with app.test_request_context():
        return {
            "sealed": seal(json.dumps({
                "to": CANARY, "phone_hash": pseudonym(CANARY, app.config["PHONE_HASH_KEY"]),
                "replies": replies})),
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


def test_a_sent_reply_waits_as_a_pending_deletion_until_twilio_lets_it_go(app, client):
    gateway = app.extensions["sms_gateway"]
    with app.app_context(), transaction():
        assert send_replies(**job_for(app, ["uno", "dos"])) == 2
    assert gateway.deleted == []  # just sent: not final yet
    with app.app_context():
        pending = set(db.session.scalars(sa.select(SmsPendingDeletion.sid)))
        assert pending == set(gateway.sids)
        with transaction():
            expire_idle(now=datetime.now(UTC) + timedelta(hours=1))
        assert sorted(gateway.deleted) == sorted(gateway.sids)
        assert db.session.scalar(sa.select(sa.func.count(SmsPendingDeletion.sid))) == 0


SENT_SID = "SM" + "5" * 32


class RecordingHttpClient(HttpClient):
    def __init__(self, answer=(201, f'{{"sid": "{SENT_SID}", "status": "queued"}}')):
        self.requests, self.answer = [], answer

    def request(self, method, uri, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        self.requests.append((method, uri, data))
        return Response(*self.answer)


def twilio(http):
    return TwilioSmsGateway(account_sid="AC" + "1" * 32, auth_token="token",
                            from_number="+15557654321", http_client=http)


def test_twilio_gateway_calls_the_messages_api():
    http = RecordingHttpClient()
    assert twilio(http).send(to="whatsapp:+15550001234", body="¡Hola!",
                             status_callback=f"{BASE}/sms/status") == SENT_SID
    method, uri, data = http.requests[0]
    assert method == "POST" and uri.endswith(f"/Accounts/AC{'1' * 32}/Messages.json")
    assert data == {"To": "whatsapp:+15550001234", "From": "whatsapp:+15557654321",
                    "Body": "¡Hola!", "StatusCallback": f"{BASE}/sms/status"}


@pytest.mark.parametrize(("status", "body", "deleted"), [
    (204, "", True),
    (404, '{"code": 20404, "message": "The requested resource was not found"}', True),
    (400, '{"code": 20009, "message": "Cannot delete message because delivery has not been '
          'completed"}', False),
    (500, "", False),
])
def test_twilio_gateway_deletes_a_message(status, body, deleted):
    http = RecordingHttpClient((status, body))
    gateway = twilio(http)
    if deleted:
        gateway.delete_message(SENT_SID)
    else:
        with pytest.raises(NotDeletedYet):
            gateway.delete_message(SENT_SID)
    [(method, uri, _data)] = http.requests
    assert method == "DELETE" and uri.endswith(f"/Accounts/AC{'1' * 32}/Messages/{SENT_SID}.json")


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


def test_replies_queued_on_redis_hold_no_number_text_or_code(app, redis_queue):
    from rq import SimpleWorker

    phone_hash = pseudonym(CANARY, app.config["PHONE_HASH_KEY"])
    thanks = "Gracias. Código: WXYZ-2345. Para borrarlo, envíe BORRAR WXYZ-2345."
    with app.test_request_context(), transaction():  # queued once the commit is done
        queue_replies(to=CANARY, phone_hash=phone_hash, replies=["uno", thanks])
    [job] = redis_queue.queue.jobs
    # What Redis holds: the job's hash as stored (RQ compresses `data`, so decompress it too).
    stored = redis_queue.connection.hgetall(job.key)
    seen = b" ".join([*stored.keys(), *stored.values(), zlib.decompress(stored[b"data"])])
    seen += (repr(job.args) + repr(job.kwargs) + job.description).encode()
    for secret in (CANARY[1:], CANARY[-7:], "WXYZ", "Gracias", "uno", phone_hash):
        assert secret.encode() not in seen, secret
    assert b"send_replies" in seen  # the right thing was looked at
    assert job.result_ttl == 0
    with app.app_context():
        SimpleWorker([redis_queue.queue], connection=redis_queue.connection).work(burst=True)
    assert app.extensions["sms_gateway"].sent == [(CANARY, "uno"), (CANARY, thanks)]


def test_a_deletion_job_on_redis_holds_message_ids_only(app, client, redis_queue):
    from rq import SimpleWorker

    phone = Phone(client)
    phone.send("HOLA")
    for job in redis_queue.queue.jobs:  # the first reply: sent by the worker below
        assert "send_replies" in job.description
    phone.send("STOP")  # the conversation ends: its messages go at Twilio
    [deletion] = [job for job in redis_queue.queue.jobs if "delete_messages" in job.description]
    assert deletion.args[1] == {"sids": sorted(phone.sids)}
    assert CANARY[1:] not in deletion.description
    with app.app_context():
        SimpleWorker([redis_queue.queue], connection=redis_queue.connection).work(burst=True)
    assert sorted(app.extensions["sms_gateway"].deleted) == sorted(phone.sids)
