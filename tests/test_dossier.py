"""Campaign dossiers: a PDF in the reader's language that shows the campaign's guarded figures
and nothing else, with real glyphs in every script, made inline or by an RQ worker.

Rendering is the slow part, so each language is rendered once per module, on SQLite (what is
tested there is the PDF, not the database); the request, status and download paths run on both
engines with a small campaign.
"""

import html
import os
import re
import shutil
import subprocess
import time
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from worker_voice.campaigns import dossier as service
from worker_voice.campaigns.figures import campaign_figures
from worker_voice.campaigns.service import CampaignPlan, Demand, open_campaign
from worker_voice.extensions import db
from worker_voice.i18n import LANGUAGE_CODES, percent
from worker_voice.insights.periods import quarter_of
from worker_voice.intake import find_by_receipt
from worker_voice.models import AuditEvent, Campaign, Dossier, Employer, Organization, Report
from worker_voice.registry.csv_io import import_registry
from worker_voice.uow import transaction

from .factories import add_employer, report
from .fixtures.accounts import PASSWORD, login
from .fixtures.apps import make_app
from .fixtures.forms import csrf_token

REDIS_URL = os.environ.get("TEST_DOSSIER_REDIS_URL", "redis://127.0.0.1:6379/14")
Q0 = quarter_of(date.today())  # published in tests (RELEASE_DATE is the next quarter)
QP = quarter_of(Q0 - timedelta(days=92))
SCRIPTS = {"zh_Hans": r"[\u4e00-\u9fff]", "ko": r"[\uac00-\ud7af]", "ar": r"[\u0600-\u06ff]"}
FONTS = {"zh_Hans": "Noto-Sans-CJK-SC", "ko": "Noto-Sans-CJK-KR", "ar": "-Arabic"}
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TIMINGS: dict[str, tuple[float, int]] = {}


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install poppler-utils (`make pdftools`)")
    return path


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", "-", "-"], input=pdf,  # noqa: S603
                            capture_output=True, check=True)
    return " ".join(BIDI_MARKS.sub("", result.stdout.decode()).split())


def pdf_fonts(pdf: bytes, directory) -> list[list[str]]:
    path = directory / "dossier.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, check=True,  # noqa: S603
                            text=True)
    return [line.split() for line in result.stdout.splitlines()[2:] if line.strip()]


def answers(i: int) -> dict:
    """Answers whose cells are large enough in a unit of 20, except tips (W5): one "yes" in
    six, which the guard never publishes."""
    return {
        "S1": ("lt3d", "2wplus", "1to2w", "fixed")[i % 4],
        "S2": "yes" if i % 3 == 0 else "no",
        "W3": "yes" if i % 5 < 2 else "no",
        "H6": ("no", "yes", "sometimes")[i % 3],
        "V2": "yes" if i % 4 == 0 else "no",
        "B1": "no" if i % 3 else "yes",
        "T1": "no" if i % 2 else "yes",
        **({"W5": "yes" if i == 0 else "no"} if i < 6 else {}),
    }


def build_campaigns() -> dict:
    """Centro (A) and Union (C) pool figures on Burger Barn and its franchisee over two
    quarters; Local (B) is outside. Quiet Diner has three reports. One transaction (the
    factories' own join it), so the release is built once, after it commits."""
    with transaction():
        return _build_campaigns()


