"""What an organizer's home page shows of the organization's own raw reports: what came in
since the day the last visit began, by employer and by topic, and what waits for a decision.

Only the collecting organization's reports are read: raw counts never leave it (figures about
an employer shown anywhere else come from the release, insights.release).
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..extensions import db
from ..models import Answer, Employer, Report
from ..survey import QUESTIONS, Category
from .bursts import MIN_BURST, Burst, held_bursts
from .review import waiting_for_quote, with_unread_answer

TOP_EMPLOYERS = 8
# "About your job" is asked of everyone: a topic is what a report says went wrong or right.
TOPICS = tuple(c for c in Category if c != Category.CONTEXT)


@dataclass(frozen=True)
class Overview:
    since: date | None  # the day the last visit began; None: a first visit
    new: int  # reports received since (all of them on a first visit)
    employers: tuple[tuple[int, str, int], ...]  # (employer id, name, reports), most first
    more_employers: int  # employers with new reports beyond those listed
    unmatched_new: int  # new reports whose employer name is not matched yet
    topics: tuple[tuple[Category, int], ...]  # (category, reports answering it), most first
    quotes: int  # stories waiting for a decision on quoting
    answers: int  # reports whose worker answered in the mailbox, not read yet
    unmatched: int  # employer names to match
    bursts: tuple[Burst, ...]
    burst_min: int


def visit_overview(*, organization_id: int, last_visit_on: date | None) -> Overview:
    """The organization's reports received since `last_visit_on` (a day: nothing orders
    reports within one; None counts every report), and what waits for a decision."""
    own = [Report.organization_id == organization_id,
           *([Report.received_on >= last_visit_on] if last_visit_on else [])]
    new = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(*own)) or 0
    by_employer = db.session.execute(
        sa.select(Employer.id, Employer.name, sa.func.count())
        .join(Report, Report.employer_id == Employer.id).where(*own)
        .group_by(Employer.id, Employer.name)
        .order_by(sa.func.count().desc(), Employer.name)).all()
    unmatched_new = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        *own, Report.employer_id.is_(None))) or 0
    return Overview(
        since=last_visit_on, new=new, employers=tuple(by_employer[:TOP_EMPLOYERS]),
        more_employers=max(0, len(by_employer) - TOP_EMPLOYERS), unmatched_new=unmatched_new,
        topics=_topics(own), quotes=_quotes(organization_id),
        answers=_unread_answers(organization_id), unmatched=_unmatched(
            organization_id), bursts=tuple(held_bursts(organization_id=organization_id)),
        burst_min=MIN_BURST)


def _topics(own: list) -> tuple[tuple[Category, int], ...]:
    """How many of the reports answered a question of each topic (the reports page's category
    filter finds the same reports)."""
    category_of = {q.key: q.category.value for q in QUESTIONS if q.category in TOPICS}
    category = sa.case(category_of, value=Answer.question_key)
    rows = db.session.execute(
        sa.select(category, sa.func.count(sa.distinct(Answer.report_id)))
        .join(Report, Report.id == Answer.report_id)
        .where(*own, Answer.question_key.in_(sorted(category_of)))
        .group_by(category)).all()
    counts = {Category(value): count for value, count in rows if value}
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], TOPICS.index(item[0]))))


def _quotes(organization_id: int) -> int:
    """The quote queue's length: the same condition as the queue (intake.review)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.organization_id == organization_id, *waiting_for_quote())) or 0


def _unread_answers(organization_id: int) -> int:
    """The answers queue's length: the same condition as the queue (intake.review)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.organization_id == organization_id, *with_unread_answer())) or 0


def _unmatched(organization_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(
        Report.employer_name_normalized))).where(Report.employer_id.is_(None),
                                                 Report.organization_id == organization_id)) or 0
