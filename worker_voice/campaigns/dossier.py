"""Campaign dossiers: the campaign's figures as a PDF, in the language its reader chose.

The PDF shows the campaign page's CampaignFigures and nothing else, so it publishes exactly the
numbers the disclosure guard let through. It is written in the background when a queue is
configured (a PDF with CJK fonts takes longer than a page should), inline otherwise; the job
commits its progress so that the status page, in another request, can show it.

A dossier belongs to the organization that asked for it: its figures were read in that
organization's scope (a coalition member compares with its own organization's industry figures).
"""

import logging
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import defer

from ..audit import record
from ..extensions import db
from ..i18n import BY_CODE, LANGUAGE_CODES
from ..insights import ratings
from ..insights.briefing import category_trends
from ..insights.disclosure import IndicatorSummary, min_unanimous_size
from ..insights.release import MIN_PEERS
from ..jobs import enqueue
from ..models import Dossier, DossierState
from ..registry.sectors import sector_label
from ..survey import CATEGORY_LABELS, QUESTIONS_BY_KEY, Category
from ..survey.problems import SCORED_CATEGORIES
from ..uow import checkpoint, rollback
from .exports import ascii_slug
from .figures import CampaignFigures, campaign_figures
from .service import readable_campaign

log = logging.getLogger(__name__)

# Progress (percent) the job reports as it goes.
READING, RENDERING, WRITING, DONE = 10, 40, 90, 100
ACTIVE = (DossierState.QUEUED, DossierState.RUNNING)
# A job not done by then was lost (a worker stopped, or none runs): show it as failed, so the
# status page stops reloading and offers to try again.
GIVE_UP_AFTER = timedelta(minutes=15)
KEY_FINDINGS = 5
PAGE_SIZE = "letter"  # the campaigns are in the United States; "A4" elsewhere

# Noto Sans covers Latin (with Vietnamese); each CJK font draws Han characters the way its
# language writes them, so Chinese must come first with SC and Korean with KR. The other scripts
# follow as fallbacks for quotes in another language than the dossier's.
SCRIPT_FONTS = {
    "zh_Hans": ("Noto Sans CJK SC",),
    "ko": ("Noto Sans CJK KR",),
    "ar": ("Noto Naskh Arabic", "Noto Sans Arabic"),
}
FALLBACK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK KR", "Noto Naskh Arabic",
                  "Noto Sans Arabic")
# The one category the score leaves out; "About your job" is how the survey asks it.
CONTEXT_LABEL = _l("Pay level (not part of the score)")


class DossierError(Exception):
    """A dossier cannot be made as asked (a language we do not write in)."""


class DossierNotFound(Exception):
    pass


@dataclass(frozen=True)
class Section:
    """One category's indicators, with its score when the rating has one."""

    label: str
    score: float | None
    items: tuple[IndicatorSummary, ...]


def request_dossier(*, campaign_id: int, organization_id: int, locale: str) -> Dossier:
    """Queue a dossier in `locale` (replacing the organization's earlier one in that language);
    the job starts once this commits (inline, before the response leaves)."""
    # The campaign first: a campaign one may not read answers the same whatever was asked.
    campaign = readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    if locale not in LANGUAGE_CODES:
        raise DossierError(locale)
    db.session.execute(sa.delete(Dossier).where(
        Dossier.campaign_id == campaign.id, Dossier.organization_id == organization_id,
        Dossier.locale == locale))
    dossier = Dossier(campaign_id=campaign.id, organization_id=organization_id, locale=locale,
                      status=DossierState.QUEUED, progress=0)
    db.session.add(dossier)
    db.session.flush()
    record("dossier_requested", target=campaign.name, language=locale)
    enqueue(dossier_job, dossier_id=dossier.id)
    return dossier


