"""Normalising employer and place names so that exact matching forgives trivial differences."""

import re
import unicodedata

# Legal-form words that say nothing about which employer is meant.
LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "llc", "llp", "lp", "ltd", "corp", "corporation", "co", "company",
     "plc", "sa", "de", "cv", "srl"}
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    without_marks = without_marks.replace("&", " and ")
    # "McDonald's" and "McDonalds" are the same employer.
    without_marks = re.sub(r"['’`]", "", without_marks)
    return " ".join(_NON_ALNUM.sub(" ", without_marks).split())


def normalize_employer_name(name: str) -> str:
    words = fold(name).split()
    # Legal suffixes only count at the end ("Co-op Market" keeps its "co").
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalize_city(city: str) -> str:
    return fold(city)


# Words that carry no employer identity in what workers write, in each shipped language.
FILLER = frozenset(
    {
        # English
        "i", "im", "work", "works", "working", "worked", "at", "on", "in", "the", "a", "an",
        "for", "of", "my", "job", "store", "shop", "location", "near", "by", "to", "me", "that",
        "sends", "send", "agency", "company", "place", "branch",
        # Spanish
        "trabajo", "trabajaba", "trabajamos", "en", "el", "la", "los", "las", "de", "del", "para",
        "que", "tienda", "sucursal", "con", "por", "un", "una", "mi", "compania", "empresa",
    }
)
STREET_WORDS = frozenset(
    {"st", "street", "ave", "av", "avenue", "blvd", "boulevard", "rd", "road", "dr", "drive",
     "hwy", "highway", "way", "ln", "lane", "calle", "avenida", "carretera", "pkwy"}
)
DIRECTIONS = frozenset({"n", "s", "e", "w", "north", "south", "east", "west", "ne", "nw", "se",
                        "sw", "norte", "sur", "este", "oeste"})
_STORE_NUMBER = re.compile(
    r"(?:#\s*|\b(?:store|tienda|location|loc|unit|no|num|number|numero)\s*#?\s*)(\d{2,6})\b"
)
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)?$")


def parse_employer_text(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Split what a worker typed into (employer words, store number, street words).

    "Wal-Mart Supercenter #2231" → ("wal mart supercenter", "2231", ());
    "trabajo en el walmart de la calle 8" → ("walmart", None, ("calle", "8")).
    """
    lowered = unicodedata.normalize("NFKC", text).casefold()
    store = _STORE_NUMBER.search(lowered)
    if store:
        lowered = lowered[: store.start()] + " " + lowered[store.end():]
    words = fold(lowered).split()
    street: list[str] = []
    name: list[str] = []
    for index, word in enumerate(words):
        near_street_word = any(
            w in STREET_WORDS for w in words[max(0, index - 1): index + 2]
        )
        numbered_street_word = word in STREET_WORDS and any(
            _ORDINAL.match(w) for w in words[max(0, index - 2): index + 3]
        )
        if (_ORDINAL.match(word) and near_street_word) or numbered_street_word:
            street.append(word)
        elif _ORDINAL.match(word) and index > 0 and words[index - 1] in {"on", "calle"}:
            street.append(word)
        elif word not in FILLER:
            name.append(word)
    while len(name) > 1 and name[-1] in LEGAL_SUFFIXES:
        name.pop()
    return " ".join(name), store.group(1) if store else None, tuple(street)


def street_key(street: str) -> frozenset[str]:
    """The words that tell streets apart: '1420 5th St' → {'5th'}; '300 W Madison St' →
    {'w', 'madison'}. The house number and the street type do not count."""
    words = fold(street).split()
    if words and words[0].isdigit() and len(words) > 1:
        words = words[1:]
    return frozenset(ordinal_number(w) for w in words
                     if w not in STREET_WORDS and w not in DIRECTIONS)


def ordinal_number(word: str) -> str:
    """'5th' and '5' are the same street: '5th' → '5'."""
    match = re.fullmatch(r"(\d+)(st|nd|rd|th)", word)
    return match.group(1) if match else word