def _build_campaigns() -> dict:
    from worker_voice.auth.passwords import create_user
    from worker_voice.registry.coalitions import form_coalition

    ids = {}
    for letter, name in (("a", "Centro"), ("b", "Local"), ("c", "Union")):
        create_user(email=f"lead@{letter}.org", password=PASSWORD, organization_name=name)
        ids[letter] = db.session.scalar(sa.select(Organization.id)
                                        .where(Organization.name == name))
    import_registry(rows=[
        {"name": "Burger Barn", "naics": "722513", "worksite": "BB Loop", "city": "Chicago",
         "state": "IL"},
        {"name": "Barn Franchise LLC", "naics": "722513", "relation": "franchisee",
         "related_to": "Burger Barn", "worksite": "BF West", "city": "Chicago", "state": "IL"},
    ])
    add_employer("Taco Rapido")
    add_employer("Quiet Diner")
    stories = ["They change the schedule the night before.",
               "Cambian el horario la noche anterior.", "We have no water break when it is hot."]
    for name, organization, quarter, count in (
            ("Burger Barn", "a", QP, 20), ("Burger Barn", "a", Q0, 24),
            ("Burger Barn", "c", Q0, 12), ("Burger Barn", "b", Q0, 6),
            ("Barn Franchise LLC", "a", Q0, 10), ("Taco Rapido", "a", Q0, 10),
            ("Quiet Diner", "a", Q0, 3)):
        for i in range(count):
            report(name, answers=answers(i), organization_id=ids[organization],
                   received_on=quarter + timedelta(days=5),
                   what_happened=stories[i] if i < len(stories) else None)
    db.session.execute(sa.update(Report).where(Report.what_happened.is_not(None))
                       .values(quote_approved=True))
    coalition = form_coalition(name="Fair Food", organization_ids=[ids["a"], ids["c"]])
    brand = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Burger Barn"))
    campaign = open_campaign(organization_id=ids["a"], coalition_id=coalition.id,
                             plan=CampaignPlan(
        name="Fair Food Now", target_employer_id=brand, include=("franchisee",),
        goal="Two weeks' notice and water on every shift.", starts_on=QP,
        demands=(Demand("S1", "Post schedules two weeks ahead."),
                 Demand("W5", "Let workers keep their tips."))))
    quiet_id = db.session.scalar(sa.select(Employer.id).where(Employer.name == "Quiet Diner"))
    quiet = open_campaign(organization_id=ids["a"], coalition_id=None, plan=CampaignPlan(
        name="Quiet Diner Justice", target_employer_id=quiet_id,
        demands=(Demand("S2", "Stop changing shifts at the last minute."),)))
    return {**ids, "campaign": campaign.id, "quiet": quiet.id}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each language's PDF of the campaign, its text and fonts; the quiet campaign's in
    English; the figures they were made from."""
    directory = tmp_path_factory.mktemp("dossier")
    app = make_app(f"sqlite:///{directory / 'dossier.sqlite3'}")
    with app.app_context():
        db.create_all()
        ids = build_campaigns()
        figures = campaign_figures(campaign=db.session.get(Campaign, ids["campaign"]),
                                   reader=ids["a"])
        quiet = campaign_figures(campaign=db.session.get(Campaign, ids["quiet"]),
                                 reader=ids["a"])
        pdfs, pages = {}, {}
        for locale in LANGUAGE_CODES:
            start = time.perf_counter()
            pages[locale] = service.render_dossier_html(figures, locale)
            pdfs[locale] = service.pdf_from_html(pages[locale])
            TIMINGS[locale] = (time.perf_counter() - start, len(pdfs[locale]))
        quiet_html = service.render_dossier_html(quiet, "en")
        data = {
            "figures": figures, "quiet": quiet, "html": pages, "pdf": pdfs,
            "text": {locale: pdf_text(pdf) for locale, pdf in pdfs.items()},
            "fonts": {locale: pdf_fonts(pdf, directory) for locale, pdf in pdfs.items()},
            "quiet_html": quiet_html, "quiet_text": pdf_text(service.pdf_from_html(quiet_html)),
        }
        with force_locale("en"):
            data["percents_en"] = allowed_percents(figures)
        yield data
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def published(figures):
    return [item for item in figures.summary.indicators if item.measure is not None]


def allowed_percents(figures) -> set[str]:
    """Every share the figures hold, as the dossier prints it."""
    shares = [0.95]
    for item in figures.summary.indicators:
        if item.measure is not None:
            shares += [item.measure.share, *item.measure.interval]
        if item.sector is not None:
            shares.append(item.sector.share)
    shares += [p.share for points in figures.trend.values() for p in points]
    shares += [0.0, 0.25, 0.5, 0.75, 1.0]  # the trend charts' scale
    return {percent(share) for share in shares}


def test_the_dossier_names_the_campaign_and_shows_its_figures(rendered):
    figures = rendered["figures"]
    assert figures.summary.enough and figures.summary.rating.tier
    assert figures.summary.included == ("Barn Franchise LLC",)
    findings = service.key_findings(figures)
    assert 3 <= len(findings) <= 5
    for locale in ("en", "es"):
        text = rendered["text"][locale]
        assert "Fair Food Now" in text and "Burger Barn" in text and "Barn Franchise LLC" in text
        for item in findings:
            m = item.measure
            assert re.search(rf"\b{m.problem}\D{{1,12}}{m.n}\b", text), (locale, item)
        assert "They change the schedule the night before." in text
        assert "Cambian el horario la noche anterior." in text
    english = rendered["text"]["en"]
    top = findings[0].measure
    assert f"{percent_en(top.share)} of workers who answered ({top.problem} of {top.n})" in english
    assert "Figures pass a disclosure guard: no figure describes fewer than 5 workers" in english
    assert f"Job quality score {round(figures.summary.rating.score)} of 100" in english
    for heading in ("Key findings", "Figures by topic", "Change over time",
                    "In workers' words", "How these figures are made"):
        assert heading in english


def percent_en(share: float) -> str:
    from babel.numbers import format_percent

    return format_percent(share, "#,##0%", locale="en")


def test_the_dossier_prints_the_guarded_figures_and_no_other(rendered):
    """Every published (problem, n) pair appears; every pair and share printed is one of the
    figures'; no indicator the guard held back shows a number."""
    figures, text, html = rendered["figures"], rendered["text"]["en"], rendered["html"]["en"]
    pairs = {(item.measure.problem, item.measure.n) for item in published(figures)}
    trend = {(p.problem, p.n) for points in figures.trend.values() for p in points}
    rating = figures.summary.rating
    scores = {(round(rating.score), 100)} | {(round(s), 100) for s in rating.categories.values()}
    assert any(len(points) >= 2 for points in figures.trend.values())
    for problem, n in pairs:
        assert f"{problem} of {n}" in text
    printed = {(int(p), int(n)) for p, n in re.findall(r"\b(\d+) of (\d+)\b", text)}
    assert printed <= pairs | trend | scores and pairs <= printed
    assert set(re.findall(r"\d+%", text)) <= rendered["percents_en"]
    held_back = [item.question.key for item in figures.summary.indicators
                 if item.measure is None]
    assert "W5" in held_back and "S1" not in held_back
    for key in held_back:
        [row] = re.findall(rf'<tr data-key="{key}">(.*?)</tr>', html, flags=re.S)
        # The cells after the indicator's name ("… 24 hours notice"), without their tags.
        cells = re.sub(r"<[^>]+>", "", row.split("</th>", 1)[1])
        assert "Not enough answers yet." in cells and not re.search(r"\d", cells), key
    tips = text.split("Let workers keep their tips.")[1][:120]
    assert "Not enough answers yet." in tips and "%" not in tips.split("Not enough")[0]


