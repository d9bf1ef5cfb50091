"""The insider: someone holding the database (SQLite's files and write-ahead log included), the
keys and Twilio's console tries every way we know to link a report to a phone.

50 web and 50 SMS reports arrive (some deleted, by the web page and by SMS), then the insider
gets everything: every row of every table, the database files' bytes, PHONE_HASH_KEY and what
Twilio still holds. The phone numbers are the insider's guesses (say, a staff list): the keys
turn each into its pseudonym, and nothing may lead from one to a report.
"""

import hashlib
import itertools
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from worker_voice.channels.sms.service import pseudonym
from worker_voice.extensions import db
from worker_voice.intake import find_by_receipt
from worker_voice.intake.receipts import hash_receipt, parse_receipt
from worker_voice.intake.retention import mix_day
from worker_voice.models import Answer, Report
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.forms import csrf_token, open_form
from .fixtures.sms import BASE, TOKEN, Phone, twiml_messages

CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b")
WEB, SMS = 50, 50


@pytest.fixture
def app_config():
    # Today's quarter is published already: a deletion meets sealed totals, the hardest case.
    return {"TWILIO_AUTH_TOKEN": TOKEN, "PUBLIC_BASE_URL": BASE,
            "RELEASE_DATE": date.today() + timedelta(days=100)}


class TwilioConsole:
    """Twilio's message log as the console shows it: every inbound message and every reply,
    with the number, the body and the order they came in; less what the app had deleted."""

    def __init__(self, client, gateway):
        self.client, self.gateway, self.log = client, gateway, []

    def text(self, phone, body):
        params = phone.params(body)
        self.log.append({"sid": params["MessageSid"], "number": phone.number, "body": body})
        response = phone.post(params)
        assert response.status_code == 200, response.data
        replies = []
        for text, _action in twiml_messages(response):
            sid = f"SM{len(self.log):032x}"
            self.log.append({"sid": sid, "number": phone.number, "body": text})
            # Twilio sends the reply and calls back with its final status.
            assert phone.status(sid, "delivered").status_code == 204
            replies.append(text)
        return replies

    def kept(self):
        deleted = set(self.gateway.deleted)
        return [message for message in self.log if message["sid"] not in deleted]


def web_report(client, i):
    data = open_form(client) | {
        "employer_name": "Burger Barn" if i % 2 else "Taco Rapido", "city": "Chicago",
        "S2": "yes" if i % 3 else "no", "S6": str(30 + i % 9),
        "what_happened": f"web canary{i:03d} zebra they cut my hours"}
    assert client.post("/report", data=data).status_code == 302
    return CODE.search(client.get("/report/thanks").get_data(as_text=True)).group(1)


def sms_report(console, phone, i):
    replies = console.text(phone, "HOLA")
    console.text(phone, "Burger Barn")
    replies = console.text(phone, "Chicago")
    for _ in range(60):
        if "0 para terminar" in replies[-1]:
            break
        replies = console.text(phone, "1" if i % 2 else "2")
    replies = console.text(phone, f"sms canary{i:03d} zebra nos cambian el horario")
    console.text(phone, "0")  # no topic to add: the conversation ends
    return CODE.search(replies[0]).group(1)


def dump(app):
    """Every value of every row, as text."""
    with app.app_context():
        return "\n".join(str(value) for table in db.metadata.sorted_tables
                         for row in db.session.execute(sa.select(table)).all()
                         for value in row)


