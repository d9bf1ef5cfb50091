"""Rules every report must satisfy, whatever channel it came from."""

import unicodedata
from collections.abc import Mapping
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGE_CODES
from ..models import Channel
from ..survey import QUESTIONS_BY_KEY, AnswerRefused, Question
from ..survey.answers import TOGETHER
from ..survey.plan import not_asked

CHANNELS = frozenset(Channel)
MAX_EMPLOYER_NAME = 200
MAX_CITY = 100
MAX_FREE_TEXT = 2000

# What a channel passes per question: an option code, a list of codes (multi-choice) or a number.
RawAnswer = str | list[str] | tuple[str, ...] | Decimal | int | float
# Per question, the answer rows to store: (option code or number bucket, the number or None).
AnswerRows = dict[str, list[tuple[str, Decimal | None]]]


def clean_text(value: str | None, *, limit: int, multiline: bool = False) -> str | None:
    """Trim and tidy text. Control characters and lone surrogates go (PostgreSQL refuses NUL,
    UTF-8 cannot encode a surrogate). Too long → ValueError."""
    if value is None:
        return None
    kept = "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    cleaned = "\n".join(" ".join(line.split()) for line in kept.strip().splitlines())
    if not multiline:
        cleaned = " ".join(cleaned.split())
    if len(cleaned) > limit:
        raise ValueError
    return cleaned or None


Accepted = str | tuple[str, ...] | Decimal  # what Question.accept returns


def check_answers(answers: Mapping[str, RawAnswer], *,
                  earlier: Mapping[str, Accepted] | None = None,
                  ) -> tuple[AnswerRows, dict[str, str]]:
    """The (option, raw number) rows to store per question, and {key: reason} for each refused
    answer. What an answer may be is the question bank's to say (`Question.accept`).

    `earlier`: a stored report's accepted answers, when answers are added to it (topics after
    the core). An answer to a question that does not apply given the other answers (skip logic,
    `Question.is_asked`) was not asked for: it is left out, not refused, and counted nowhere."""
    accepted: dict[str, Accepted] = {}
    problems: dict[str, str] = {}
    for key, raw in answers.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question is None:
            problems[key] = _l("This question does not exist.")
            continue
        try:
            accepted[key] = question.accept(raw)
        except AnswerRefused as refused:
            problems[key] = refused.reason
    together = {**(earlier or {}), **accepted}
    for rule in TOGETHER:  # refused at the answer given now, of the two it concerns
        if not rule.holds(together):
            problems[rule.low if rule.low in answers else rule.high] = rule.reason
    for key in not_asked(together) & accepted.keys():
        del accepted[key]
    rows = {key: _rows(QUESTIONS_BY_KEY[key], value) for key, value in accepted.items()}
    return rows, problems


def _rows(question: Question, value: str | tuple[str, ...] | Decimal
          ) -> list[tuple[str, Decimal | None]]:
    if isinstance(value, Decimal):
        number = value.quantize(Decimal("0.01"))
        return [(question.bucket_for(number), number)]
    return [(code, None) for code in ([value] if isinstance(value, str) else value)]


def check_locale_and_channel(locale: str, channel: str) -> dict[str, str]:
    problems = {}
    if locale not in LANGUAGE_CODES:
        problems["locale"] = _l("This language is not available.")
    if channel not in CHANNELS:
        problems["channel"] = _l("Unknown channel.")
    return problems