@pytest.mark.parametrize("locale", ["zh_Hans", "ko", "ar"])
def test_chinese_korean_and_arabic_render_with_real_glyphs(rendered, locale):
    text, fonts = rendered["text"][locale], rendered["fonts"][locale]
    assert re.search(SCRIPTS[locale], text), text[:300]
    assert "Fair Food Now" in text and "Burger Barn" in text
    for item in service.key_findings(rendered["figures"]):
        assert re.search(rf"\b{item.measure.problem}\b", text)
        assert re.search(rf"\b{item.measure.n}\b", text)
    names = [row[0] for row in fonts]
    assert any(FONTS[locale] in name for name in names), names
    assert all(row[-5] == "yes" for row in fonts), fonts  # every font embedded
    if locale in ("zh_Hans", "ko"):  # each draws CJK in its own language's font, no other
        own = FONTS[locale][-2:]
        assert not [name for name in names if "CJK" in name and f"CJK-{own}" not in name], names
    html = rendered["html"][locale]
    assert f'lang="{locale.replace("_", "-")}"' in html
    assert ('dir="rtl"' in html) == (locale == "ar")
    assert service.SCRIPT_FONTS[locale][0] in html.split("</style>")[0]


def test_dossiers_are_tagged_for_screen_readers(rendered):
    """PDF/UA: a tagged structure (headings, tables, reading order) in every language."""
    for locale, pdf in rendered["pdf"].items():
        info = subprocess.run([tool("pdfinfo"), "-"], input=pdf, capture_output=True,  # noqa: S603
                              check=True).stdout.decode()
        assert re.search(r"^Tagged:\s+yes$", info, re.M), (locale, info)


