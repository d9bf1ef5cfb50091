"""The shape of a survey question, shared by every channel (web form, SMS, WhatsApp, voice).

Keys and option codes are stable: rollups, exports and the API are keyed by them, so wording may
change freely but a key or code never changes meaning. Options are listed in the order the SMS
channel numbers them (1, 2, 3 …).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


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

    def option_codes(self) -> tuple[str, ...]:
        return tuple(cell.code for cell in self.cells)

    def bucket_for(self, value: Decimal) -> str:
        for bucket in self.buckets:
            if value >= bucket.lower and (bucket.upper is None or value < bucket.upper):
                return bucket.code
        raise ValueError(f"{value} is outside every bucket of {self.key}")
