"""Phone numbers (in digits of any format, or spelled out in words) and ID numbers (SSN, ITIN and
numbers named as an ID)."""

import re
from collections.abc import Iterator

import phonenumbers

from .spans import NOT_AFTER_ALNUM, NOT_AFTER_DIGIT, NOT_BEFORE_ALNUM, NOT_BEFORE_DIGIT, Span

# Where our workers and their families have phones, the US first. A number counts when it is
# valid for one of them: libphonenumber knows each country's lengths and prefixes, so "2019-2023"
# or "$1,200,000" are not numbers anywhere, while "7777-1234" is one in Guatemala.
REGIONS = ("US", "MX", "GT", "SV", "HN", "PH", "VN", "KR", "CN", "HT")
# Stretches worth handing to libphonenumber: at least seven digits with phone punctuation between.
_CANDIDATE = re.compile(r"[+(]?\d[\d\s().\-/–—]{5,}\d")
_SEP = r"\s*[-./–—·_]?\s*"
# North American numbers in any separators, fictional 555 ones included (libphonenumber rejects
# those): "312 - 555 - 0147", "312/555-0147", "(312)5550147", "+1 312 555 0147".
NANP = re.compile(
    rf"{NOT_AFTER_DIGIT}(?:(?:\+\s?1|\b1){_SEP})?(?:\(\s*\d{{3}}\s*\)|\d{{3}}){_SEP}\d{{3}}{_SEP}"
    rf"\d{{4}}{NOT_BEFORE_DIGIT}")
# A local number without its area code: "555-0147". Ranges ("600-1000 a week") are round.
LOCAL = re.compile(rf"{NOT_AFTER_DIGIT}(?<![$€£.,])\d{{3}}\s?[-.–]\s?\d{{4}}{NOT_BEFORE_DIGIT}"
                   r"(?!\s*(?:%|dollars|dólares|pesos|usd|hours|horas|hrs))", re.IGNORECASE)
# Any "+country ..." with eight to fifteen digits: "+509 3712 3456", "+63 917 123 4567".
INTERNATIONAL = re.compile(rf"(?:\+|\b00)\s?\d(?:[\s().\-/]?\d){{7,14}}{NOT_BEFORE_DIGIT}")
# "2015-2019", "2019 / 2020": years, though valid numbers in eight-digit countries.
YEARS = re.compile(r"(?:19|20)\d\d\s*[-–/]?\s*(?:19|20)\d\d")
EXTENSION = re.compile(r"\s*,?\s*(?:ext\.?|extension|extensión|ext|x|#)\s*\d{1,5}(?!\d)",
                       re.IGNORECASE)

# Digits written as words, in the languages where a worker would spell a number out to get it
# past a filter: "three one two five five five zero one four seven", "tres uno dos ...".
DIGIT_WORDS = {
    **dict.fromkeys(("zero", "oh", "cero", "zewo", "không", "sero"), "0"),
    **dict.fromkeys(("one", "uno", "un", "en", "youn", "một", "isa"), "1"),
    **dict.fromkeys(("two", "dos", "de", "hai", "dalawa"), "2"),
    **dict.fromkeys(("three", "tres", "twa", "ba", "tatlo"), "3"),
    **dict.fromkeys(("four", "cuatro", "kat", "bốn", "tư", "apat"), "4"),
    **dict.fromkeys(("five", "cinco", "senk", "năm", "lăm", "lima"), "5"),
    **dict.fromkeys(("six", "seis", "sis", "sáu", "anim"), "6"),
    **dict.fromkeys(("seven", "siete", "sèt", "set", "bảy", "pito"), "7"),
    **dict.fromkeys(("eight", "ocho", "uit", "wit", "tám", "walo"), "8"),
    **dict.fromkeys(("nine", "nueve", "nèf", "nef", "chín", "siyam"), "9"),
}
_WORD = "|".join(sorted(DIGIT_WORDS, key=len, reverse=True))
SPELLED = re.compile(
    rf"(?<!\w)(?:{_WORD}|\d{{1,4}})(?:(?:[\s,.\-/]+|\s*-\s*)(?:{_WORD}|\d{{1,4}})){{2,}}(?!\w)",
    re.IGNORECASE)
