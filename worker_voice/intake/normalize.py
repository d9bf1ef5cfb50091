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
