"""Normalising employer and place names so that exact matching forgives trivial differences.

Letters of every script are kept ("麦当劳", "ماكدونالدز", "맥도날드" are names, not punctuation);
Latin accents and Arabic vowel marks, which people write or leave out, are folded away.
"""

import re
import unicodedata

# Legal-form words that say nothing about which employer is meant, in the shipped languages.
LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "llc", "llp", "lp", "ltd", "corp", "corporation", "co", "company",
     "plc", "sa", "de", "cv", "srl", "tnhh", "有限公司", "股份有限公司", "公司", "주식회사",
     "유한회사", "株式会社", "有限会社", "شركة"}
)
# Scripts written without spaces glue the legal form to the name: "麦当劳有限公司".
_GLUED_SUFFIXES = ("股份有限公司", "有限公司", "公司", "주식회사", "유한회사", "株式会社",
                   "有限会社")
# Combining marks that are accents on Latin (and Greek, Cyrillic) letters, Arabic harakat
# and the tatweel that only stretches a word; the marks of other scripts change the letter
# (Japanese dakuten, Hangul jamo are recomposed) and stay.
_FOLDED_MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
)
# Letters with no decomposition that people still write without their stroke or with the
# other form: Vietnamese đ, Nordic ø, Polish ł; Arabic alef maqsura and teh marbuta.
_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe",
                          "ı": "i", "ى": "ي", "ة": "ه"})


def _kept(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Nd":  # Arabic-Indic and other digits: store numbers are numbers
        return str(unicodedata.decimal(ch))
    return ch if category[0] in "LNM" else " "


def fold(text: str) -> str:
    """Case folded (NFKC), accents removed, punctuation to spaces, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    stripped = _FOLDED_MARKS.sub("", unicodedata.normalize("NFKD", folded))
    stripped = unicodedata.normalize("NFC", stripped).translate(_LETTERS)
    stripped = stripped.replace("&", " and ")
    # "McDonald's" and "McDonalds" are the same employer.
    stripped = re.sub(r"['’`ʼ]", "", stripped)
    return " ".join("".join(_kept(ch) for ch in stripped).split())


def _without_legal_form(words: list[str]) -> list[str]:
    # Legal suffixes only count at the end ("Co-op Market" keeps its "co").
    while True:
        if len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
            words.pop()
            continue
        glued = next((s for s in _GLUED_SUFFIXES
                      if words and words[-1].endswith(s) and len(words[-1]) > len(s)), None)
        if glued is None:
            return words
        words[-1] = words[-1][: -len(glued)]


def normalize_employer_name(name: str) -> str:
    return " ".join(_without_legal_form(fold(name).split()))


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
        # Vietnamese (folded: "tôi làm ở" → "toi lam o")
        "toi", "lam", "viec", "o", "tai", "cho", "cong", "ty", "cua", "hang",
        # Filipino
        "ako", "nagtatrabaho", "trabaho", "sa", "ng", "kompanya", "tindahan",
        # Haitian Creole
        "mwen", "travay", "nan", "kay", "konpayi", "magazen", "pou",
        # Arabic (folded: "أعمل في" → "اعمل في")
        "اعمل", "اشتغل", "في", "عند", "شركه", "محل",
        # Korean, Chinese written with spaces
        "일해요", "일합니다", "일해", "회사", "我", "在", "工作", "上班", "公司",
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
_GLUED_FRAME = re.compile(r"^我在|^我|(?:工作|上班|打工)$|(?<=[\uac00-\ud7a3])에서(?=\s|$)")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)?$")


def parse_employer_text(text: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Split what a worker typed into (employer words, store number, street words).

    "Wal-Mart Supercenter #2231" → ("wal mart supercenter", "2231", ());
    "trabajo en el walmart de la calle 8" → ("walmart", None, ("calle", "8")).
    """
    lowered = unicodedata.normalize("NFKC", text).casefold()
    # "我在麦当劳工作": Chinese frames the name without spaces; Korean glues "에서" (at) to it.
    lowered = _GLUED_FRAME.sub(" ", lowered)
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
    return (" ".join(_without_legal_form(name)), fold(store.group(1)) if store else None,
            tuple(street))


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
