"""Bursts: more reports for one employer in a day than its own history makes plausible, or
near-identical reports arriving together. Such reports are stored but held (not counted) at
intake, until an organizer of the collecting organization releases or rejects them.

The rule, stated once (README and the organizer pages say the same):

- a report is held when, with it, its employer has more reports received that day than
  max(MIN_BURST, BURST_FACTOR × the employer's mean counted reports per day over the 30 days
  before); or
- when it is at least the IDENTICAL_LIMIT-th report that day for that employer with the same
  answers, or nearly: of the questions either answers, at least NEAR_SHARE are answered alike by
  both (so changing one or two answers in ten does not make a stuffed report look new).

Reports carry only the day they were received, so a burst is a (collecting organization,
employer, day) with held reports. Nothing here knows who sent a report.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import Answer, Employer, Report, ReportStatus
from ..models.report import UNCOUNTED

MIN_BURST = 5  # reports a day any employer may get without history
BURST_FACTOR = 3  # times the trailing daily mean
HISTORY_DAYS = 30
IDENTICAL_LIMIT = 3  # the 3rd report with the same answers, same employer and day, is held
NEAR_SHARE = 0.8  # questions answered alike, of all either answers, to count as the same

AnswerVector = frozenset[tuple[str, str]]


def plausible_per_day(*, employer_id: int, day: date) -> float:
    """How many reports a day this employer may get before they are a burst."""
    counted = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.employer_id == employer_id,
        Report.received_on >= day - timedelta(days=HISTORY_DAYS), Report.received_on < day,
        Report.status.not_in(sorted(UNCOUNTED))))
    return max(MIN_BURST, BURST_FACTOR * (counted or 0) / HISTORY_DAYS)


def is_burst(*, employer_id: int, day: date, answers: Iterable[tuple[str, str]]) -> bool:
    """Whether one more report for this employer on this day, with these (question, option)
    answers, belongs to a burst (see the module's rule)."""
    today = db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.employer_id == employer_id, Report.received_on == day,
        Report.status.not_in([ReportStatus.SPAM, ReportStatus.DUPLICATE])))
    if (today or 0) + 1 > plausible_per_day(employer_id=employer_id, day=day):
        return True
    vector = frozenset(answers)
    same = sum(1 for other in _vectors(employer_id=employer_id, day=day).values()
               if alike(other, vector))
    return same + 1 >= IDENTICAL_LIMIT


def alike(one: AnswerVector, other: AnswerVector) -> bool:
    """The same answers, or nearly: NEAR_SHARE of the questions either report answers are
    answered alike (a multi-choice question alike when the same options are chosen)."""
    mine, theirs = _by_question(one), _by_question(other)
    questions = mine.keys() | theirs.keys()
    same = sum(1 for key in questions if mine.get(key) == theirs.get(key))
    return same >= NEAR_SHARE * len(questions)


def _by_question(vector: AnswerVector) -> dict[str, frozenset[str]]:
    options: dict[str, set[str]] = {}
    for key, option in vector:
        options.setdefault(key, set()).add(option)
    return {key: frozenset(chosen) for key, chosen in options.items()}


def _vectors(*, employer_id: int, day: date) -> dict[int, AnswerVector]:
    """The answers of each report for this employer received on this day."""
    vectors: dict[int, set[tuple[str, str]]] = {}
    rows = db.session.execute(
        sa.select(Report.id, Answer.question_key, Answer.option)
        .outerjoin(Answer, Answer.report_id == Report.id)
        .where(Report.employer_id == employer_id, Report.received_on == day))
    for report_id, key, option in rows:
        answered = vectors.setdefault(report_id, set())
        if key is not None:
            answered.add((key, option))
    return {report_id: frozenset(answered) for report_id, answered in vectors.items()}


@dataclass(frozen=True)
class Burst:
    """Held reports of one collecting organization for one employer, received on one day or
    on consecutive days (first to last)."""

    employer_id: int | None  # None: a name not matched yet (employer_name is what was typed)
    employer_name: str
    first: date
    last: date
    size: int
    identical: int  # how many of them share the most common set of answers


def held_bursts(*, organization_id: int) -> list[Burst]:
    """The organization's held reports, grouped by employer and run of days, newest first."""
    held = db.session.execute(
        sa.select(Report.id, Report.employer_id, Report.employer_name_given, Report.received_on)
        .where(Report.organization_id == organization_id, Report.status == ReportStatus.HELD)
        .order_by(Report.received_on)).all()
    answers = _answers_of([row[0] for row in held])
    runs: dict[int | str, list[tuple[date, date, list[int]]]] = {}
    names: dict[int | str, str] = {}
    for report_id, employer_id, name, day in held:
        key: int | str = employer_id if employer_id is not None else f"name:{name}"
        names.setdefault(key, name)
        spans = runs.setdefault(key, [])
        if spans and day - spans[-1][1] <= timedelta(days=1):
            first, _last, ids = spans[-1]
            spans[-1] = (first, day, [*ids, report_id])
        else:
            spans.append((day, day, [report_id]))
    bursts = []
    for key, spans in runs.items():
        employer_id = key if isinstance(key, int) else None
        name = _employer_name(employer_id) or names[key]
        for first, last, ids in spans:
            vectors: dict[AnswerVector, int] = {}
            for report_id in ids:
                vector = answers.get(report_id, frozenset())
                vectors[vector] = vectors.get(vector, 0) + 1
            bursts.append(Burst(employer_id, name, first, last, len(ids), max(vectors.values())))
    return sorted(bursts, key=lambda burst: (burst.last, burst.employer_name), reverse=True)


def burst_reports(*, organization_id: int, employer_id: int | None, first: date, last: date,
                  employer_name: str | None = None) -> list[Report]:
    """The held reports making up one burst (a name not yet matched stands for its employer)."""
    employer = (Report.employer_id == employer_id if employer_id is not None
                else sa.and_(Report.employer_id.is_(None),
                             Report.employer_name_given == (employer_name or "")))
    return list(db.session.scalars(sa.select(Report).where(
        Report.organization_id == organization_id, Report.status == ReportStatus.HELD,
        Report.received_on >= first, Report.received_on <= last, employer)))


def _answers_of(report_ids: list[int]) -> dict[int, AnswerVector]:
    found: dict[int, set[tuple[str, str]]] = {}
    for start in range(0, len(report_ids), 500):
        for report_id, key, option in db.session.execute(
                sa.select(Answer.report_id, Answer.question_key, Answer.option)
                .where(Answer.report_id.in_(report_ids[start:start + 500]))):
            found.setdefault(report_id, set()).add((key, option))
    return {report_id: frozenset(answered) for report_id, answered in found.items()}


def _employer_name(employer_id: int | None) -> str | None:
    employer = db.session.get(Employer, employer_id) if employer_id is not None else None
    return employer.name if employer else None
