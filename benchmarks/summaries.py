"""Benchmark: guarded employer summaries, ranked lists, the full recompute and publishing, at
10,000 and 1,000,000 synthetic reports, on PostgreSQL and SQLite in one run. Not a test: it
prints figures.

    .venv/bin/python benchmarks/summaries.py [--engines postgresql,sqlite] [--reports 1000000]
        [--employers 10000] [--small-reports 10000] [--small-employers 1000]
        [--summaries 300] [--rankings 200] [--seed 1]

For each engine and size: `worker_voice.synthetic.generate` loads the data (Zipf-like employer
popularity, ≈ 12 answers a report, eight ended quarters) and recomputes the rollups; then the
benchmark times a second full `recompute()`, `publish()`, `employer_summary` for EVERYONE on a
mix of employers (half drawn by report count, so the biggest dominate, half at random, always
including the single largest), `ranked` over varying questions, sectors and regions, and the
exemplars listing (`published_employers(exemplars=True)`). The session is removed before every
call, so each one runs its queries instead of reading the identity map. A few warm-up calls are
not counted.

Targets: summary p99 ≤ 50 ms, ranked p99 ≤ 100 ms, recompute ≤ 30 s, and summary p99 at the
large size at most twice that at the small one (reading rollups must not grow with the data).
PostgreSQL comes from BENCH_DATABASE_URL (default: the `test` database on 127.0.0.1), in a
schema of its own per dataset, dropped afterwards; SQLite is a temporary file (WAL). One
engine at a million reports takes 10 to 20 minutes on two cores.
"""

import argparse
import gc
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("WORKER_VOICE_ENV", "development")

from worker_voice import create_app
from worker_voice.extensions import db
from worker_voice.insights.disclosure import EVERYONE, INDICATORS
from worker_voice.insights.periods import quarter_of
from worker_voice.insights.release import EVERY, places, publish, published_employers, ranked
from worker_voice.insights.rollups import recompute
from worker_voice.insights.summaries import employer_summary
from worker_voice.models import Employer, PublishedEmployer, RollupCount
from worker_voice.models.rollup import REPORTS
from worker_voice.synthetic import generate

BASE_URL = os.environ.get("BENCH_DATABASE_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WARM_UP = 5
TARGETS = {"summary_p99": 50.0, "ranked_p99": 100.0, "recompute": 30.0, "ratio": 2.0}


def percentile(timings: list[float], share: float) -> float:
    """Nearest-rank percentile: the value below which `share` of the timings fall."""
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed_calls(calls) -> list[float]:
    """Milliseconds per call; the session is removed first, so nothing comes from its cache."""
    timings = []
    for number, call in enumerate(calls):
        db.session.remove()
        started = time.perf_counter()
        call()
        if number >= WARM_UP:
            timings.append((time.perf_counter() - started) * 1000)
    db.session.remove()
    return timings


def summary_calls(rng: random.Random, count: int):
    """The largest employer, then half drawn by report count and half uniformly."""
    sizes = dict(db.session.execute(
        sa.select(RollupCount.employer_id, sa.func.sum(RollupCount.count))
        .where(RollupCount.question_key == REPORTS).group_by(RollupCount.employer_id)).all())
    everyone = list(db.session.scalars(sa.select(Employer.id)))
    largest = max(sizes, key=sizes.get)
    ids = [largest] * WARM_UP + [largest]
    ids += rng.choices(list(sizes), weights=list(sizes.values()), k=(count - 1) // 2)
    ids += rng.choices(everyone, k=count - len(ids) + WARM_UP)
    head, tail = ids[:WARM_UP + 1], ids[WARM_UP + 1:]
    rng.shuffle(tail)
    calls = [partial(employer_summary, employer_id=e, scope=EVERYONE) for e in head + tail]
    return calls, largest, sizes[largest]


def ranked_calls(rng: random.Random, count: int):
    sectors, regions = places(scope=EVERYONE)
    keys = [question.key for question in INDICATORS]

    def place():
        sector = rng.choice([EVERY, EVERY, *sectors])
        region = rng.choice([EVERY, *regions]) if rng.random() < 0.5 else EVERY
        return sector, region

    ranked_list, exemplars = [], []
    for _ in range(count + WARM_UP):
        sector, region = place()
        ranked_list.append(partial(ranked, scope=EVERYONE, question_key=rng.choice(keys),
                                   sector=sector, region=region, best=rng.random() < 0.3))
        sector, region = place()
        exemplars.append(partial(published_employers, scope=EVERYONE, sector=sector,
                                 region=region, exemplars=True, offset=rng.choice([0, 0, 50]),
                                 limit=50))
    return ranked_list, exemplars


def run_dataset(engine: str, reports: int, employers: int, args) -> dict:
    label = f"{engine}, {reports:,} reports"
    with database(engine) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MIN_CELL_SIZE": 5, "REDIS_URL": "",
                          # Every generated report lies in an ended quarter, so all of it counts.
                          "RELEASE_DATE": quarter_of(date.today())})
        with app.app_context():
            db.create_all()
            stats = generate(reports=reports, employers=employers, seed=args.seed)
            print(f"[{label}] generated {stats.employers:,} employers, {stats.answers:,} "
                  f"answers in {stats.insert_seconds:.1f} s; first recompute "
                  f"{stats.recompute_seconds:.1f} s, {stats.rollup_rows:,} rollup rows",
                  flush=True)
            started = time.perf_counter()
            recompute()
            recompute_s = time.perf_counter() - started
            started = time.perf_counter()
            published = publish()
            publish_s = time.perf_counter() - started
            db.session.remove()
            print(f"[{label}] recompute {recompute_s:.1f} s, publish {publish_s:.1f} s "
                  f"({published.employers:,} employer figures)", flush=True)
            rng = random.Random(args.seed)
            calls, largest, largest_reports = summary_calls(rng, args.summaries)
            gc.collect()
            summaries = timed_calls(calls)
            largest_ms = timed_calls(calls[:1] * (WARM_UP + 20))
            ranked_list, exemplars = ranked_calls(rng, args.rankings)
            ranks, listings = timed_calls(ranked_list), timed_calls(exemplars)
            # The summaries again with the objects alive now (the app, mostly) frozen out of
            # the cyclic collector, as a server would after start-up: each full collection then
            # walks only what requests made, instead of pausing a call for tens of ms.
            gc.freeze()
            frozen = timed_calls(calls)
            gc.unfreeze()
            listed = db.session.scalar(sa.select(sa.func.count()).select_from(PublishedEmployer)
                                       .where(PublishedEmployer.scope == "all"))
            db.session.remove()
            db.engine.dispose()
    print(f"[{label}] done", flush=True)
    return {
        "generation": stats.insert_seconds, "recompute": recompute_s, "publish": publish_s,
        "rollup_rows": stats.rollup_rows, "answers": stats.answers, "listed": listed,
        "largest": f"#{largest}, {largest_reports:,} reports",
        "largest_p50": statistics.median(largest_ms),
        "summary_p50": statistics.median(summaries), "summary_p99": percentile(summaries, .99),
        "frozen_p50": statistics.median(frozen), "frozen_p99": percentile(frozen, .99),
        "ranked_p50": statistics.median(ranks), "ranked_p99": percentile(ranks, .99),
        "exemplars_p50": statistics.median(listings),
        "exemplars_p99": percentile(listings, .99),
    }