def readable_dossier(*, campaign_id: int, dossier_id: int, organization_id: int) -> Dossier:
    """The organization's dossier of a campaign it can read."""
    readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    dossier = db.session.scalar(sa.select(Dossier).where(
        Dossier.id == dossier_id, Dossier.campaign_id == campaign_id,
        Dossier.organization_id == organization_id).options(defer(Dossier.pdf)))
    if dossier is None:
        raise DossierNotFound
    return dossier


def shown_status(dossier: Dossier, *, now: datetime | None = None) -> DossierState:
    """The status to show: a queued or running dossier that has taken too long has failed."""
    created = dossier.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes; they were stored in UTC
        created = created.replace(tzinfo=UTC)
    if dossier.status in ACTIVE and (now or datetime.now(UTC)) - created > GIVE_UP_AFTER:
        return DossierState.FAILED
    return dossier.status


def latest_dossiers(*, campaign_id: int, organization_id: int) -> list[Dossier]:
    """The organization's dossiers of the campaign (one per language), newest first."""
    readable_campaign(campaign_id=campaign_id, organization_id=organization_id)
    return list(db.session.scalars(
        sa.select(Dossier).where(Dossier.campaign_id == campaign_id,
                                 Dossier.organization_id == organization_id)
        .options(defer(Dossier.pdf)).order_by(Dossier.id.desc())))


def download_dossier(*, campaign_id: int, dossier_id: int,
                     organization_id: int) -> tuple[bytes, str]:
    """The PDF and a file name for it; the download is written to the audit log."""
    dossier = readable_dossier(campaign_id=campaign_id, dossier_id=dossier_id,
                               organization_id=organization_id)
    if dossier.status != DossierState.DONE or dossier.pdf is None:
        raise DossierNotFound
    pdf, name = dossier.pdf, dossier.campaign.name
    record("dossier_downloaded", target=name, language=dossier.locale)
    return pdf, dossier_filename(name, dossier.locale)


def dossier_filename(campaign_name: str, locale: str) -> str:
    """An ASCII file name ("dossier-fair-food-now-zh-hans.pdf"): every browser and mail client
    keeps it, whatever script the campaign's name is in."""
    return f"dossier-{ascii_slug(campaign_name) or 'campaign'}-{ascii_slug(locale)}.pdf"


def dossier_job(*, dossier_id: int) -> None:
    """The background job. A failure marks the dossier failed and logs only the error's type:
    a message or traceback could quote campaign text or figures."""
    try:
        generate_dossier(dossier_id=dossier_id)
    except Exception as error:
        rollback()
        log.error("dossier %d failed: %s", dossier_id, type(error).__name__)
        _mark_failed(dossier_id)


def generate_dossier(*, dossier_id: int) -> None:
    """Read the figures, render, write the PDF; each step's progress is committed (a
    checkpoint of the job's unit of work), so that the status page can show it."""
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or dossier.status != DossierState.QUEUED:
        return  # replaced by a newer request, or already taken by another worker
    _advance(dossier, READING, status=DossierState.RUNNING)
    # The organization may have left the coalition since it asked.
    campaign = readable_campaign(campaign_id=dossier.campaign_id,
                                 organization_id=dossier.organization_id)
    figures = campaign_figures(campaign=campaign, reader=dossier.organization_id)
    _advance(dossier, RENDERING)
    html = render_dossier_html(figures, dossier.locale)
    _advance(dossier, WRITING)
    pdf = pdf_from_html(html)
    dossier.pdf = pdf
    dossier.finished_at = datetime.now(UTC)
    _advance(dossier, DONE, status=DossierState.DONE)


def _advance(dossier: Dossier, progress: int, *, status: DossierState | None = None) -> None:
    dossier.progress = progress
    if status:
        dossier.status = status
    checkpoint()


def _mark_failed(dossier_id: int) -> None:
    try:
        db.session.execute(sa.update(Dossier).where(Dossier.id == dossier_id)
                           .values(status=DossierState.FAILED, finished_at=datetime.now(UTC)))
        checkpoint()
    except Exception as error:
        rollback()
        log.error("dossier %d could not be marked failed: %s", dossier_id,
                  type(error).__name__)


