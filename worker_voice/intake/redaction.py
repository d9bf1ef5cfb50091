"""Taking identifying details out of free text before it is stored.

Phone numbers, e-mail addresses, web addresses and street addresses are replaced by a marker.
The original is never stored: workers are asked not to write such details, and some will.
"""

import re

PATTERNS = (
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    ("[link]", re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|us|mx)\b\S*",
                          re.IGNORECASE)),
    ("[phone]", re.compile(r"(?<!\w)(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}"
                           r"(?!\w)")),
    ("[address]", re.compile(
        r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Za-zÀ-ÿ0-9]+\s+){0,3}"
        r"(?:st|street|ave|avenue|blvd|boulevard|rd|road|dr|drive|ln|lane|way|ct|court|pl|"
        r"place|calle|avenida)\b\.?", re.IGNORECASE)),
)
MANUAL = "[redacted]"


def redact(text: str | None) -> str | None:
    if not text:
        return text
    for marker, pattern in PATTERNS:
        text = pattern.sub(marker, text)
    return text


def redact_phrase(text: str | None, phrase: str) -> str | None:
    """An organizer's own redaction: every occurrence of a phrase, any case."""
    phrase = phrase.strip()
    if not text or len(phrase) < 2:
        return text
    return re.sub(re.escape(phrase), MANUAL, text, flags=re.IGNORECASE)
