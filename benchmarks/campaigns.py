"""Benchmark: what a campaign publishes, on synthetic data. Not a test: it prints figures.

    .venv/bin/python benchmarks/campaigns.py [--engines postgresql,sqlite] [--reports 1000000]
        [--employers 10000] [--calls 60] [--seed 1]

For each engine: `worker_voice.synthetic.generate` loads the reports (Zipf-like popularity, three
organizations, eight ended quarters) and the release is published; the three organizations form
a coalition, the largest employer gets ten "franchisees" (the next largest), and a coalition
campaign on it rolls them up over the last four quarters, with demands. The benchmark then
times, with the session removed before each call: the campaign's guarded figures
(`campaign_figures`), the API document of the campaign (`GET /api/v1/campaigns/<id>` through the
test client, token and rate limit included), the CSV and XLSX exports, and the dossier PDF in
English and in Chinese (the CJK font makes it the heaviest). The campaign is the largest
there is: the biggest employer with ten more of the biggest rolled up.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("WORKER_VOICE_ENV", "development")

from summaries import database, percentile, timed_calls

from worker_voice import create_app
from worker_voice.api.tokens import create_token
from worker_voice.campaigns.dossier import dossier_pdf
from worker_voice.campaigns.exports import export_campaign
from worker_voice.campaigns.figures import campaign_figures
from worker_voice.campaigns.service import CampaignPlan, Demand, open_campaign
from worker_voice.extensions import db
from worker_voice.insights.periods import quarter_of
from worker_voice.insights.release import publish
from worker_voice.models import Campaign, EmployerRelation, Organization, RollupCount
from worker_voice.models.rollup import REPORTS
from worker_voice.registry.coalitions import form_coalition
from worker_voice.synthetic import generate

FRANCHISEES = 10


def set_up_campaign() -> tuple[int, int, int]:
    """The coalition campaign on the largest employer and its ten franchisees; returns the
    campaign, the reading organization and how many reports the campaign's employers have."""
    sizes = db.session.execute(
        sa.select(RollupCount.employer_id, sa.func.sum(RollupCount.count).label("n"))
        .where(RollupCount.question_key == REPORTS).group_by(RollupCount.employer_id)
        .order_by(sa.desc("n")).limit(FRANCHISEES + 1)).all()
    target, *franchisees = [employer for employer, _n in sizes]
    db.session.add_all(EmployerRelation(kind="franchisee", from_employer_id=target,
                                        to_employer_id=franchisee) for franchisee in franchisees)
    organizations = list(db.session.scalars(sa.select(Organization.id)))
    db.session.commit()
    coalition = form_coalition(name="Benchmark coalition", organization_ids=organizations)
    start = quarter_of(date.today()) - timedelta(days=4 * 91)
    campaign = open_campaign(
        organization_id=organizations[0], coalition_id=coalition.id, plan=CampaignPlan(
            name="Benchmark campaign", target_employer_id=target, include=("franchisee",),
            goal="Fair schedules.", starts_on=start,
            demands=(Demand("S1", "Two weeks' notice"), Demand("W3", "Pay every hour"))))
    return campaign.id, organizations[0], sum(n for _e, n in sizes)


def run(engine: str, args) -> dict:
    with database(engine) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MIN_CELL_SIZE": 5, "REDIS_URL": "",
                          "RELEASE_DATE": quarter_of(date.today()),
                          "API_RATE_LIMIT": "1000000 per minute"})
        with app.app_context():
            db.create_all()
            stats = generate(reports=args.reports, employers=args.employers, seed=args.seed)
            publish()
            campaign_id, reader, reports = set_up_campaign()
            _, token = create_token(organization_id=reader, name="benchmark", created_by=None)
            print(f"[{engine}] {args.reports:,} reports loaded in {stats.insert_seconds:.0f} s; "
                  f"the campaign's 11 employers have {reports:,} reports", flush=True)

            def figures():
                return campaign_figures(campaign=db.session.get(Campaign, campaign_id),
                                        reader=reader)

            client = app.test_client()
            headers = {"Authorization": f"Bearer {token}"}
            results = {"figures": timed_calls([figures] * (args.calls + 5)),
                       "api": timed_calls([lambda: client.get(
                           f"/api/v1/campaigns/{campaign_id}", headers=headers)]
                           * (args.calls + 5))}
            with app.test_request_context():
                for fmt in ("csv", "xlsx"):
                    results[fmt] = timed_calls([lambda fmt=fmt: export_campaign(
                        campaign_id=campaign_id, organization_id=reader, fmt=fmt)] * 15)
                sizes = {}
                for locale in ("en", "zh_Hans"):
                    found = figures()
                    started = time.perf_counter()
                    sizes[locale] = len(dossier_pdf(found, locale))
                    results[f"pdf_{locale}"] = [(time.perf_counter() - started) * 1000]
            db.session.remove()
            db.engine.dispose()
    return {"results": results, "sizes": sizes, "reports": reports}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for engine in [e.strip() for e in args.engines.split(",") if e.strip()]:
        figures = run(engine, args)
        print(f"\n{engine}, {args.reports:,} reports (campaign over {figures['reports']:,}):")
        for key, label in (("figures", "campaign figures"), ("api", "API campaign document"),
                           ("csv", "CSV export"), ("xlsx", "XLSX export")):
            timings = figures["results"][key]
            print(f"  {label:<24} p50 {statistics.median(timings):8.1f} ms   "
                  f"p99 {percentile(timings, .99):8.1f} ms")
        for locale in ("en", "zh_Hans"):
            print(f"  dossier PDF, {locale:<11} {figures['results'][f'pdf_{locale}'][0]:8.0f} ms"
                  f"   {figures['sizes'][locale] / 1024:,.0f} KiB", flush=True)


if __name__ == "__main__":
    main()
