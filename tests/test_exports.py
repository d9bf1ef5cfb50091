"""Exports: the same guarded rows as the pages, cell by cell; raw reports only for the
collecting organization's editors; every export in the audit log."""

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker_voice.auth.passwords import create_user
from worker_voice.campaigns.exports import FORMULA_START, Sheet, csv_bytes, xlsx_bytes
from worker_voice.campaigns.figures import campaign_figures
from worker_voice.campaigns.service import CampaignPlan, Demand, open_campaign
from worker_voice.extensions import db
from worker_voice.insights.disclosure import Scope
from worker_voice.insights.summaries import employer_summary
from worker_voice.insights.tables import (
    SUMMARY_COLUMNS,
    TREND_COLUMNS,
    Column,
    summary_rows,
    trend_rows,
)
from worker_voice.intake.raw_export import REPORT_COLUMNS
from worker_voice.intake.receipts import hash_receipt
from worker_voice.intake.review import approve_quote
from worker_voice.models import AuditEvent, Campaign, Organization, Report
from worker_voice.registry.coalitions import form_coalition, set_target
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import login, logout

PASSWORD = "a long password here"
EVIL = '=HYPERLINK("#evil","Click")'  # no link: a typed name loses its links
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def export_world(app):
    """As in test_coalitions: Centro (A) and Union (C) in Fair Food targeting Burger Barn,
    Local (B) outside; plus a viewer at Centro, a campaign, free text, an employer with a
    formula for a name and one with too few reports."""
    with app.app_context(), transaction():
        ids = {}
        for letter, name in (("a", "Centro"), ("b", "Local"), ("c", "Union")):
            create_user(email=f"lead@{letter}.org", password=PASSWORD, organization_name=name)
            ids[letter] = db.session.scalar(sa.select(Organization.id)
                                            .where(Organization.name == name))
        create_user(email="viewer@a.org", password=PASSWORD, role="viewer",
                    organization_name="Centro")
        employer = add_employer("Burger Barn").id
        for letter, yes, no in (("a", 6, 5), ("c", 5, 1), ("b", 7, 0)):
            for i, answer in enumerate(["yes"] * yes + ["no"] * no):
                report(answers={"S2": answer, "S6": 30 + i, "H3": ["heat", "lifting"]},
                       organization_id=ids[letter], idempotency_key=f"key-{letter}-{i}",
                       what_happened=f"Shift cut, call me 312-555-01{i:02d} ({letter})")
        quoted = report(organization_id=ids["a"], answers={"S2": "yes"},
                        what_happened="They cut our hours without notice")
        report(organization_id=ids["a"], answers={"S2": "yes"},
               what_happened="Secret words never approved")
        quoted_id = db.session.scalar(sa.select(Report.id)
                                      .where(Report.receipt_hash == hash_receipt(quoted.code)))
        approve_quote(report_id=quoted_id, organization_id=ids["a"], approved=True)
        coalition = form_coalition(name="Fair Food", organization_ids=[ids["a"], ids["c"]])
        set_target(coalition_id=coalition.id, organization_id=ids["a"], employer_id=employer,
                   targeted=True)
        campaign = open_campaign(organization_id=ids["a"], coalition_id=coalition.id,
                                 plan=CampaignPlan(name="Fair Burgers ¡Ya!",
                                                   target_employer_id=employer,
                                                   goal="+2 weeks notice",
                                                   demands=(Demand("S2", "Two weeks' notice"),)))
        evil = add_employer(EVIL).id
        for _ in range(5):
            report(EVIL, answers={"S2": "no"}, organization_id=ids["a"])
        small = add_employer("Taco Town").id
        for _ in range(3):
            report("Taco Town", answers={"S2": "yes"}, organization_id=ids["a"])
        return {**ids, "employer": employer, "coalition": coalition.id, "evil": evil,
                "small": small, "campaign": campaign.id}


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def read_xlsx(response) -> openpyxl.Workbook:
    assert response.status_code == 200 and response.content_type == XLSX_TYPE
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in package.read(name) and b"<f " not in package.read(name)
    return openpyxl.load_workbook(io.BytesIO(response.data))


