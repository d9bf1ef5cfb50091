"""Benchmark: resolving messy names against 10,000 employers with 30,000 aliases.

    .venv/bin/python benchmarks/matching.py [--employers 10000] [--names 2000]

Prints the time to build the in-memory index and p50/p99 per resolved name (target p99 ≤ 20 ms).
The registry is synthetic (random pronounceable names, three aliases each, a worksite each) and
lives in an in-memory SQLite database: resolving reads only the cached index.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("WORKER_VOICE_ENV", "development")

from worker_voice import create_app
from worker_voice.extensions import db
from worker_voice.models import Employer, EmployerAlias, Worksite
from worker_voice.registry.matching import registry_index, resolve
from worker_voice.registry.normalize import normalize_employer_name

SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "tor", "sel", "dan", "par", "quin", "bel", "ro",
             "sun", "mar", "tel", "gra", "no", "vi", "che", "lu"]
KINDS = ["Foods", "Logistics", "Cleaning", "Market", "Restaurant", "Staffing", "Care", "Motors",
         "Bakery", "Hotel", "Packing", "Services"]
CITIES = ["Chicago", "Houston", "Phoenix", "Miami", "Denver", "Seattle", "Oakland", "Atlanta"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--names", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(7)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        db.create_all()
        names, seen = [], set()
        while len(names) < args.employers:
            name = f"{word(rng)} {word(rng)} {rng.choice(KINDS)}"
            if normalize_employer_name(name) not in seen:
                seen.add(normalize_employer_name(name))
                names.append(name)
        db.session.execute(sa.insert(Employer), [
            {"id": i + 1, "name": n, "normalized_name": normalize_employer_name(n)}
            for i, n in enumerate(names)])
        aliases = [{"employer_id": i + 1, "name": alias,
                    "normalized_name": normalize_employer_name(alias), "source": "import"}
                   for i, n in enumerate(names)
                   for alias in (n.split()[0] + " " + n.split()[2], n.replace(" ", ""),
                                 f"{n} Inc #{rng.randint(1, 999)}")]
        db.session.execute(sa.insert(EmployerAlias), aliases)
        db.session.execute(sa.insert(Worksite), [
            {"employer_id": i + 1, "label": n, "city": rng.choice(CITIES)}
            for i, n in enumerate(names)])
        db.session.commit()

        started = time.perf_counter()
        registry_index()
        build = time.perf_counter() - started

        def messy(name):
            chars = list(name.lower())
            i = rng.randrange(1, len(chars) - 1)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            return rng.choice(["{}", "i work at {}", "trabajo en {}"]).format("".join(chars))

        queries = [messy(rng.choice(names)) for _ in range(args.names)]
        timings = []
        for query in queries:
            started = time.perf_counter()
            resolve(query, rng.choice(CITIES))
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(f"registry: {args.employers} employers, {len(aliases)} aliases; "
              f"index built in {build * 1000:.0f} ms")
        print(f"resolve: {len(queries)} names, p50 {statistics.median(timings):.2f} ms, "
              f"p99 {p99:.2f} ms (target p99 ≤ 20 ms)")


if __name__ == "__main__":
    main()
