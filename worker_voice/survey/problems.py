"""What counts as a problem, per indicator, so that a summary reads "share of the workers who
answered this who had this problem".

`problem` are the answers that count as the problem; `not_counted` are answers that say the
question does not apply ("I don't get tips") or that the worker is not sure: they leave the
denominator. For numbers the problem is a range of the buckets; the raw number is stored with
the answer, because legal thresholds (minimum wage, notice periods) differ by jurisdiction and a
deployment may apply its own. Published prevalence comes from ../shared/question-bank.md and is
context, not a target.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .model import AnswerType, Category, Question


@dataclass(frozen=True)
class Prevalence:
    share: float
    population: str  # lazy gettext
    source: str


@dataclass(frozen=True)
class Problem:
    statement: str  # lazy gettext: what the share counts, as a reader reads it
    answers: frozenset[str]
    not_counted: frozenset[str] = frozenset()
    prevalence: Prevalence | None = None


def _p(statement: str, answers: Iterable[str], not_counted: Iterable[str] = (),
       prevalence: Prevalence | None = None) -> Problem:
    return Problem(statement, frozenset(answers), frozenset(not_counted), prevalence)


BLUW = _l("low-wage front-line workers in Chicago, Los Angeles and New York, 2008")
SHIFT = _l("service-sector workers at large chains")

PROBLEMS: dict[str, Problem] = {
    "S1": _p(_l("got their schedule less than 2 weeks ahead"), {"lt3d", "3to6d", "1to2w"},
             prevalence=Prevalence(0.60, SHIFT, "Shift")),
    "S2": _p(_l("had a shift time changed with less than 24 hours notice"), {"yes"},
             prevalence=Prevalence(0.57, SHIFT, "Shift")),
    "S3": _p(_l("had a shift cut or cancelled with less than 24 hours notice"), {"yes"},
             prevalence=Prevalence(0.13, SHIFT, "Shift")),
    "S4": _p(_l("had to be on call"), {"yes"}, prevalence=Prevalence(0.27, SHIFT, "Shift")),
    "S5": _p(_l("worked a clopening (under 11 hours between shifts)"), {"yes"},
             prevalence=Prevalence(0.50, SHIFT, "Shift")),
    "S6": _p(_l("worked 50 hours or more in a week"), {"h50_plus"}),
    "S7": _p(_l("had a week with fewer than 20 hours"), {"h0_19"}),
    "S8": _p(_l("want more hours than they get"), {"yes"},
             prevalence=Prevalence(0.20, SHIFT, "Shift")),
    "S9": _p(_l("were not paid extra for last-minute changes"), {"no"}, {"no_changes"}),
    "W1": _p(_l("were paid below the minimum wage"), {"yes"}, {"unsure"},
             Prevalence(0.26, BLUW, "BLUW")),
    "W2": _p(_l("worked overtime without overtime pay"), {"yes"}, {"under40"},
             Prevalence(0.76, BLUW, "BLUW")),
    "W3": _p(_l("worked off the clock without pay"), {"yes"},
             prevalence=Prevalence(0.70, BLUW, "BLUW")),
    "W4": _p(_l("had a meal break skipped, cut or interrupted"), {"yes"}, {"not_owed"}),
    "W5": _p(_l("had tips kept by a boss"), {"yes"}, {"no_tips"},
             Prevalence(0.12, BLUW, "BLUW")),
    "W6": _p(_l("had money taken from their pay"), {"yes"}),
    "W7": _p(_l("were paid late or not at all"), {"yes"}),
    "W8": _p(_l("get no pay stub"), {"cash_only", "no_stub"}),
    "W9": _p(_l("are paid as contractors while the company sets their work"), {"yes"},
             {"unsure"}),
    "H1": _p(_l("were hurt or made sick by the job"), {"yes_missed", "yes_worked"}),
    "H2": _p(_l("were discouraged from reporting an injury"), {"yes"}, {"not_hurt"}),
    "H3": _p(_l("are exposed to at least one hazard"),
             {"heat", "chemicals", "lifting", "machines", "violence"}),
    "H4": _p(_l("lack free safety gear or training"), {"no", "partly"}),
    "H5": _p(_l("were pushed to work unsafely fast"), {"yes"}),
    "H6": _p(_l("cannot always get water or a bathroom"), {"no", "sometimes"}),
    "V1": _p(_l("say their supervisor does not treat them with respect"),
             {"disagree", "strongly_disagree"}),
    "V2": _p(_l("were yelled at, threatened or sexually harassed"), {"yes"}),
    "V3": _p(_l("were treated unfairly because of who they are"), {"yes"}),
    "R1": _p(_l("cannot speak up without fear"), {"no"}, {"unsure"}),
    "R2": _p(_l("were punished for complaining or organizing (of those who did)"),
             {"yes_punished"}, {"no"}, Prevalence(0.43, BLUW, "BLUW")),
    "B1": _p(_l("cannot stay home sick and still get paid"), {"no"}, {"unsure"}),
    "B2": _p(_l("have no health insurance they can afford"), {"no", "yes_too_costly"}),
    "T1": _p(_l("got no training or chance to move up"), {"no"}),
    "C1": _p(_l("earn under $15 an hour"), {"w0_7", "w7_12", "w12_15"}),
}

# Categories that make up the job-quality score; "context" (pay level, job) is shown, not scored.
SCORED_CATEGORIES = (
    Category.SCHEDULING, Category.WAGE_THEFT, Category.SAFETY, Category.SUPERVISION,
    Category.VOICE, Category.BENEFITS, Category.TRAINING,
)


def problem_of(question: Question) -> Problem | None:
    return PROBLEMS.get(question.key)


def split(question: Question, counts: dict[str, int], answered: int) -> tuple[int, int]:
    """(workers with the problem, workers it applies to) from one question's option counts.

    Multi-choice: a worker has the problem if they chose any problem answer; since "none of
    these" is exclusive, that is everyone who answered minus those who chose none.
    """
    problem = PROBLEMS[question.key]
    if question.answer_type == AnswerType.MULTI:
        exclusive = sum(counts.get(o.code, 0) for o in question.options if o.exclusive)
        return answered - exclusive, answered
    eligible = answered - sum(counts.get(code, 0) for code in problem.not_counted)
    return sum(counts.get(code, 0) for code in problem.answers), eligible
