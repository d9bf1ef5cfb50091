"""Synthetic data at scale for benchmarks and load tests, shaped like a real campaign's: Zipf-like
employer popularity (a few employers get thousands of reports, most a handful, some none),
employers that differ in how bad they are, valid answers only, so that rollups, the guard and the
release see what they would in production. Names are invented syllables, so no figure can seem to
accuse a real company. Rows go in through Core (COPY on PostgreSQL) with ids assigned here: one
ORM object per row would take hours at a million reports.
"""

import random
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from time import perf_counter
from typing import TypedDict

import sqlalchemy as sa

from .extensions import db
from .insights.periods import open_quarter, quarter_of
from .insights.rollups import recompute
from .models import Answer, Employer, Organization, Report, Worksite
from .registry.normalize import normalize_employer_name
from .survey import QUESTIONS, AnswerType
from .survey.plan import CORE_KEYS, MODULES
from .survey.problems import PROBLEMS
from .uow import checkpoint

# Reports answer the core (each question skipped now and then), and some add topics: most
# workers stop after the core, as in SMS and web surveys; a few answer everything (SURVEY_MODE
# full, or every topic). Follow-ups only where they apply (Question.is_asked).
CORE_SKIPPED = 0.06
MODULES_CHOSEN = ((0, 0.55), (1, 0.25), (2, 0.10), (len(MODULES), 0.10))
ZIPF = 1.1
NEVER_REPORTED = 0.05  # employers in the registry that no one has reported on
BATCH = 20_000  # reports per insert round: bounded memory, few round trips

NAICS_MIX = {  # code: (weight, words that end the employer's name)
    "722513": (16, ("Burger", "Tacos", "Chicken", "Pizza")), "722511": (8, ("Grill", "Diner")),
    "445110": (10, ("Market", "Grocery", "Foods")), "455219": (10, ("Discount", "Outlet")),
    "493110": (10, ("Logistics", "Fulfillment", "Distribution")), "623110": (8, ("Care Center",)),
    "561320": (8, ("Staffing", "Labor", "Temps")), "561720": (7, ("Cleaning", "Janitorial")),
    "721110": (7, ("Hotel", "Inn", "Suites")), "812112": (4, ("Nails",)),
    "811192": (3, ("Car Wash",)),
}
SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "tor", "sel", "dan", "par", "quin", "bel", "ro",
             "sun", "mar", "tel", "gra", "no", "vi", "che", "lu", "sa", "den", "ol", "fi")
CITIES = (("Chicago", "IL"), ("Los Angeles", "CA"), ("New York", "NY"), ("Houston", "TX"),
          ("Phoenix", "AZ"), ("Philadelphia", "PA"), ("San Antonio", "TX"), ("San Diego", "CA"),
          ("Dallas", "TX"), ("Miami", "FL"), ("Atlanta", "GA"), ("Denver", "CO"),
          ("Seattle", "WA"), ("Oakland", "CA"), ("Newark", "NJ"), ("Las Vegas", "NV"),
          ("Orlando", "FL"), ("Minneapolis", "MN"), ("Detroit", "MI"), ("Charlotte", "NC"))
CHANNELS, CHANNEL_WEIGHTS = ("web", "sms", "whatsapp", "voice"), (55, 30, 10, 5)
STORIES = ("They change the schedule the night before.", "My last check was short 6 hours.",
           "Cambian el horario la noche anterior.", "No break when it is hot.")
REPORT_COLUMNS = ("id", "receipt_hash", "channel", "locale", "received_on", "counted_on",
                  "organization_id", "employer_id", "worksite_id", "employer_name_given",
                  "employer_name_normalized", "city_given", "what_happened", "status",
                  "quote_approved")
ANSWER_COLUMNS = ("id", "report_id", "question_key", "option", "value_number")


class SyntheticDataError(RuntimeError):
    """Synthetic data would mix with real reports."""


@dataclass(frozen=True)
class GenerationStats:
    organizations: int
    employers: int
    worksites: int
    reports: int
    answers: int
    rollup_rows: int
    insert_seconds: float  # creating and loading everything, indexes and statistics included
    recompute_seconds: float  # the first full recompute of the rollups