def sheet_rows(book, title) -> tuple[list, list[list]]:
    rows = [list(row) for row in book[title].iter_rows(values_only=True)]
    return rows[0], rows[1:]


def as_csv(value) -> str:
    """What a CSV cell holds for a row value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def as_xlsx(value, kind):
    """What openpyxl reads back from an XLSX cell for a row value (an empty text: no cell)."""
    if value == "":
        return None
    if kind == "date" and value is not None:
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    return value


def own_rows(app, organization_id, employer_id, scope=None):
    with app.test_request_context():
        scope = scope or Scope.own(organization_id)
        return summary_rows(employer_summary(employer_id=employer_id, scope=scope))


def test_csv_and_xlsx_hold_the_summary_rows_cell_by_cell(app, client, export_world):
    expected = own_rows(app, export_world["a"], export_world["employer"])
    assert expected and any(not row["published"] for row in expected)
    login(client, "lead@a.org", PASSWORD)
    url = f"/organizer/employers/{export_world['employer']}/export"

    response = client.get(f"{url}.csv")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="burger-barn-{date.today().isoformat()}.csv"')
    rows = read_csv(response)
    assert list(rows[0]) == [c.name for c in SUMMARY_COLUMNS]
    assert rows == [{c.name: as_csv(row[c.name]) for c in SUMMARY_COLUMNS} for row in expected]

    header, cells = sheet_rows(read_xlsx(client.get(f"{url}.xlsx")), "figures")
    assert header == [c.name for c in SUMMARY_COLUMNS]
    assert cells == [[as_xlsx(row[c.name], c.kind) for c in SUMMARY_COLUMNS]
                     for row in expected]
    s2 = next(row for row in cells if row[header.index("indicator")] == "S2")
    assert isinstance(s2[header.index("workers_answered")], int)  # a number, not text

    held = [row for row in rows if row["published"] == "false"]
    assert held and all(row[name] == "" for row in held for name in (
        "workers_with_problem", "workers_answered", "share", "ci95_low", "ci95_high"))
    assert client.get(f"{url}.pdf").status_code == 404
    with app.app_context():
        events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target,
                                              AuditEvent.detail)).all()
        exported = [detail["format"] for action, target, detail in events
                    if action == "summary_exported" and target == "Burger Barn"]
        assert exported == ["csv", "xlsx"]


def test_an_employer_with_too_few_reports_exports_headers_only(app, client, export_world):
    login(client, "lead@a.org", PASSWORD)
    url = f"/organizer/employers/{export_world['small']}/export"
    assert read_csv(client.get(f"{url}.csv")) == []
    header, cells = sheet_rows(read_xlsx(client.get(f"{url}.xlsx")), "figures")
    assert header == [c.name for c in SUMMARY_COLUMNS] and cells == []
    assert client.get("/organizer/employers/999999/export.csv").status_code == 404


def test_a_formula_for_a_name_stays_text(app, client, export_world):
    login(client, "lead@a.org", PASSWORD)
    url = f"/organizer/employers/{export_world['evil']}/export"
    response = client.get(f"{url}.csv")
    assert 'filename="hyperlink-evil-click-' in (
        response.headers["Content-Disposition"])
    rows = read_csv(response)
    assert rows and {row["employer"] for row in rows} == {"'" + EVIL}
    book = read_xlsx(client.get(f"{url}.xlsx"))
    header, cells = sheet_rows(book, "figures")
    assert {row[header.index("employer")] for row in cells} == {EVIL}
    cell = book["figures"].cell(row=2, column=header.index("employer") + 1)
    assert cell.data_type == "s" and cell.quotePrefix


def test_employer_page_links_keep_the_scope_and_coalition(client, export_world):
    login(client, "lead@c.org", PASSWORD)
    employer, coalition = export_world["employer"], export_world["coalition"]
    page = client.get(f"/organizer/coalitions/{coalition}/employers/{employer}")
    html = page.get_data(as_text=True)
    assert f"/organizer/coalitions/{coalition}/employers/{employer}/export.xlsx" in html
    assert "/organizer/exports/data-dictionary.csv" in html
    html = client.get(f"/organizer/employers/{employer}").get_data(as_text=True)
    assert f"/organizer/employers/{employer}/export.csv" in html


def test_coalition_export_is_pooled_and_for_members_only(app, client, export_world):
    employer, coalition = export_world["employer"], export_world["coalition"]
    url = f"/organizer/coalitions/{coalition}/employers/{employer}/export.csv"
    pooled = Scope(frozenset({export_world["a"], export_world["c"]}), export_world["c"])
    expected = own_rows(app, export_world["c"], employer, scope=pooled)
    login(client, "lead@c.org", PASSWORD)
    rows = read_csv(client.get(url))
    assert rows == [{c.name: as_csv(row[c.name]) for c in SUMMARY_COLUMNS} for row in expected]
    assert rows[0]["reports"] == "19"  # 13 of Centro, 6 of Union
    assert client.get(f"/organizer/coalitions/{coalition}/employers/{export_world['small']}"
                      "/export.csv").status_code == 404  # not a target
    logout(client)
    login(client, "lead@b.org", PASSWORD)
    assert client.get(url).status_code == 404
    assert client.get(url.replace(".csv", ".xlsx")).status_code == 404


def test_campaign_export_for_members_with_approved_quotes_only(app, client, export_world):
    url = f"/organizer/campaigns/{export_world['campaign']}/export"
    login(client, "lead@c.org", PASSWORD)  # a member that did not open the campaign
    assert read_csv(client.get(f"{url}.csv"))[0]["reports"] == "19"
    response = client.get(f"{url}.xlsx")
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="fair-burgers-ya-')
    book = read_xlsx(response)
    assert book.sheetnames == ["figures", "trend", "campaign", "demands", "quotes",
                               "data dictionary"]
    header, [plan] = sheet_rows(book, "campaign")
    assert dict(zip(header, plan, strict=True))["goal"] == "+2 weeks notice"
    assert book["campaign"].cell(row=2, column=header.index("goal") + 1).quotePrefix
    _header, demands = sheet_rows(book, "demands")
    assert demands == [[1, "S2", "Last-minute shift change", "Two weeks' notice"]]
    _header, quotes = sheet_rows(book, "quotes")
    assert quotes == [["They cut our hours without notice"]]
    with app.test_request_context():
        figures = campaign_figures(campaign=db.session.get(Campaign, export_world["campaign"]),
                                   reader=export_world["c"])
        expected = trend_rows(figures.trend)
    _header, trend = sheet_rows(book, "trend")
    assert trend and trend == [[as_xlsx(row[c.name], c.kind) for c in TREND_COLUMNS]
                               for row in expected]
    everything = "".join(str(cell) for ws in book for row in ws.iter_rows(values_only=True)
                         for cell in row)
    assert "Secret words" not in everything and "312" not in everything
    logout(client)
    login(client, "lead@b.org", PASSWORD)
    assert client.get(f"{url}.csv").status_code == 404
    assert client.get(f"{url}.xlsx").status_code == 404


def test_raw_export_holds_only_the_organizations_own_reports(app, client, export_world):
    with app.app_context():
        # A row stored before a redaction pattern existed still leaves redacted.
        legacy = db.session.scalar(sa.select(Report)
                                   .where(Report.organization_id == export_world["a"])
                                   .order_by(Report.id))
        legacy.one_change = "write to ana@example.org"
        db.session.commit()
        own = set(db.session.scalars(sa.select(Report.id)
                                     .where(Report.organization_id == export_world["a"])))
        secrets = [value for code, key in db.session.execute(
            sa.select(Report.receipt_hash, Report.idempotency_key)) for value in (code, key)
            if value]
    login(client, "lead@a.org", PASSWORD)
    response = client.get("/organizer/reports/export.csv")
    text = response.data.decode("utf-8-sig")
    rows = read_csv(response)
    assert list(rows[0]) == [c.name for c in REPORT_COLUMNS]
    assert {int(row["report"]) for row in rows} == own
    assert "receipt" not in text and "idempotency" not in text
    assert not [value for value in secrets if value in text]
    assert "ana@example.org" not in text and "[email]" in text
    assert "555-01" not in text and "call me [phone] (a)" in text  # (ids may hold 555)
    first = next(row for row in rows if row["S6"] == "30")  # the first of organization a
    assert first["H3"] == "heat;lifting" and first["S2"] == "yes"
    decisions = {row["what_happened"]: row["quote_decision"] for row in rows}
    assert decisions["They cut our hours without notice"] == "approved"
    assert decisions["Secret words never approved"] == "undecided"
    assert decisions[""] == ""  # no words, nothing to decide

    narrowed = read_csv(client.get(f"/organizer/reports/export.csv?employer={export_world['small']}"
                                   "&status=new"))
    assert len(narrowed) == 3 and {row["employer"] for row in narrowed} == {"Taco Town"}
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent)
                                    .where(AuditEvent.action == "raw_reports_exported")
                                    .order_by(AuditEvent.id)).all()
        assert [e.detail["count"] for e in events] == [len(own), 3]
        assert events[1].detail["filters"] == {"employer_id": export_world["small"],
                                               "status": "new"}
        assert {e.organization_id for e in events} == {export_world["a"]}


def test_raw_export_is_for_editors_only(app, client, export_world):
    login(client, "viewer@a.org", PASSWORD)
    assert client.get("/organizer/reports/export.csv").status_code == 403
    assert "/organizer/reports/export.csv" not in client.get("/organizer/reports").get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "raw_reports_exported")) == 0
    logout(client)
    login(client, "lead@b.org", PASSWORD)
    page = client.get("/organizer/reports?status=new").get_data(as_text=True)
    assert "/organizer/reports/export.csv?status=new" in page
    rows = read_csv(client.get("/organizer/reports/export.csv"))
    assert len(rows) == 7 and "(a)" not in str(rows)


def test_data_dictionary_describes_every_column(client, export_world):
    login(client, "viewer@a.org", PASSWORD)
    response = client.get("/organizer/exports/data-dictionary.csv")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    rows = read_csv(response)
    figures = [row["column"] for row in rows if row["table"] == "figures"]
    assert figures == [c.name for c in SUMMARY_COLUMNS]
    assert all(row["description"] and row["type"] for row in rows)
    reports = [row["column"] for row in rows if row["table"] == "reports"]
    assert reports == [c.name for c in REPORT_COLUMNS]
    s1 = next(row for row in rows if row["column"] == "S1")
    assert "lt3d = Less than 3 days" in s1["description"]


# Text as people type it: any language, quotes, commas, line breaks, a leading "=".
TYPED = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\r\t"),
                max_size=40) | st.sampled_from([EVIL, "-1+1", "@SUM(A1)", "\t=1", '"a, b"\n'])
COLUMNS = (Column("employer", "string", ""), Column("quote", "string", ""),
           Column("reports", "integer", ""))


@given(rows=st.lists(st.fixed_dictionaries({"employer": TYPED, "quote": TYPED,
                                            "reports": st.none() | st.integers(0, 10**6)}),
                     max_size=5))
def test_csv_round_trip_of_typed_text(rows):
    data = csv_bytes(rows, COLUMNS)
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert parsed[0] == ["employer", "quote", "reports"]
    for row, (employer, quote, reports) in zip(rows, parsed[1:], strict=True):
        for intended, cell in ((row["employer"], employer), (row["quote"], quote)):
            assert not cell.startswith(FORMULA_START)
            assert cell == ("'" + intended if intended.startswith(FORMULA_START) else intended)
        assert reports == ("" if row["reports"] is None else str(row["reports"]))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(TYPED, min_size=1, max_size=4))
def test_xlsx_round_trip_of_typed_text(app_context, names):
    rows = [{"employer": name, "quote": name, "reports": i} for i, name in enumerate(names)]
    data = xlsx_bytes([Sheet("figures", COLUMNS, rows)])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = list(book["figures"].iter_rows(min_row=2, values_only=True))
    # XML has one line break, "\n"; openpyxl reads an empty text back as no value.
    texts = [name.replace("\r\n", "\n").replace("\r", "\n") or None for name in names]
    assert cells == [(text, text, i) for i, text in enumerate(texts)]
    assert [row[0] for row in book["data dictionary"].iter_rows(min_row=2, values_only=True)] \
        == ["figures"] * 3
