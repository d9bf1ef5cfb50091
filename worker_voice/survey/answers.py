"""Whether an answer is acceptable, decided once for every channel and for intake.

`Question.accept` (model.py) takes what a person gave (a typed number, an option code, a list of
codes) and returns the value to store, or raises `AnswerRefused` with a reason the person reads
in their language. The web form, the SMS engine, intake and the demo all call it; a channel keeps
only what is its own (the SMS channel reads "1 3" as two choices) and never decides validity.

Numbers have one reader, `read_number`, forgiving about how people write ("40 hrs", " 40 ",
"unos 40", "١٥٫٥", "$15,50") and strict about what they mean: one number, nothing else.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# Reasons a person reads, on the web form and by SMS.
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
NOT_A_CHOICE = _l("Please choose one of the answers shown.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
NOT_A_NUMBER = _l("Please write a number, like 32.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters. Said of "30-40" or "20 or 30".
ONE_NUMBER = _l("Please write just one number, like 32.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
NOT_WHOLE = _l("Please write a whole number, like 32.")
# Said when an hours question is answered with money ("$15 la hora"): a misread of the question.
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
PAY_NOT_HOURS = _l("That looks like pay. Please write the number of hours, like 32.")
# SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
EXCLUSIVE = _l("“None of these” cannot be chosen with other answers.")


def out_of_range(low: Decimal, high: Decimal) -> LazyString:
    # SMS: ≤160 GSM-7 or ≤134 UCS-2 characters.
    return _l("Please write a number from %(low)s to %(high)s.", low=low, high=high)


class AnswerRefused(ValueError):
    """An answer a question cannot take. `reason` (lazy) says why, in the reader's language."""

    def __init__(self, reason: LazyString):
        super().__init__(reason)
        self.reason = reason


class AnswerUnreadable(AnswerRefused):
    """Not an answer at all (no number in it, not one of the choices), as opposed to an answer
    that breaks a rule; a channel may ask again in its own words instead of giving the reason."""


@dataclass(frozen=True)
class Reading:
    number: Decimal
    looks_like_pay: bool  # a currency sign or word, or "an hour": an amount of money


# Digits of any script are folded to ASCII first; these are the separators that go with them.
_SEPARATORS = str.maketrans({"٫": ".", "٬": ",", "、": ","})
_NUMBER = re.compile(r"[-−]?(?:\d+(?:[.,]\d+)*|[.,]\d+)")
# Words that make a number an amount of money, as people write them in the shipped languages
# (matched after folding case and accents).
_MONEY_WORDS = frozenset({
    "usd", "dollar", "dollars", "bucks", "dolar", "dolares", "pesos", "dola", "dolyar",
    "đo", "美元", "元", "块", "달러", "دولار", "دولارات",
})
# "15 an hour", "15/hr", "15 la hora": a rate, which an hours question never asks for.
_PER_HOUR = re.compile(
    r"(?:/\s*|\b(?:an?|per|each|la|por|cada)\s+)(?:h|hr|hrs|hour|hora)\b"
)


def _fold(text: str) -> str:
    """Digits of any script to ASCII, full width to plain, accents off, lower case."""
    digits = []
    for ch in unicodedata.normalize("NFKC", text).translate(_SEPARATORS):
        digit = unicodedata.decimal(ch, None)
        digits.append(str(digit) if digit is not None else ch)
    folded = unicodedata.normalize("NFKD", "".join(digits))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold().strip()


def _decimal(token: str) -> Decimal:
    """'15,50' and '15.5' are decimals; '1,000' and '1.000' are thousands; '1.2.3' is nothing."""
    sign = "-" if token[0] in "-−" else ""
    body = token.lstrip("-−")
    groups = re.split(r"[.,]", body)
    if len(groups) == 1:
        return Decimal(sign + body)
    if len(groups) == 2 and 1 <= len(groups[1]) <= 2:
        return Decimal(f"{sign}{groups[0] or 0}.{groups[1]}")
    if groups[0] and len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]):
        return Decimal(sign + "".join(groups))
    raise AnswerUnreadable(NOT_A_NUMBER)


def read_number(text: str) -> Reading:
    """The one number in what someone wrote, with or without words around it.

    '40', ' 40 ', '40 hrs', '40 horas', 'unos 40', '40小时', '$15,50' are read; 'forty' and
    '30-40' are refused with a reason. Whether the number fits the question (whole, in range,
    hours rather than pay) is `Question.accept`'s to say.
    """
    folded = _fold(text)
    tokens = _NUMBER.findall(folded)
    if not tokens:
        raise AnswerUnreadable(NOT_A_NUMBER)
    if len(tokens) > 1:
        raise AnswerRefused(ONE_NUMBER)
    words = set(re.findall(r"[^\W\d_]+", folded))
    # Currency signs are looked for before folding: NFKC spells some out ('₨' → 'Rs').
    pay = (any(unicodedata.category(ch) == "Sc" for ch in text) or bool(words & _MONEY_WORDS)
           or bool(_PER_HOUR.search(folded)))
    return Reading(_decimal(tokens[0]), pay)


@dataclass(frozen=True)
class NotMoreThan:
    """Two numeric answers in order: the answer to `low` may not exceed the answer to `high`.
    A report that breaks it is refused at `low`, the one asked second."""

    low: str
    high: str
    reason: LazyString

    def holds(self, answers: Mapping[str, object]) -> bool:
        low, high = answers.get(self.low), answers.get(self.high)
        if low is None or high is None:
            return True
        if not (isinstance(low, Decimal | int | float)
                and isinstance(high, Decimal | int | float)):
            raise TypeError(f"{self.low} and {self.high} are answered with numbers")
        return low <= high


# Rules between questions, over accepted answers. (Rules across recall periods, like "worked over
# 40 hours last week" against "most hours in a week last month", are left to the reader: memory
# of different periods differs honestly.)
TOGETHER: tuple[NotMoreThan, ...] = (
    NotMoreThan("S7", "S6", _l("The fewest hours cannot be more than the most hours.")),
)


def check_together(answers: Mapping[str, object]) -> dict[str, LazyString]:
    """{question key: reason} for each rule between questions that `answers` break.

    `answers` are accepted values (what `Question.accept` returns), keyed by question."""
    return {rule.low: rule.reason for rule in TOGETHER if not rule.holds(answers)}
