"""Rules every report must satisfy, whatever channel it came from."""

import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGE_CODES
from ..survey import QUESTIONS_BY_KEY, AnswerType, Question

CHANNELS = frozenset({"web", "sms", "whatsapp", "voice", "demo"})
MAX_EMPLOYER_NAME = 200
MAX_CITY = 100
MAX_FREE_TEXT = 2000

# What a channel passes per question: an option code, a list of codes (multi-choice) or a number.
RawAnswer = str | list[str] | tuple[str, ...] | Decimal | int | float


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


def check_answer(question: Question, raw: RawAnswer) -> list[tuple[str, Decimal | None]]:
    """Return the (option, raw number) rows to store for one answer, or raise ValueError."""
    if question.answer_type == AnswerType.SINGLE:
        if not isinstance(raw, str) or raw not in question.option_codes():
            raise ValueError
        return [(raw, None)]
    if question.answer_type == AnswerType.MULTI:
        chosen = [raw] if isinstance(raw, str) else list(raw)
        if not chosen or len(set(chosen)) != len(chosen):
            raise ValueError
        if any(code not in question.option_codes() for code in chosen):
            raise ValueError
        exclusive = {option.code for option in question.options if option.exclusive}
        if len(chosen) > 1 and exclusive & set(chosen):
            raise ValueError
        return [(code, None) for code in chosen]
    try:
        number = Decimal(str(raw))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    if question.answer_type == AnswerType.INTEGER and number != number.to_integral_value():
        raise ValueError
    if question.minimum is not None and number < question.minimum:
        raise ValueError
    if question.maximum is not None and number > question.maximum:
        raise ValueError
    number = number.quantize(Decimal("0.01"))
    return [(question.bucket_for(number), number)]


def check_answers(answers: Mapping[str, RawAnswer]) -> tuple[dict, dict[str, str]]:
    rows: dict[str, list[tuple[str, Decimal | None]]] = {}
    problems: dict[str, str] = {}
    for key, raw in answers.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question is None:
            problems[key] = _l("This question does not exist.")
            continue
        try:
            rows[key] = check_answer(question, raw)
        except ValueError:
            problems[key] = _l("This answer is not one of the choices.")
    low, high = rows.get("S7"), rows.get("S6")
    if low and high and low[0][1] > high[0][1]:
        problems["S7"] = _l("The fewest hours cannot be more than the most hours.")
    return rows, problems


def check_locale_and_channel(locale: str, channel: str) -> dict[str, str]:
    problems = {}
    if locale not in LANGUAGE_CODES:
        problems["locale"] = _l("This language is not available.")
    if channel not in CHANNELS:
        problems["channel"] = _l("Unknown channel.")
    return problems