class database:
    """A private PostgreSQL schema or a temporary SQLite file, removed afterwards."""

    def __init__(self, engine: str):
        self.engine = engine

    def __enter__(self) -> str:
        if self.engine == "sqlite":
            self.directory = tempfile.mkdtemp(prefix="wv_bench_")
            return f"sqlite:///{self.directory}/bench.sqlite3"
        self.schema = f"wv_bench_{os.getpid()}_{time.monotonic_ns() % 10**6}"
        self.admin = sa.create_engine(BASE_URL)
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
        return f"{BASE_URL}?options=-csearch_path%3D{self.schema}"

    def __exit__(self, *_exc) -> None:
        if self.engine == "sqlite":
            shutil.rmtree(self.directory, ignore_errors=True)
            return
        with self.admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()


ROWS = (  # (label, key, format, target key)
    ("generation: load (s)", "generation", "{:.1f}", None),
    ("answers", "answers", "{:,}", None),
    ("rollup rows", "rollup_rows", "{:,}", None),
    ("employers published", "listed", "{:,}", None),
    ("largest employer", "largest", "{}", None),
    ("recompute (s)", "recompute", "{:.1f}", "recompute"),
    ("publish (s)", "publish", "{:.1f}", None),
    ("summary p50 (ms)", "summary_p50", "{:.1f}", None),
    ("summary p99 (ms)", "summary_p99", "{:.1f}", "summary_p99"),
    ("summary p50, gc.freeze() (ms)", "frozen_p50", "{:.1f}", None),
    ("summary p99, gc.freeze() (ms)", "frozen_p99", "{:.1f}", "summary_p99"),
    ("largest employer's summary p50 (ms)", "largest_p50", "{:.1f}", None),
    ("ranked p50 (ms)", "ranked_p50", "{:.1f}", None),
    ("ranked p99 (ms)", "ranked_p99", "{:.1f}", "ranked_p99"),
    ("exemplars p50 (ms)", "exemplars_p50", "{:.1f}", None),
    ("exemplars p99 (ms)", "exemplars_p99", "{:.1f}", None),
)


def print_table(engine: str, small: dict, large: dict, sizes: tuple[int, int]) -> None:
    print(f"\n{engine}: {sizes[0]:,} reports | {sizes[1]:,} reports | target")
    for label, key, form, target in ROWS:
        cells = [form.format(figures[key]) for figures in (small, large)]
        verdict = ""
        if target:
            limit = TARGETS[target]
            verdict = f"≤ {limit:g}: " + " / ".join(
                "ok" if figures[key] <= limit else "MISSED" for figures in (small, large))
        print(f"  {label:<38} {cells[0]:>18} {cells[1]:>22}   {verdict}")
    for key, label in (("summary_p99", ""), ("frozen_p99", ", gc.freeze()")):
        ratio = large[key] / small[key]
        verdict = "ok" if ratio <= TARGETS["ratio"] else "MISSED"
        print(f"  summary p99{label} {sizes[1]:,} / {sizes[0]:,}: {large[key]:.1f} / "
              f"{small[key]:.1f} ms = {ratio:.2f} (target ≤ {TARGETS['ratio']:g}: {verdict})",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="postgresql,sqlite",
                        help="comma-separated: postgresql, sqlite")
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--small-reports", type=int, default=10_000)
    parser.add_argument("--small-employers", type=int, default=1_000)
    parser.add_argument("--summaries", type=int, default=300)
    parser.add_argument("--rankings", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    unknown = set(engines) - {"postgresql", "sqlite"}
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    for engine in engines:
        small = run_dataset(engine, args.small_reports, args.small_employers, args)
        large = run_dataset(engine, args.reports, args.employers, args)
        print_table(engine, small, large, (args.small_reports, args.reports))


if __name__ == "__main__":
    main()