@dataclass
class _Employer:
    id: int
    name: str
    normalized: str
    sites: list[tuple[int, str]]  # (worksite id, city)
    badness: float  # 0..1: how likely a problem answer is here


def generate(*, reports: int, employers: int, organizations: int = 3, seed: int = 1,
             quarters: int = 8) -> GenerationStats:
    """Create organizations, employers with worksites, and reports with answers received in the
    `quarters` ended quarters before the open one; recompute the rollups; commit. Refuses a
    database that has reports: synthetic figures must never mix with real ones."""
    if db.session.scalar(sa.select(Report.id).limit(1)) is not None:
        raise SyntheticDataError("the database already has reports; use an empty one")
    rng = random.Random(seed)
    started = perf_counter()
    connection = db.session.connection()
    organization_ids = _add_organizations(connection, organizations)
    profiles = _add_employers(connection, rng, employers)
    days, popularity = _days(quarters), _popularity(rng, len(profiles))
    answers = 0
    with _indexes_deferred(connection, ("report", "answer")):
        for first in range(0, reports, BATCH):
            report_rows, answer_rows = _reports(
                rng, profiles, popularity, organization_ids, days,
                [_random_id(rng) for _ in range(first, min(first + BATCH, reports))])
            _load(connection, Report, REPORT_COLUMNS, report_rows)
            _load(connection, Answer, ANSWER_COLUMNS, answer_rows)
            answers += len(answer_rows)
    if connection.dialect.name == "postgresql":
        # Ids were assigned here, so the sequences never moved: without this the next report
        # a worker sends would collide with synthetic id 1.
        for model in (Organization, Employer, Worksite):  # reports and answers: random ids
            connection.execute(sa.select(sa.func.setval(
                sa.func.pg_get_serial_sequence(model.__tablename__, "id"),
                sa.select(sa.func.coalesce(sa.func.max(model.id), 0) + 1).scalar_subquery(),
                False)))
    checkpoint()  # VACUUM runs outside a transaction, on what is committed
    _vacuum("organization", "employer", "worksite", "report", "answer")
    loaded = perf_counter()
    rollup_rows = recompute()
    checkpoint()
    _vacuum("rollup_count")
    return GenerationStats(
        len(organization_ids), len(profiles), sum(len(p.sites) for p in profiles), reports,
        answers, rollup_rows, loaded - started, perf_counter() - loaded)


class _OrganizationRow(TypedDict):
    id: int
    name: str
    slug: str


