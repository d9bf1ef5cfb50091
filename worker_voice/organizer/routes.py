"""Employers' guarded figures: the list, the rankings and each employer's page."""

from collections.abc import Sequence

from flask import abort, render_template, request
from flask_login import current_user

from ..insights.briefing import (
    category_trends,
    employer_briefing,
    industry_of,
    related_figures,
    standouts,
)
from ..insights.disclosure import EVERYONE, INDICATORS, Scope, related_kinds
from ..insights.release import places, published_employers, ranked
from ..insights.review import unmatched_report_count
from ..models import Coalition
from ..registry.coalitions import targeting
from ..registry.labels import RELATION_LABELS
from ..registry.linking import merged_into
from ..registry.sectors import sector_label
from ..survey import CATEGORY_LABELS
from ..survey.problems import PROBLEMS
from . import bp, require_organization

PAGE_SIZE = 50


def reader_scope() -> Scope:
    """An organization reads its own reports' figures; a platform admin outside any
    organization (or asking for it) reads every organization's."""
    if current_user.is_platform_admin and (current_user.membership is None
                                           or request.args.get("scope") == "all"):
        return EVERYONE
    return Scope.own(require_organization())


def _place_filter(scope: Scope) -> dict:
    """The sector and region asked for, when they are among those with published figures."""
    sectors, regions = places(scope=scope)
    sector = request.args.get("sector", "")
    region = request.args.get("region", "")
    return {"sector": sector if sector in sectors else "",
            "region": region if region in regions else "",
            "sectors": sectors, "regions": regions}


@bp.route("/employers")
def employers():
    scope = reader_scope()
    where = _place_filter(scope)
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = published_employers(scope=scope, sector=where["sector"],
                                      region=where["region"], offset=(page - 1) * PAGE_SIZE,
                                      limit=PAGE_SIZE)
    return render_template(
        "organizer/employers.html", employers=rows, total=total, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), scope=scope, sector_label=sector_label, **where,
        unmatched=unmatched_report_count(organization_id=scope.reader) if scope.reader else 0,
    )


@bp.route("/rankings")
def rankings():
    """Per indicator, the employers where most workers report the problem, and the
    exemplars: employers whose workers report good conditions."""
    scope = reader_scope()
    where = _place_filter(scope)
    keys = [q.key for q in INDICATORS]
    key = request.args.get("indicator", keys[0])
    if key not in keys:
        key = keys[0]
    worst = ranked(scope=scope, question_key=key, sector=where["sector"], region=where["region"])
    exemplars, _total = published_employers(scope=scope, sector=where["sector"],
                                            region=where["region"], exemplars=True, limit=15)
    return render_template(
        "organizer/rankings.html", scope=scope, indicators=INDICATORS, problems=PROBLEMS,
        key=key, worst=worst, exemplars=exemplars, sector_label=sector_label, **where,
    )


@bp.route("/employers/<int:employer_id>")
def employer(employer_id: int) -> str:
    scope = reader_scope()
    return render_summary(employer_id, scope, coalitions=targeting(
        employer_id=employer_id, organization_id=scope.reader) if scope.reader else [])


def render_summary(employer_id: int, scope: Scope, *, coalition: Coalition | None = None,
                   coalitions: Sequence[Coalition] = ()) -> str:
    """The employer briefing: tier, scores and the problems that stand out first, then each
    category's indicators against the industry with its trend."""
    kinds = related_kinds(employer_id)
    include = [kind for kind in request.args.getlist("include") if kind in kinds]
    briefing = employer_briefing(employer_id=employer_id, scope=scope, include=include)
    if briefing is None:
        abort(404)
    summary = briefing.summary
    found = standouts(summary)
    return render_template(
        "organizer/employer.html", summary=summary, category_labels=CATEGORY_LABELS,
        kinds=kinds, include=include, relation_labels=RELATION_LABELS, scope=scope,
        coalition=coalition, coalitions=coalitions, sector_label=sector_label,
        merged_into=merged_into(employer_id), standouts=found, industry_of=industry_of,
        marked={s.item.question.key: s.direction.value for s in found},
        trends={t.category: t for t in category_trends(summary, briefing.trend)},
        related=related_figures(employer_id=employer_id, scope=scope) if kinds else [],
    )
