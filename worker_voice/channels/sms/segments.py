"""How many SMS segments a text costs, measured with smsutil (GSM-7 or UCS-2), and smart
encoding: the closest GSM-7 form of a reply that needs UCS-2 for a few accents or quotes."""

import unicodedata

import smsutil
from smsutil.codecs import GSM_CHARSET  # GSM 03.38: the basic set and its extension table

GSM7_SINGLE = 160
UCS2_LIMIT = 134  # two UCS-2 segments of 67 characters

# Languages whose replies read naturally without the accents GSM-7 lacks (Spanish á í ó ú,
# Kreyòl's capital Ò È; é ñ ü ¿ ¡ è ò are GSM-7 and stay). Not Vietnamese: without its tone
# marks words become ambiguous. Chinese, Arabic and Korean need UCS-2 anyway.
SMART_LOCALES = frozenset({"en", "es", "fil", "ht"})
_PUNCTUATION = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2026": "...", "\u2014": "-", "\u2013": "-",
    "\u2012": "-", "\u2011": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2022": "-",
}


def segments(text: str) -> int:
    return len(smsutil.split(text).parts)


def is_gsm7(text: str) -> bool:
    return smsutil.split(text).encoding == "gsm0338"


def within_budget(text: str) -> bool:
    """One segment when the text is GSM-7; at most two when it needs UCS-2."""
    return segments(text) <= (1 if is_gsm7(text) else 2)


def _closest(char: str) -> str:
    if char in GSM_CHARSET:
        return char
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    base = "".join(part for part in unicodedata.normalize("NFD", char)
                   if not unicodedata.combining(part))
    return base if base and all(part in GSM_CHARSET for part in base) else char


def smart_encode(text: str, locale: str | None) -> str:
    """The text in GSM-7 when its language reads well without the accents GSM-7 lacks and
    nothing else needs UCS-2 (a name in another script keeps the text as it is)."""
    if locale not in SMART_LOCALES or is_gsm7(text):
        return text
    closest = "".join(_closest(char) for char in text)
    return closest if is_gsm7(closest) else text