def test_every_worker_language_has_a_dossier(rendered):
    for locale in LANGUAGE_CODES:
        text = rendered["text"][locale]
        assert "Fair Food Now" in text and "Burger Barn" in text, locale
        assert f'<html lang="{locale.replace("_", "-")}"' in rendered["html"][locale]


def test_too_few_reports_print_no_numbers(rendered):
    quiet, text = rendered["quiet"], rendered["quiet_text"]
    assert not quiet.summary.enough
    assert "Quiet Diner Justice" in text and "Quiet Diner" in text
    assert "Not enough reports yet" in text
    assert "Stop changing shifts at the last minute." in text
    assert "%" not in text and not re.search(r"\d+ of \d+", text)
    assert "Based on" not in text and "Job quality score" not in text
    assert "<svg" not in rendered["quiet_html"].split("</style>")[1]


def pseudo_worker_catalog(directory) -> None:
    """A Spanish `worker` catalog, freshly extracted from the sources babel-worker.cfg names,
    in which every translation is the English wrapped in ⟦ ⟧ (translations/ is not touched)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.mofile import write_mo

    from worker_voice import PROJECT_DIR

    with (PROJECT_DIR / "babel-worker.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(locale="es")
    for _file, _line, message, _comments, _context in extract_from_dir(
            PROJECT_DIR, method_map, options_map, keywords={**DEFAULT_KEYWORDS, "_l": None}):
        if isinstance(message, tuple):
            catalog.add(message[:2], tuple(f"⟦{message[i > 0]}⟧" for i in range(3)))
        else:
            catalog.add(message, f"⟦{message}⟧")
    target = directory / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "worker.mo").open("wb") as handle:
        write_mo(handle, catalog)


def test_every_word_of_the_dossier_goes_through_gettext(tmp_path):
    """Rendered with a pseudo catalog, no word is left outside ⟦ ⟧ but data: names, what the
    campaign's organizers and workers wrote, and Babel's own month names."""
    from babel.dates import get_month_names

    from worker_voice.extensions import babel

    pseudo_worker_catalog(tmp_path / "pseudo")
    app = make_app(f"sqlite:///{tmp_path / 'pseudo.sqlite3'}",
                   BABEL_TRANSLATION_DIRECTORIES=f"{tmp_path / 'pseudo'};{tmp_path / 'pseudo'}")
    with app.app_context():
        db.create_all()
        babel.domain_instance.cache.clear()  # catalogs are cached across app instances
        try:
            ids = build_campaigns()
            pages = [service.render_dossier_html(campaign_figures(
                campaign=db.session.get(Campaign, ids[key]), reader=ids["a"]), "es")
                for key in ("campaign", "quiet")]
        finally:
            babel.domain_instance.cache.clear()
            db.session.remove()
            db.engine.dispose()
    data = ("Fair Food Now Burger Barn Franchise LLC Centro Quiet Diner Justice "  # names
            "Two weeks' notice and water on every shift Post schedules two weeks ahead "
            "Let workers keep their tips Stop changing shifts at the last minute "  # demands
            "They change the schedule the night before Cambian el horario la noche anterior "
            "We have no water break when it is hot de "  # quotes, and dates' "de"
            + " ".join(get_month_names("wide", locale="es").values()))
    allowed = set(re.findall(r"[^\W\d_]{2,}", data))
    for page in pages:
        body = page.split("</head>")[1]
        visible = " ".join(re.sub(r"<[^>]+>", " ", body).split())
        outside = html.unescape(visible)
        while re.search("⟦[^⟦⟧]*⟧", outside):  # innermost first: translations nest
            outside = re.sub("⟦[^⟦⟧]*⟧", " ", outside)
        assert set(re.findall(r"[^\W\d_]{2,}", outside)) - allowed == set(), outside


def test_render_time_and_size_per_language(rendered, figure):
    figure("[dossier] render time and size: " + ", ".join(
        f"{locale} {seconds:.2f} s {size // 1024} KiB"
        for locale, (seconds, size) in TIMINGS.items()))
    assert all(seconds < 20 for seconds, _size in TIMINGS.values())


def test_rendering_fetches_no_file_or_url(tmp_path, caplog):
    """Text in a dossier is escaped anyway; this is the second lock: WeasyPrint reads nothing."""
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    service.pdf_from_html(f'<link rel="stylesheet" href="{secret.as_uri()}"><p>x</p>')
    assert "disallowed protocol" in caplog.text


def test_file_names_are_ascii():
    assert service.dossier_filename("Fair Food Now", "zh_Hans") == \
        "dossier-fair-food-now-zh-hans.pdf"
    assert service.dossier_filename("Sí se puede: ¡McDonald's!", "es") == \
        "dossier-si-se-puede-mcdonald-s-es.pdf"
    assert service.dossier_filename("公平工作", "ar") == "dossier-campaign-ar.pdf"


def test_a_dossier_that_takes_too_long_shows_as_failed():
    """A lost job (a worker stopped, or none runs) must not leave the page reloading forever."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    late = now - service.GIVE_UP_AFTER - timedelta(seconds=1)
    assert service.shown_status(Dossier(status="running", created_at=now), now=now) == "running"
    assert service.shown_status(Dossier(status="queued", created_at=late), now=now) == "failed"
    naive = late.replace(tzinfo=None)  # as SQLite returns it
    assert service.shown_status(Dossier(status="running", created_at=naive), now=now) == "failed"
    assert service.shown_status(Dossier(status="done", created_at=late), now=now) == "done"


