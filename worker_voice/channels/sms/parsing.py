"""Tolerant reading of what people text back: digits in any script, stray punctuation, words."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Carrier and Twilio keywords (single word, any case).
OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
                     "OPTOUT", "PARAR", "ALTO"})
OPT_IN = frozenset({"START", "UNSTOP"})
# Keywords that also say which language the sender speaks.
HELP = {"HELP": "en", "INFO": "en", "AYUDA": "es"}
RESTART = {"NEW": "en", "RESTART": "en", "NUEVO": "es", "REINICIAR": "es"}
DELETE = {"DELETE": "en", "BORRAR": "es"}
SKIP = frozenset({"0", "SKIP", "SALTAR", "PASAR"})
YES_WORDS = {"en": {"YES", "Y", "YEAH", "YEP"}, "es": {"SI", "S", "CLARO"}}
NO_WORDS = {"en": {"NO", "N", "NOPE"}, "es": {"NO", "N"}}


def normalize(text: str) -> str:
    """Digits of any script to ASCII, full-width to plain, accents off, upper case, trimmed."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    folded = unicodedata.normalize("NFKD", "".join(out))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).strip().upper()


def keyword(text: str) -> str:
    """The message as a single bare word ('' when it is not one), e.g. ' Stop! ' → 'STOP'."""
    word = re.sub(r"[^\w]", "", normalize(text))
    return word if len(normalize(text).split()) == 1 else ""


def parse_choice(text: str, count: int, locale: str, yes_no: bool) -> int | None:
    """A 1-based choice from '1', ' 1.', '1)', '#1', '１', '١'; yes/no words where they fit."""
    cleaned = normalize(text)
    match = re.fullmatch(r"#?\s*(\d{1,2})\s*[.)\-:=]?", cleaned)
    if match and 1 <= int(match.group(1)) <= count:
        return int(match.group(1))
    if yes_no:
        word = re.sub(r"[^\w]", "", cleaned)
        if word in YES_WORDS.get(locale, set()) | YES_WORDS["en"]:
            return 1
        if word in NO_WORDS.get(locale, set()) | NO_WORDS["en"]:
            return 2
    return None


def parse_choices(text: str, count: int) -> list[int] | None:
    """Several choices: '1 3', '1,3', '1 y 3', or '13' when every digit is a choice."""
    cleaned = normalize(text)
    numbers = re.findall(r"\d+", cleaned)
    if not numbers or re.search(r"[A-Z]{3,}", cleaned):
        return None
    if len(numbers) == 1 and len(numbers[0]) > 1 and count < 10:
        numbers = list(numbers[0])
    chosen = []
    for number in numbers:
        value = int(number)
        if not 1 <= value <= count:
            return None
        if value not in chosen:
            chosen.append(value)
    return chosen


def parse_number(text: str) -> Decimal | None:
    """'40', '40 hrs', '$15.50', '15,50' → a number; anything else → None."""
    cleaned = normalize(text).replace("$", "").replace(",", ".")
    match = re.fullmatch(r"(\d{1,4}(?:\.\d{1,2})?)\s*[A-Z.]*", cleaned)
    if not match:
        return None
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
        return None
