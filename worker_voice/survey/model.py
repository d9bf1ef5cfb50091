"""The shape of a survey question, shared by every channel (web form, SMS, WhatsApp, voice).

Keys and option codes are stable: rollups, exports and the API are keyed by them, so wording may
change freely but a key or code never changes meaning. Options are listed in the order the SMS
channel numbers them (1, 2, 3 …).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .answers import (
    EXCLUSIVE,
    NOT_A_CHOICE,
    NOT_A_NUMBER,
    NOT_WHOLE,
    PAY_NOT_HOURS,
    AnswerRefused,
    AnswerUnreadable,
    out_of_range,
    read_number,
)


class Category(StrEnum):
    SCHEDULING = "scheduling"
    WAGE_THEFT = "wage_theft"
    SAFETY = "safety"
    SUPERVISION = "supervision"
    VOICE = "voice"
    BENEFITS = "benefits"
    TRAINING = "training"
    CONTEXT = "context"


class AnswerType(StrEnum):
    SINGLE = "single"  # one option (yes/no, ordinal scales, Likert)
    MULTI = "multi"  # any number of options
    INTEGER = "integer"  # a whole number, stored raw and counted in buckets
    DECIMAL = "decimal"  # a number with cents, stored raw and counted in buckets


class Unit(StrEnum):
    """What a number counts: an hours question refuses an amount of money."""

    HOURS = "hours"
    DOLLARS = "dollars"


@dataclass(frozen=True)
class Option:
    code: str
    label: str  # lazy gettext string
    exclusive: bool = False  # in a multi-choice question, "none of these"
    sms_label: str | None = None  # a shorter label where the SMS budget needs one


@dataclass(frozen=True)
class Bucket:
    """Numbers are counted in ranges: `lower <= value < upper` (upper None = no limit)."""

    code: str
    label: str
    lower: Decimal
    upper: Decimal | None


@dataclass(frozen=True)
class Screen:
    """An earlier question whose answer decides whether a follow-up applies: one of `options`
    (any of them, for a multi-choice answer), or a number above `above`."""

    key: str
    options: frozenset[str] = frozenset()
    above: Decimal | None = None

    def applies(self, value: object) -> bool:
        if self.above is not None:
            return Decimal(str(value)) > self.above
        if isinstance(value, list | tuple):
            return bool(self.options.intersection(value))
        return value in self.options


@dataclass(frozen=True)
class Question:
    key: str
    category: Category
    indicator: str  # short name of what is measured (lazy gettext)
    text: str  # the question as a worker reads it (lazy gettext)
    answer_type: AnswerType
    options: tuple[Option, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    sources: tuple[str, ...] = field(default=())
    sms_text: str | None = None  # a shorter wording where the SMS budget needs one
    unit: Unit | None = None  # numbers only
    # Skip logic: a follow-up is asked unless the answers to these earlier questions show it
    # does not apply (is_asked). Not asked is not "no": it is counted nowhere.
    screens: tuple[Screen, ...] = ()

    def __post_init__(self) -> None:
        if self.is_numeric and None in (self.minimum, self.maximum, self.unit):
            raise ValueError(f"{self.key}: a number needs a minimum, a maximum and a unit")

    @property
    def is_numeric(self) -> bool:
        return self.answer_type in (AnswerType.INTEGER, AnswerType.DECIMAL)

    @property
    def cells(self) -> tuple[Option | Bucket, ...]:
        """What a summary counts for this question, in display order."""
        return self.buckets if self.is_numeric else self.options

    @property
    def cells_are_exhaustive(self) -> bool:
        """True when each respondent falls in exactly one cell, so cells sum to n."""
        return self.answer_type != AnswerType.MULTI

    def is_asked(self, answers: Mapping[str, object]) -> bool:
        """Whether this question applies given the earlier answers (accepted values, keyed by
        question). A follow-up is left out only when every screening question was answered and
        none of those answers makes it apply: a screen the worker skipped, or was never asked,
        leaves the follow-up asked (it keeps its own "does not apply" answer for that)."""
        if not self.screens:
            return True
        given = [screen for screen in self.screens if _answered(answers.get(screen.key))]
        return len(given) < len(self.screens) or any(
            screen.applies(answers[screen.key]) for screen in given)

    def option_codes(self) -> tuple[str, ...]:
        return tuple(cell.code for cell in self.cells)

    @property
    def exclusive_codes(self) -> frozenset[str]:
        """Options that must be chosen alone ("none of these")."""
        return frozenset(option.code for option in self.options if option.exclusive)

    def accept(self, raw: object) -> str | tuple[str, ...] | Decimal:
        """The answer to store, from what a person gave: an option code, several codes
        (multi-choice, in the order given, repeats dropped) or a number, typed or not.

        Raises AnswerRefused (AnswerUnreadable when it is no answer at all) with the reason.
        """
        if self.answer_type == AnswerType.SINGLE:
            if not isinstance(raw, str) or raw not in self.option_codes():
                raise AnswerUnreadable(NOT_A_CHOICE)
            return raw
        if self.answer_type == AnswerType.MULTI:
            chosen = [raw] if isinstance(raw, str) else raw
            if not isinstance(chosen, list | tuple) or not chosen:
                raise AnswerUnreadable(NOT_A_CHOICE)
            codes = self.option_codes()
            if any(not isinstance(code, str) or code not in codes for code in chosen):
                raise AnswerUnreadable(NOT_A_CHOICE)
            picked = tuple(dict.fromkeys(chosen))
            if len(picked) > 1 and self.exclusive_codes & set(picked):
                raise AnswerRefused(EXCLUSIVE)
            return picked
        return self._accept_number(raw)

    def _accept_number(self, raw: object) -> Decimal:
        if isinstance(raw, str):
            reading = read_number(raw)
            if reading.looks_like_pay and self.unit != Unit.DOLLARS:
                raise AnswerRefused(PAY_NOT_HOURS if self.unit == Unit.HOURS else NOT_A_NUMBER)
            number = reading.number
        elif isinstance(raw, int | Decimal) and not isinstance(raw, bool):
            number = Decimal(raw)
        elif isinstance(raw, float):
            number = Decimal(str(raw))  # as written (14.5), not as stored in binary
        else:
            raise AnswerUnreadable(NOT_A_NUMBER)
        if not number.is_finite():
            raise AnswerUnreadable(NOT_A_NUMBER)
        if self.answer_type == AnswerType.INTEGER and number != number.to_integral_value():
            raise AnswerRefused(NOT_WHOLE)
        minimum, maximum = self.minimum, self.maximum
        assert minimum is not None and maximum is not None  # a number has both: __post_init__
        if not minimum <= number <= maximum:
            raise AnswerRefused(out_of_range(minimum, maximum))
        if self.answer_type == AnswerType.INTEGER:
            return Decimal(int(number))  # "40.0" and "-0" read back as 40 and 0
        return number + 0  # drops the sign of a negative zero

    def bucket_for(self, value: Decimal) -> str:
        for bucket in self.buckets:
            if value >= bucket.lower and (bucket.upper is None or value < bucket.upper):
                return bucket.code
        raise ValueError(f"{value} is outside every bucket of {self.key}")


def _answered(value: object) -> bool:
    return value is not None and value != "" and value != [] and value != ()
