"""Taking identifying details out of free text before it is stored.

Phone numbers, e-mail addresses, web addresses, social-media handles, SSN/ITIN and other ID
numbers, and street addresses are replaced by a marker. The original is never stored: workers are
asked not to write such details, and some will, in any of the eight languages we ship, in any
script, spelled out in words or disguised ("maria at gmail dot com").

Detection runs on a normalised copy of the text (NFKC, every decimal digit as ASCII) so that
full-width and Arabic-Indic digits match the same rules; the markers replace the matching stretch
of the original, and everything else is left byte for byte as the worker wrote it.
"""

import re
import unicodedata
from collections.abc import Iterable

from . import addresses, numbers, online
from .spans import Span

MANUAL = "[redacted]"
MARKERS = ("[phone]", "[email]", "[link]", "[handle]", "[id]", "[address]")
# A marker already in the text is one unit: nothing may match across or inside it, so redacting
# twice changes nothing.
_MARKER = re.compile("|".join(re.escape(m) for m in (*MARKERS, MANUAL)))
# Detectors in order of preference when two claim the same stretch of text.
_DETECTORS = (online.emails, online.links, numbers.ids, numbers.phones, online.handles,
              addresses.addresses)
_PRIORITY = {marker: rank for rank, marker in enumerate(
    ("[email]", "[link]", "[id]", "[phone]", "[handle]", "[address]"))}


def redact(text: str | None) -> str | None:
    if not text:
        return text
    try:
        # One pass can leave a stretch that only matches once its neighbour is a marker (a second
        # number next to a redacted one); a few passes reach the fixed point.
        for _ in range(3):
            redacted = _redact_once(text)
            if redacted == text:
                break
            text = redacted
    except Exception:  # a redactor bug must not lose a worker's report, nor store it unredacted
        return _last_resort(text)
    return text


def without_markers(text: str) -> str:
    """A redacted field without its markers, for matching a name ("Burger Barn [phone]")."""
    return _MARKER.sub(" ", text).strip()


def redact_phrase(text: str | None, phrase: str) -> str | None:
    """An organizer's own redaction: every occurrence of a phrase, any case."""
    phrase = phrase.strip()
    if not text or len(phrase) < 2:
        return text
    return re.sub(re.escape(phrase), MANUAL, text, flags=re.IGNORECASE)


def _redact_once(text: str) -> str:
    norm, origin = _normalise(text)
    norm = _MARKER.sub(lambda m: "\x00" * len(m.group()), norm)
    found: list[Span] = []
    for detect in _DETECTORS:
        found.extend(detect(norm))
    if not found:
        return text
    chosen = [_with_label(norm, span) for span in _resolve(found)]
    parts, at = [], 0
    for span in chosen:
        start, end = origin[span.start], origin[span.end - 1] + 1
        parts += [text[at:start], span.marker]
        at = end
    parts.append(text[at:])
    return "".join(parts)


# A contact's label goes with it: "Burger Barn call 312-555-0188" typed as an employer's name
# must leave "Burger Barn", not an alias "Burger Barn call". Only a bare label directly before the
# number: "call me at [phone]" and "Llámame al [phone]" keep their words.
_LABEL = re.compile(
    r"(?<![A-Za-z])(?:call(?:\s*(?:/|or|o)\s*text)?|text|txt|tel|phone|ph|cell|cel|celular|mobile"
    r"|m[oó]vil|whatsapp|wsp|email|e-mail|mail|correo|contact|contacto|fax)\s*[:.]?\s*$",
    re.IGNORECASE)


def _with_label(norm: str, span: Span) -> Span:
    if span.marker not in ("[phone]", "[email]"):
        return span
    label = _LABEL.search(norm, max(0, span.start - 20), span.start)
    return span._replace(start=label.start()) if label else span


def _resolve(found: Iterable[Span]) -> list[Span]:
    """Overlapping finds: the longest wins, then the more specific kind."""
    ranked = sorted(found, key=lambda s: (s.start - s.end, _PRIORITY[s.marker], s.start))
    taken: list[Span] = []
    for span in ranked:
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: s.start)


def _normalise(text: str) -> tuple[str, list[int]]:
    """The text for matching, and for each of its positions (and its end) the position in the
    original. NFKC may turn one character into several ("½"): all of them point back to it."""
    if text.isascii():
        return text, list(range(len(text) + 1))
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if char.isascii():
            out = char
        else:
            digit = unicodedata.decimal(char, None)
            out = str(digit) if digit is not None else unicodedata.normalize("NFKC", char)
        chars.append(out)
        origin.extend([i] * len(out))
    origin.append(len(text))
    return "".join(chars), origin


_DIGITS = re.compile(r"\d")


def _last_resort(text: str) -> str:
    """Should a detector ever fail, every digit goes: blunt, but nothing identifying is kept."""
    return _DIGITS.sub("#", text)
