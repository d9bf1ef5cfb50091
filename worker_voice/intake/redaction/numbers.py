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
LOCAL = re.compile(rf"{NOT_AFTER_DIGIT}(?<![#$€£.,])[2-9]\d{{2}}(?:\s?[-.–]\s?|\s)?\d{{4}}"
                   rf"{NOT_BEFORE_DIGIT}"
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
    # Arabic, in the forms people write them.
    **dict.fromkeys(("صفر",), "0"), **dict.fromkeys(("واحد",), "1"),
    **dict.fromkeys(("اثنان", "اثنين", "إثنان", "إثنين"), "2"),
    **dict.fromkeys(("ثلاثة", "ثلاث"), "3"), **dict.fromkeys(("أربعة", "اربعة", "أربع"), "4"),
    **dict.fromkeys(("خمسة", "خمس"), "5"), **dict.fromkeys(("ستة", "ست"), "6"),
    **dict.fromkeys(("سبعة", "سبع"), "7"), **dict.fromkeys(("ثمانية", "ثماني"), "8"),
    **dict.fromkeys(("تسعة", "تسع"), "9"),
}
# Digit words that are also everyday words of another language ("en la noche", "de 5"): they may
# sit inside a spelled number but do not start or end one.
_AMBIGUOUS = frozenset("oh un en de set ba hai sis isa lima năm tư ست خمس سبع ثلاث تسع".split())
_WORD = "|".join(sorted(DIGIT_WORDS, key=len, reverse=True))
SPELLED = re.compile(
    rf"(?<!\w)(?:{_WORD}|\d{{1,4}})(?:(?:[\s,.\-/]+|\s*-\s*)(?:{_WORD}|\d{{1,4}})){{2,}}(?!\w)",
    re.IGNORECASE)
# Chinese and Korean digit characters: "一三八一二三四五六七八", "공일공 일이삼사 오육칠팔".
CJK_DIGITS = re.compile(r"[〇零一二三四五六七八九](?:[\s\-]?[〇零一二三四五六七八九]){6,}"
                        r"|(?<![가-힣])[공영일이삼사오육칠팔구](?:[\s\-]?[공영일이삼사오육칠팔구]){9,}(?![가-힣])")
_CJK = re.compile(r"[〇零一二三四五六七八九공영일이삼사오육칠팔구]")
_WORDS = re.compile(r"\w+")

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
    if _CJK.search(text):
        for m in CJK_DIGITS.finditer(text):
            yield Span(m.start(), m.end(), "[phone]")
    digits = sum(c.isdigit() for c in text)
    if digits >= 7:
        for span in _digit_phones(text):
            yield Span(span[0], _with_extension(text, span[1]), "[phone]")
    # Spelled numbers are rare: look for them only where three digit words are.
    words = _WORDS.findall(text.lower())
    if sum(word in DIGIT_WORDS for word in words) < 3:
        return
    for m in SPELLED.finditer(text):
        start, end = _trim_ambiguous(text, m.start(), m.end())
        if _spelled_digits(text[start:end]) >= 7:
            yield Span(start, end, "[phone]")


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
    own: list[tuple[int, int]] = [(m.start(), m.end()) for pattern in (NANP, INTERNATIONAL)
                                  for m in pattern.finditer(text)]
    for m in LOCAL.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not (digits[2] == "0" and digits.endswith("00")):
            own.append((m.start(), m.end()))
    yield from own
    for m in _CANDIDATE.finditer(text):
        if sum(c.isdigit() for c in m.group()) < 7:
            continue
        if any(start <= m.start() and m.end() <= end for start, end in own):
            continue  # a plain US number: libphonenumber would add nothing, at 0.2 ms a region
        if text[max(0, m.start() - 1):m.start()] == "#":
            continue  # "store #199 1990年": a store's number, then a year; not Vietnam's format
        # A little context either side: libphonenumber looks at the neighbours of a number.
        start = max(0, m.start() - 1)
        window = text[start:m.end() + 1]
        for region in REGIONS:
            found = [(start + match.start, start + match.end) for match in
                     phonenumbers.PhoneNumberMatcher(window, region,
                                                     leniency=phonenumbers.Leniency.VALID)]
            yield from found
            if found and found[0][0] <= m.start() and found[-1][1] >= m.end():
                break  # the whole stretch is this region's number


def _with_extension(text: str, end: int) -> int:
    ext = EXTENSION.match(text, end)
    return ext.end() if ext else end


def _trim_ambiguous(text: str, start: int, end: int) -> tuple[int, int]:
    tokens = [t for t in re.finditer(r"\w+", text[start:end])]
    while tokens and tokens[0].group().lower() in _AMBIGUOUS:
        tokens.pop(0)
    while tokens and tokens[-1].group().lower() in _AMBIGUOUS:
        tokens.pop()
    if not tokens:
        return start, start
    return start + tokens[0].start(), start + tokens[-1].end()


def _spelled_digits(found: str) -> int:
    count = words = 0
    for token in re.findall(r"\w+", found.lower()):
        if token.isdigit():
            count += len(token)
        elif token in DIGIT_WORDS:
            count, words = count + 1, words + 1
    # Three digit words at least: a list of plain numbers ("2019, 2020, 2021") is not spelled.
    return count if words >= 3 else 0