def _next_id(connection: sa.Connection, model: type[Organization | Employer | Worksite]) -> int:
    return (connection.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


def _add_organizations(connection: sa.Connection, count: int) -> list[int]:
    taken: set[str | None] = set(connection.execute(sa.select(Organization.name)).scalars())
    taken |= set(connection.execute(sa.select(Organization.slug)).scalars())
    rows: list[_OrganizationRow] = []
    next_id = _next_id(connection, Organization)
    for number in range(1, count * 10 + 1):  # skip names an earlier run or a person took
        name, slug = f"Synthetic Workers Center {number}", f"synthetic-{number}"
        if len(rows) < count and not {name, slug} & taken:
            rows.append({"id": next_id + len(rows), "name": name, "slug": slug})
    if rows:
        connection.execute(sa.insert(Organization), rows)
    return [row["id"] for row in rows]


def _add_employers(connection: sa.Connection, rng: random.Random, count: int) -> list[_Employer]:
    taken = set(connection.scalars(sa.select(Employer.normalized_name)))
    codes, weights = list(NAICS_MIX), [weight for weight, _words in NAICS_MIX.values()]
    employer_id, site_id = _next_id(connection, Employer), _next_id(connection, Worksite)
    profiles: list[_Employer] = []
    employer_rows: list[dict[str, object]] = []
    site_rows: list[dict[str, object]] = []
    while len(profiles) < count:
        code = rng.choices(codes, weights)[0]
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = f"{word} {rng.choice(NAICS_MIX[code][1])}"
        if normalize_employer_name(name) in taken:  # past a few thousand, names repeat
            name = f"{name} {rng.choice(SYLLABLES).capitalize()}{rng.randint(2, 999)}"
        normalized = normalize_employer_name(name)
        if normalized in taken:
            continue
        taken.add(normalized)
        employer_rows.append({"id": employer_id, "name": name, "normalized_name": normalized,
                              "naics_code": code})
        sites = [(site_id + i, city) for i, (city, _state) in enumerate(
            rng.sample(CITIES, rng.choice((1, 1, 1, 2, 2, 3))))]
        site_rows += [{"id": id_, "employer_id": employer_id, "label": f"{name}, {city}",
                       "city": city, "state": dict(CITIES)[city]} for id_, city in sites]
        profiles.append(_Employer(employer_id, name, normalized, sites, rng.betavariate(2, 3)))
        employer_id, site_id = employer_id + 1, site_id + len(sites)
    for model, rows in ((Employer, employer_rows), (Worksite, site_rows)):
        for start in range(0, len(rows), BATCH):
            connection.execute(sa.insert(model), rows[start:start + BATCH])
    return profiles


def _days(quarters: int) -> list[date]:
    """Every day of the ended quarters, repeated so that later quarters weigh more (a growing
    campaign), yet every quarter has reports."""
    days, quarter = [], open_quarter()
    for age in range(1, quarters + 1):
        end, quarter = quarter, quarter_of(quarter - timedelta(days=1))
        span = [quarter + timedelta(days=d) for d in range((end - quarter).days)]
        days.extend(span * (quarters + 1 - age + quarters // 2))
    return days


def _popularity(rng: random.Random, count: int) -> list[float]:
    """Cumulative Zipf weights over a shuffled ranking (so the giants are not simply the first
    ids), with some employers at zero; the top-ranked one always has reports."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    total, cumulative = 0.0, []
    for rank in ranks:
        total += 0.0 if rank > 1 and rng.random() < NEVER_REPORTED else rank ** -ZIPF
        cumulative.append(total)
    return cumulative


def _random_id(rng: random.Random) -> int:
    """Like models.ids.random_id, from the seeded generator (the same data every run)."""
    return rng.getrandbits(63) or 1


def _reports(rng, profiles, cumulative, organization_ids, days, report_ids):
    report_rows, answer_rows = [], []
    for report_id in report_ids:
        profile = profiles[bisect_right(cumulative, rng.random() * cumulative[-1])]
        site_id, city = rng.choice(profile.sites)
        day = rng.choice(days)
        # Most of an employer's reports come through the one organization organizing it, some
        # through another, some through none: rollups are as sparse as in a real campaign.
        roll = rng.random()
        organization = (None if not organization_ids or roll >= 0.9
                        else organization_ids[profile.id % len(organization_ids)] if roll < 0.75
                        else rng.choice(organization_ids))
        report_rows.append((
            report_id, f"{report_id:064x}", rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
            "es" if rng.random() < 0.4 else "en", day, day, organization, profile.id, site_id,
            profile.name, profile.normalized, city,
            rng.choice(STORIES) if rng.random() < 0.1 else None, "new", False))
        for key, option, number in _answers(rng, profile.badness):
            answer_rows.append((_random_id(rng), report_id, key, option, number))
    return report_rows, answer_rows


def _question_plans():
    """Per question: problem codes, other codes, how common the problem is (the cited prevalence
    where there is one, so indicators differ as in life), and number buckets."""
    plans = []
    for question in QUESTIONS:
        problem = PROBLEMS.get(question.key)
        codes = question.option_codes()
        bad = [c for c in codes if problem and c in problem.answers]
        rate = problem.prevalence.share if problem and problem.prevalence else 0.35
        bounds = [(float(b.lower), float("inf") if b.upper is None else float(b.upper), b.code)
                  for b in question.buckets]
        plans.append((question, bad, [c for c in codes if c not in bad] or list(codes),
                      min(0.95, rate * 2.5), bounds))
    return plans


_PLANS = _question_plans()


def _asked_keys(rng: random.Random) -> set[str]:
    """The questions one report was offered: the core and the topics the worker picked."""
    count = rng.choices([n for n, _w in MODULES_CHOSEN], [w for _n, w in MODULES_CHOSEN])[0]
    keys = {key for key in CORE_KEYS if rng.random() >= CORE_SKIPPED}
    for module in rng.sample(MODULES, count):
        keys.update(key for key in module.keys if rng.random() >= CORE_SKIPPED)
    return keys


def _answers(rng: random.Random, badness: float) -> list[tuple[str, str, int | Decimal | None]]:
    """(question_key, option, value_number) rows of one report: valid codes only."""
    rows: list[tuple[str, str, int | Decimal | None]] = []
    hours: int | None = None
    offered = _asked_keys(rng)
    given: dict[str, object] = {}  # what skip logic reads
    for question, bad, good, rate, bounds in _PLANS:
        if question.key not in offered or not question.is_asked(given):
            continue
        kind = question.answer_type
        if kind == AnswerType.SINGLE:
            pool = bad if bad and rng.random() < rate * badness else good
            given[question.key] = rng.choice(pool)
            rows.append((question.key, str(given[question.key]), None))
        elif kind == AnswerType.MULTI:  # the exclusive "none" alone, or some hazards
            chosen = [code for code in bad if rng.random() < 0.5 * badness]
            rows.extend((question.key, code, None) for code in chosen or ["none"])
        elif kind == AnswerType.INTEGER:
            # The fewest hours in a week never exceed the most (S6 comes before S7).
            top = hours if hours is not None and question.key == "S7" else 100
            value = max(0, min(top, int(rng.gauss(38 + 14 * badness, 9))))
            hours = value if question.key == "S6" else hours
            given[question.key] = value
            rows.append((question.key, _bucket_of(bounds, value), value))
        else:
            cents = max(200, min(6000, int(rng.gauss(1750 - 700 * badness, 350))))
            rows.append((question.key, _bucket_of(bounds, cents / 100), Decimal(cents) / 100))
    return rows


def _bucket_of(bounds: list[tuple[float, float, str]], value: float) -> str:
    # bucket limits are whole cents: floats will do
    return next(code for lower, upper, code in bounds if lower <= value < upper)


def _load(connection: sa.Connection, model: type[Report | Answer], columns: tuple[str, ...],
          rows: list[tuple]) -> None:
    if connection.dialect.name == "postgresql":
        # COPY is several times faster than executemany here (DESIGN.md: 137k vs 20k rows/s),
        # and runs in the session's transaction on the same driver connection.
        driver_connection = connection.connection.driver_connection
        assert driver_connection is not None  # None only once the connection is closed
        cursor = driver_connection.cursor()
        with cursor.copy(f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.execute(sa.insert(model), [dict(zip(columns, row, strict=True)) for row in rows])


@contextmanager
def _indexes_deferred(connection: sa.Connection, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the secondary indexes (on PostgreSQL also unique and foreign key constraints) and
    build them after the load, as PostgreSQL advises for bulk loads: ten report indexes and a
    foreign key check per row cost more than the row. DDL is transactional on both engines."""
    builds: list[str] = []
    checks: list[str] = []
    for table in tables:
        if connection.dialect.name == "sqlite":
            for name, definition in connection.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                    " AND sql IS NOT NULL", (table,)).all():
                connection.exec_driver_sql(f'DROP INDEX "{name}"')
                builds.append(definition)
            continue
        for name, kind, definition in connection.execute(sa.text(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = CAST(:table AS regclass) AND contype IN ('f', 'u')"),
                {"table": table}).all():
            connection.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            (checks if kind == "f" else builds).append(
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in connection.execute(sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = :table AND indexname NOT IN (SELECT conname FROM pg_constraint"
                " WHERE conrelid = CAST(:table AS regclass))"), {"table": table}).all():
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
            builds.append(definition)
    yield
    for statement in builds + checks:  # a foreign key needs the index it points at
        connection.exec_driver_sql(statement)


def _vacuum(*tables: str) -> None:
    """Statistics for the loaded tables, which every later plan depends on; on PostgreSQL also
    the visibility map, now rather than when autovacuum gets to it in the middle of a benchmark.
    Outside the transaction, as VACUUM must be."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # sampled: a full ANALYZE reads every index of a million reports
            connection.exec_driver_sql("PRAGMA analysis_limit=2000")
        for table in tables:
            connection.exec_driver_sql(f"{'ANALYZE' if sqlite else 'VACUUM ANALYZE'} {table}")