def dossier_pdf(figures: CampaignFigures, locale: str) -> bytes:
    return pdf_from_html(render_dossier_html(figures, locale))


def pdf_from_html(html: str) -> bytes:
    """WeasyPrint, fetching nothing: the dossier has no external resources, and text from
    campaigns and quotes must never make the server read a file or a URL."""
    from weasyprint import HTML  # slow to import; only the job needs it
    from weasyprint.urls import URLFetcher

    # Tagged PDF/UA: screen readers follow headings, tables and reading order (a council
    # member or journalist who is blind reads the same dossier); costs no time, ~35 KB.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)


def render_dossier_html(figures: CampaignFigures, locale: str, *,
                        made_on: date | None = None) -> str:
    with force_locale(locale):
        return render_template("campaigns/dossier.html",
                               **dossier_context(figures, locale, made_on=made_on))


def dossier_context(figures: CampaignFigures, locale: str, *,
                    made_on: date | None = None) -> dict:
    summary = figures.summary
    campaign = figures.campaign
    rating = summary.rating if summary.enough else None
    return {
        "figures": figures, "summary": summary, "campaign": campaign,
        "language": BY_CODE[locale], "fonts": font_stack(locale), "page_size": PAGE_SIZE,
        "k": summary.min_cell_size, "unanimous": min_unanimous_size(), "rating": rating,
        "findings": key_findings(figures), "sections": sections(figures),
        "trends": category_trends(figures.summary, figures.trend),
        "category_label": category_label, "demands": demands(figures),
        "made_on": made_on or datetime.now(UTC).date(), "direction": direction,
        "sector": sector_label(summary.sector) if summary.sector else "",
        "ratings": ratings, "min_peers": MIN_PEERS,
        "scored_categories": [CATEGORY_LABELS[c] for c in SCORED_CATEGORIES],
    }


def font_stack(locale: str) -> str:
    """The CSS font-family list for a language, for the page and for the charts' SVG text."""
    own = SCRIPT_FONTS.get(locale, ())
    first = (*own, "Noto Sans") if BY_CODE[locale].rtl else ("Noto Sans", *own)
    names = list(dict.fromkeys((*first, *FALLBACK_FONTS)))
    return ", ".join(f'"{name}"' for name in names) + ", sans-serif"


def direction(text: str) -> str:
    """"rtl" or "ltr", from the first letter: what organizers and workers wrote keeps its own
    direction inside a page in another (a Spanish quote in an Arabic dossier)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def key_findings(figures: CampaignFigures) -> list[IndicatorSummary]:
    """The indicators with the largest published shares: what a reader should see first."""
    shown = [(item, item.measure) for item in figures.summary.indicators
             if item.measure is not None]
    shown.sort(key=lambda pair: (-pair[1].share, -pair[1].n, pair[0].question.key))
    return [item for item, _measure in shown[:KEY_FINDINGS]]


def sections(figures: CampaignFigures) -> list[Section]:
    """The indicators by category, in the survey's order."""
    summary = figures.summary
    scores = summary.rating.categories if summary.rating else {}
    grouped: dict[Category, list[IndicatorSummary]] = {}
    for item in summary.indicators:
        grouped.setdefault(item.question.category, []).append(item)
    return [Section(category_label(category), scores.get(category), tuple(items))
            for category, items in grouped.items()]


def category_label(category: Category) -> str:
    return str(CONTEXT_LABEL if category == Category.CONTEXT else CATEGORY_LABELS[category])


def demands(figures: CampaignFigures) -> list[tuple]:
    """(demand text, the question that measures it, its published figure or None)."""
    return [(d.demand.text, QUESTIONS_BY_KEY.get(d.demand.question_key),
             d.indicator if d.indicator is not None and d.indicator.measure is not None
             else None)
            for d in figures.demands]