# Chinese and Korean digit characters: "一三八一二三四五六七八", "공일공 일이삼사 오육칠팔".
CJK_DIGITS = re.compile(r"[〇零一二三四五六七八九](?:[\s\-]?[〇零一二三四五六七八九]){6,}"
                        r"|(?<![가-힣])[공영일이삼사오육칠팔구](?:[\s\-]?[공영일이삼사오육칠팔구]){9,}(?![가-힣])")

# SSN and ITIN: 123-45-6789, 123 45 6789, 9xx-7x-xxxx.
SSN = re.compile(rf"{NOT_AFTER_ALNUM}(?<!-)\d{{3}}([-\s.])\d{{2}}\1\d{{4}}{NOT_BEFORE_ALNUM}(?!-)")
# A number named as an ID: "SSN 123456789", "my A-number is 123-456-789", "número de empleado
# 48213", "gafete 5521", "employee ID E-4821", "matrícula consular 12345678".
ID_NAMED = re.compile(
    r"(?<![A-Za-z])(?:ssn|s\.s\.n\.?|social security(?:\s+(?:number|no\.?|#))?"
    r"|(?:n[uú]mero\s+de\s+)?seguro\s+social|itin|tax\s+id|a[-\s]?(?:number|#)|alien\s+number"
    r"|n[uú]mero\s+a|matr[ií]cula(?:\s+consular)?|passport|pasaporte|licen[cs]e|licencia"
    r"|employee\s+(?:id|number|#|no\.?)|emp(?:loyee)?\s+id|badge(?:\s+(?:number|#|no\.?))?"
    r"|n[uú]mero\s+de\s+empleado|(?:n[uú]mero\s+de\s+)?gafete|id\s+(?:number|#|no\.?)"
    r"|curp|rfc|nss)"
    r"(?:\s*(?:is|es|:|#|no\.?|number|n[uú]mero|num\.?|=|-)\s*){0,3}"
    r"(?P<value>(?:[A-Za-z]{1,4}[-\s]?)?\d[\dA-Za-z]*(?:[-\s]\d[\dA-Za-z]*){0,3})", re.IGNORECASE)
# Mexico's CURP identifies one person, with or without a label.
CURP = re.compile(r"\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b")


def phones(text: str) -> Iterator[Span]:
    digits = sum(c.isdigit() for c in text)
    if digits >= 7:
        for span in _digit_phones(text):
            yield Span(span[0], _with_extension(text, span[1]), "[phone]")
    for m in SPELLED.finditer(text):
        if _spelled_digits(m.group()) >= 7:
            yield Span(m.start(), m.end(), "[phone]")
    if any("\u4e00" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3" for c in text):
        for m in CJK_DIGITS.finditer(text):
            yield Span(m.start(), m.end(), "[phone]")


def ids(text: str) -> Iterator[Span]:
    for m in SSN.finditer(text):
        yield Span(m.start(), m.end(), "[id]")
    for m in ID_NAMED.finditer(text):
        value = m.group("value").strip(" -")
        if sum(c.isdigit() for c in value) >= 4:
            yield Span(m.start("value"), m.start("value") + len(m.group("value").rstrip(" -")),
                       "[id]")
    for m in CURP.finditer(text):
        yield Span(m.start(), m.end(), "[id]")


def _digit_phones(text: str) -> Iterator[tuple[int, int]]:
    for start, end in _digit_phone_candidates(text):
        if not YEARS.fullmatch(text, start, end):
            yield start, end


def _digit_phone_candidates(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (NANP, INTERNATIONAL):
        for m in pattern.finditer(text):
            yield m.start(), m.end()
    for m in LOCAL.finditer(text):
        first, second = re.findall(r"\d+", m.group())
        if not (first.endswith("0") and second.endswith("00")):
            yield m.start(), m.end()
    for m in _CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in m.group()) < 7:
            continue
        # A little context either side: libphonenumber looks at the neighbours of a number.
        start = max(0, m.start() - 1)
        window = text[start:m.end() + 1]
        for region in REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(
                    window, region, leniency=phonenumbers.Leniency.VALID):
                yield start + match.start, start + match.end


def _with_extension(text: str, end: int) -> int:
    ext = EXTENSION.match(text, end)
    return ext.end() if ext else end


def _spelled_digits(found: str) -> int:
    count = words = 0
    for token in re.findall(r"\w+", found.lower()):
        if token.isdigit():
            count += len(token)
        elif token in DIGIT_WORDS:
            count, words = count + 1, words + 1
    # Three digit words at least: a list of plain numbers ("2019, 2020, 2021") is not spelled.
    return count if words >= 3 else 0