def database_files(app) -> bytes:
    """The SQLite database file and its write-ahead log, byte for byte (empty on PostgreSQL)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return b""
        path = Path(db.engine.url.database)
    return b"".join(file.read_bytes() for file in (path, Path(f"{path}-wal")) if file.exists())


def test_an_insider_with_the_database_keys_and_twilio_links_no_report_to_a_phone(
        app, client, figure):
    with app.app_context():
        add_employer("Burger Barn")
        add_employer("Taco Rapido")
    console = TwilioConsole(client, app.extensions["sms_gateway"])
    phones = [Phone(client, number=f"+1312555{i:04d}") for i in range(SMS)]
    arrivals = []  # (channel, code), in the order the reports arrived, web and SMS mixed
    for i in range(max(WEB, SMS)):
        if i < WEB:
            arrivals.append(("web", i, web_report(client, i)))
        if i < SMS:
            arrivals.append(("sms", i, sms_report(console, phones[i], i)))
    with app.app_context():
        ids = {code: find_by_receipt(code).id for _channel, _i, code in arrivals}

    # Some workers delete their report: on the web page, or by texting the code.
    deleted = [arrival for arrival in arrivals if arrival[1] % 5 == 0]
    for channel, i, code in deleted:
        if channel == "web":  # each worker on their own phone
            browser = app.test_client()
            page = browser.get("/delete").get_data(as_text=True)
            browser.post("/delete", data={"csrf_token": csrf_token(page), "receipt_code": code,
                                          "confirm": "y"})
        else:
            replies = console.text(phones[i], f"BORRAR {code}")
            assert "borrado" in replies[-1].lower(), replies
    with app.app_context():
        assert all(find_by_receipt(code) is None for _c, _i, code in deleted)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == \
            WEB + SMS - len(deleted)

    # The nightly command rewrites the day's reports (PostgreSQL stores rows in write order).
    with app.app_context(), transaction():
        mix_day(day=date.today())
    rows, files = dump(app), database_files(app)
    key = app.config["PHONE_HASH_KEY"]

    # 1. Twilio keeps nothing of an ended conversation: no body, no number, no receipt code.
    assert console.kept() == []
    # Even a code the insider copied from the console before it was deleted is stored nowhere
    # as such; only its keyed hash is, which the app alone computes (see the README on keys).
    for _channel, _i, code in arrivals:
        assert code not in rows and parse_receipt(code) not in rows
        assert parse_receipt(code).encode() not in files

    # 2. The phone's pseudonym, which the keys give for every number guessed, is nowhere: not
    # in a table (the conversations are gone), not in the database files or the WAL.
    for phone in phones:
        digest = pseudonym(phone.number, key)
        assert digest not in rows
        assert digest.encode() not in files
        assert phone.number.lstrip("+").encode() not in files

    # 3. Ids carry no order: in the order reports arrived, the next one's id is larger about
    # half of the time (sequential ids: always). And nothing about a report is finer than a day.
    remaining = [ids[code] for channel, i, code in arrivals if (channel, i, code) not in deleted]
    rising = sum(b > a for a, b in itertools.pairwise(remaining))
    share = rising / (len(remaining) - 1)
    assert 0.25 < share < 0.75, share
    with app.app_context():
        for model in (Report, Answer):
            for column in model.__table__.columns:
                assert not isinstance(column.type, sa.DateTime | sa.Time), column
        if db.engine.dialect.name == "postgresql":  # nor the order rows lie in, nor their xmin
            position = {report_id: i for i, report_id in enumerate(remaining)}
            stored = [position[report_id] for report_id in db.session.scalars(sa.text(
                "SELECT id FROM report ORDER BY xmin::text::bigint, ctid"))]
            in_storage = sum(b > a for a, b in itertools.pairwise(stored)) / (len(stored) - 1)
            assert 0.25 < in_storage < 0.75, in_storage

    # 4. A deleted report leaves no trace: its words in no row and no byte of the files, its id
    # nowhere, and no row holding its answers (the published quarter keeps totals only).
    for channel, i, code in deleted:
        word = f"{channel} canary{i:03d}"
        assert word not in rows
        assert word.encode() not in files
        assert str(ids[code]) not in rows
    with app.app_context():
        tables = set(sa.inspect(db.engine).get_table_names())
        assert "rollup_adjustment" not in tables
    # The words of reports that stay are stored, as they should be: the check can fail.
    kept = next(arrival for arrival in arrivals if arrival not in deleted)
    assert f"{kept[0]} canary{kept[1]:03d}" in rows

    # 5. What is stored of a code joins nothing the insider holds without the app's key.
    with app.app_context():
        hashes = set(db.session.scalars(sa.select(Report.receipt_hash)))
    assert hash_receipt_outside_app(arrivals) & hashes == set()
    figure(f"[insider] {WEB} web + {SMS} SMS reports, {len(deleted)} deleted; Twilio kept "
                      f"{len(console.kept())} of {len(console.log)} messages; next id larger "
                      f"in {share:.0%} of arrivals; SQLite files searched: {len(files):,} bytes")


def hash_receipt_outside_app(arrivals) -> set[str]:
    """Hashes an insider would try without the derived key: the code in plain SHA-256."""
    return {hashlib.sha256(parse_receipt(code).encode()).hexdigest()
            for _c, _i, code in arrivals}


def test_the_insider_check_catches_a_stored_code(app):
    """The checks above can fail: a code kept in the clear shows up in the dump."""
    with app.app_context():
        add_employer("Burger Barn")
        receipt = report("Burger Barn", answers={"S2": "yes"})
        stored = find_by_receipt(receipt.code)
        stored.what_happened = f"my code is {receipt.code}"
        db.session.commit()
        digest = hash_receipt(receipt.code)
    assert receipt.code in dump(app)
    assert digest in dump(app)