# Requests, status pages and downloads, on both engines.

def small_campaign(app, world):
    with app.app_context(), transaction():
        campaign = open_campaign(organization_id=world["a"], coalition_id=world["coalition"],
                                 plan=CampaignPlan(name="Fair Food Now",
                                                   target_employer_id=world["employer"],
                                                   demands=(Demand("S2", "Fair notice"),)))
        return campaign.id


def token(client) -> str:
    return csrf_token(client.get("/organizer/coalitions").get_data(as_text=True))


def ask(client, campaign_id: int, language: str):
    return client.post(f"/organizer/campaigns/{campaign_id}/dossiers",
                       data={"csrf_token": token(client), "language": language})


def test_a_new_user_downloads_dossiers_in_english_spanish_and_chinese(
        app, client, world):
    campaign_id = small_campaign(app, world)
    login(client, "lead@a.org", PASSWORD)
    for language in ("en", "es", "zh_Hans"):
        response = ask(client, campaign_id, language)
        assert response.status_code == 302
        status = client.get(response.headers["Location"]).get_data(as_text=True)
        assert 'http-equiv="refresh"' not in status and 'value="100"' in status
        link = re.search(r'href="([^"]+\.pdf)"', status).group(1)
        download = client.get(link)
        assert download.status_code == 200 and download.mimetype == "application/pdf"
        assert download.headers["Content-Disposition"] == (
            f'attachment; filename="dossier-fair-food-now-{language.lower().replace("_", "-")}'
            '.pdf"')
        text = pdf_text(download.data)
        assert "Fair Food Now" in text and "Burger Barn" in text
        assert re.search(r"\b6\D{1,12}11\b", text)  # S2 pooled: Centro's 6 of 11
    assert re.search(SCRIPTS["zh_Hans"], text)
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "dossier_downloaded")).all()
        assert [e.detail["language"] for e in events] == ["en", "es", "zh_Hans"]
        assert {e.organization_id for e in events} == {world["a"]}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Dossier)) == 3
    ask(client, campaign_id, "en")  # a newer English dossier replaces the older one
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Dossier)) == 3
    assert ask(client, campaign_id, "xx").status_code == 400


def test_other_organizations_find_no_dossier(app, client, world):
    campaign_id = small_campaign(app, world)
    login(client, "lead@a.org", PASSWORD)
    status = ask(client, campaign_id, "en").headers["Location"]
    pdf = f"{status}.pdf"
    assert client.get(pdf).status_code == 200
    client.post("/auth/logout", data={"csrf_token": token(client)})
    login(client, "lead@b.org", PASSWORD)  # outside the coalition
    assert client.get(status).status_code == 404 and client.get(pdf).status_code == 404
    assert ask(client, campaign_id, "en").status_code == 404
    client.post("/auth/logout", data={"csrf_token": token(client)})
    login(client, "lead@c.org", PASSWORD)  # a member: reads the campaign, not Centro's dossier
    assert client.get(status).status_code == 404 and client.get(pdf).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "dossier_downloaded")) == 1


@pytest.mark.parametrize("leaves", ["deleted by the worker", "quote withdrawn", "spam"])
def test_a_quote_that_leaves_takes_the_stored_dossiers_with_it(
        app, client, world, leaves):
    from worker_voice.intake.review import approve_quote, set_status
    from worker_voice.intake.service import delete_report

    with app.app_context():
        receipt = report(answers={"S2": "no"}, organization_id=world["a"],
                         what_happened="They cut my hours the night before.")
        quoted = find_by_receipt(receipt.code)
        quoted.quote_approved = True
        db.session.commit()
        quoted_id = quoted.id
    campaign_id = small_campaign(app, world)
    login(client, "lead@a.org", PASSWORD)
    pdf = ask(client, campaign_id, "en").headers["Location"] + ".pdf"
    assert "They cut my hours" in pdf_text(client.get(pdf).data)
    with app.test_request_context(), transaction():
        if leaves == "deleted by the worker":
            delete_report(receipt_code=receipt.code)
        elif leaves == "quote withdrawn":
            approve_quote(report_id=quoted_id, organization_id=world["a"], approved=False)
        else:
            set_status(report_id=quoted_id, organization_id=world["a"], status="spam")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Dossier)) == 0
    assert client.get(pdf).status_code == 404
    remade = ask(client, campaign_id, "en").headers["Location"] + ".pdf"
    assert "They cut my hours" not in pdf_text(client.get(remade).data)


def test_a_failed_dossier_says_so_and_logs_no_data(
        app, client, world, monkeypatch, caplog):
    campaign_id = small_campaign(app, world)

    def broken(html):
        raise RuntimeError(f"cannot write {html[:2000]}")

    monkeypatch.setattr(service, "pdf_from_html", broken)
    login(client, "lead@a.org", PASSWORD)
    status = client.get(ask(client, campaign_id, "en").headers["Location"])
    page = status.get_data(as_text=True)
    assert "The dossier could not be made." in page and "Try again" in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(f"{status.request.path}.pdf").status_code == 404
    assert "RuntimeError" in caplog.text
    assert "Fair Food" not in caplog.text and "Burger Barn" not in caplog.text
    with app.app_context():
        assert db.session.scalar(sa.select(Dossier.status)) == "failed"


@pytest.fixture
def redis_jobs(app):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    from worker_voice.jobs import RedisQueue

    try:
        Redis.from_url(REDIS_URL).ping()
    except RedisDown:
        if os.environ.get("WV_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    assert isinstance(app.extensions["jobs"], RedisQueue)  # from REDIS_URL in the app's config
    # A queue of its own: test processes running side by side share the Redis database.
    queue = RedisQueue(REDIS_URL, name=f"test-{uuid.uuid4().hex}")
    app.extensions["jobs"] = queue
    yield queue
    queue.queue.delete(delete_jobs=True)


@pytest.mark.parametrize("app_config", [{"REDIS_URL": REDIS_URL}])
def test_a_queued_dossier_is_made_by_a_worker_with_progress(
        app, client, world, redis_jobs, monkeypatch):
    from rq import SimpleWorker

    campaign_id = small_campaign(app, world)
    login(client, "lead@a.org", PASSWORD)
    status = ask(client, campaign_id, "zh_Hans").headers["Location"]
    page = client.get(status).get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and 'value="0"' in page and "Waiting" in page
    [job] = redis_jobs.queue.jobs
    # The job holds the dossier's id, no figures, no text.
    assert (job.args, job.kwargs) == (("worker_voice.campaigns.dossier:dossier_job",
                                       {"dossier_id": int(status.rsplit("/", 1)[1])}, None), {})
    seen = []
    write = service.pdf_from_html

    def watched(html):
        seen.append(client.get(status).get_data(as_text=True))  # another request, mid-job
        return write(html)

    monkeypatch.setattr(service, "pdf_from_html", watched)
    with app.app_context():
        SimpleWorker([redis_jobs.queue], connection=redis_jobs.connection).work(burst=True)
    [during] = seen
    assert "Being written" in during and f'value="{service.WRITING}"' in during
    page = client.get(status).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and 'value="100"' in page
    download = client.get(f"{status}.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert re.search(SCRIPTS["zh_Hans"], pdf_text(download.data))
    with app.app_context():
        dossier = db.session.scalar(sa.select(Dossier))
        assert (dossier.status, dossier.progress) == ("done", 100)
        assert dossier.finished_at is not None
