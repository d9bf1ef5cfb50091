"""Street addresses: a house number with its street ("1234 W Main St", "Calle Ocho 123", "#12 Calle
5", "테헤란로 123", "建国路88号"), a highway by number, an apartment or suite, a neighbourhood.

A street without a house number is where a store is ("the 5th St store"), not where a person
lives, and stays; so do the numbers of everyday work ("$15 an hour", "40 horas", "store #4521").
"""

import re
from collections.abc import Iterator

from .spans import NOT_AFTER_ALNUM, NOT_BEFORE_ALNUM, Span

# Words a street name is never made of: a house number followed by these is a count or an amount
# ("40 hours a week on the road", "3 días por la calle").
_STOP = (
    "a|an|the|of|per|at|in|on|for|to|and|or|from|by|with|into|near|off|every|each|than|about"
    "|over|under|after|before|since|until|was|were|is|are|be|had|has|have|did|do|not|no|more"
    "|less|my|his|her|their|our|your|we|i|he|she|they|it|this|that|these|those|me|us|them"
    "|hours?|hrs?|days?|weeks?|months?|years?|minutes?|mins?|times|people|workers|dollars|bucks"
    "|cents|am|pm|y|o|de|del|la|las|los|el|en|por|para|con|sin|al|hasta|desde|durante|cada|que"
    "|como|más|mas|menos|mi|mis|su|sus|horas?|d[ií]as?|semanas?|mes|meses|años?|minutos?|veces"
    "|personas|trabajadores|d[óo]lares|centavos|pesos|pou|nan|ak|pa|li|mwen|yo|nou|se|ki|chak"
    "|èdtan|jou|semèn|mwa|ane|dola|oras|araw|linggo|buwan|taon|sa|ng|ang|mga")
_WORD = rf"(?!(?:{_STOP})\b)[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]*\.?"
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th|a|o|º|ª)\b"
_NAME = rf"(?:{_ORDINAL}|{_WORD})"
_HOUSE = r"(?:#\s?)?\d{1,6}(?:-?[A-Za-z](?![A-Za-z]))?(?:-\d{1,4})?"
_DIRECTION = (r"(?:[NSEW]\.?|[NS]\.?[EW]\.?|north|south|east|west|norte|sur|oriente|poniente"
              r"|ote\.?|pte\.?)")
_SUFFIX = (r"(?:st|street|ave?|avenue|blvd|boulevard|rd|road|dr|drive|ln|lane|way|ct|court|pl"
           r"|place|pkwy|parkway|hwy|highway|cir|circle|ter|terrace|trl|trail|sq|square|pike"
           r"|tpke|expy|fwy|freeway|loop|plaza|plz|aly|alley|crescent|cres|ctr)\b\.?")
# A number that is a count or an amount, not a house: "... 55 horas", "... 3 días", "... 5pm".
_NOT_AMOUNT = rf"(?!\s*(?:%|:|\$|(?:{_STOP})\b))"

# "1234 W Main St", "1420 N 5th St", "55 Oak Avenue".
NUMBER_FIRST = re.compile(
    rf"{NOT_AFTER_ALNUM}(?<![$€£.,:/])(?<!\d\s){_HOUSE}\s+(?:{_DIRECTION}\s+)?"
    rf"(?:{_NAME}\s+){{1,3}}?{_SUFFIX}(?![A-Za-z])", re.IGNORECASE)
# "1234 W Main" (a direction between is an address even without "St").
NUMBER_DIRECTION = re.compile(
    rf"{NOT_AFTER_ALNUM}(?<![$€£.,:/]){_HOUSE}\s+[NSEW]\.?\s+(?:[A-Z][a-z]+|{_ORDINAL})")
# Spanish, Haitian and French order: "Calle Ocho 123", "Avenida Juárez #55", "Ri Lamarre 12".
_TYPE = (r"(?:calle|c/|avenida|avda\.?|av\.?|ave\.?|camino|callej[oó]n"
         r"|privada|priv\.?|boulevard|bulevar|blvd\.?|paseo|calzada|calz\.?|circuito|cerrada"
         r"|cda\.?|andador|prolongaci[oó]n|prol\.?|diagonal|transversal|carrera|cra\.?|pasaje"
         r"|v[ií]a|(?-i:Ri|Rue|Avni|Avenue|Wout|Chemen|Chemin|Ruelle|Impasse))")
_NUMBER_MARK = r"(?:#|no\.?|n[uú]m\.?|n[uú]mero|n[°º]|nimewo)?\s*"
# Inside a name, "de", "la" join words: "Calle 5 de Mayo #234", "Avenida de los Insurgentes 300".
_JOIN = r"(?:(?:de|del|la|las|los|el|du|di)\s+){0,2}"
TYPE_FIRST = re.compile(
    rf"(?<![A-Za-z]){_TYPE}\s+(?:(?:{_NAME}|\d{{1,3}})\s+{_JOIN}){{0,3}}?(?:{_NAME}|\d{{1,3}})"
    r"\s*,?\s*"
    rf"{_NUMBER_MARK}\d{{1,5}}[A-Za-z]?(?:\s*-\s*\d{{1,4}})?{NOT_BEFORE_ALNUM}{_NOT_AMOUNT}",
    re.IGNORECASE)
# "#12 Calle 5", "123 Calle Ocho", "12 Ri Pave".
NUMBER_TYPE = re.compile(
    rf"{NOT_AFTER_ALNUM}(?<![$€£.,:/]){_HOUSE}\s+{_TYPE}\s+(?:{_NAME}|\d{{1,3}})"
    rf"(?:\s+(?:{_NAME}|\d{{1,3}})){{0,2}}?(?=\s*(?:[,.;!?)]|$|\s+(?:{_STOP})\b))",
    re.IGNORECASE)
# "4410 Hwy 41", "12 Highway 9", "Carretera Federal 15 km 23". A highway alone ("the Hwy 41
# location") is where a store is.
_HIGHWAY = (r"(?:hwy|highway|carretera|carr\.|autopista|interstate|route|rte)\.?\s*"
            r"(?:federal|estatal|no\.?|#|n[uú]mero)?\s*-?\s*\d{1,4}[A-Za-z]?(?![\dA-Za-z:%])")
HIGHWAY = re.compile(
    rf"{NOT_AFTER_ALNUM}(?<![$€£.,:/]){_HOUSE}\s+(?:{_DIRECTION}\s+)?{_HIGHWAY}"
    rf"|(?<![A-Za-z]){_HIGHWAY}\s*,?\s*(?:km|kil[oó]metro)\.?\s*\d{{1,4}}(?:\.\d)?",
    re.IGNORECASE)
# Guatemala numbers its streets and blocks: "12 calle 5-34 zona 1", "6a avenida 10-21".
GUATEMALA = re.compile(
    rf"{NOT_AFTER_ALNUM}(?:\d{{1,2}}|{_ORDINAL})\s*(?:calle|avenida|av\.?|ave\.?)\s+"
    r"\d{1,3}\s*-\s*\d{1,3}(?:\s*,?\s*zona\s+\d{1,2})?", re.IGNORECASE)
# A home's unit on its own: "apt 4B", "Apt. 12", "Ste 200", "depto 3", "شقة 5".
UNIT = re.compile(
    r"(?<![A-Za-z])(?:apt|apartment|apto|apartamento|depto|dpto|departamento|ste|suite|apatman"
    r"|int\.|interior)\.?\s*(?:#|no\.?|number|n[uú]m\.?|n[uú]mero)?\s*"
    r"(?:[A-Za-z]?\d{1,5}[A-Za-z]?|[A-Za-z](?![A-Za-z]))(?![\dA-Za-z:%])"
    r"|شقة\s*(?:رقم\s*)?\d{1,5}", re.IGNORECASE)
# What may follow a street and belongs to it: ", apt 4B", " Unit 5", " Bldg 2", " Lot 12".
TAIL = re.compile(
    r"\s*,?\s*(?:apt|apartment|apto|apartamento|depto|dpto|departamento|ste|suite|unit|bldg"
    r"|building|edificio|lote?|lt|space|spc|espacio|int|interior|casa|apatman|zona|#)\.?\s*(?:#|no\.?)?\s*"
    r"(?:[A-Za-z]?\d{1,5}[A-Za-z]?|[A-Za-z](?![A-Za-z]))(?![\dA-Za-z:%])", re.IGNORECASE)
# "Blk 5 Lot 12", "Mz 3 Lt 7"; "Col. Centro", "Colonia Roma Norte", "Brgy. San Isidro", "Purok 3".
BLOCK_LOT = re.compile(
    r"(?<![A-Za-z])(?:blk|block|mz|manzana)\.?\s*\d{1,4}[A-Za-z]?\s*,?\s*(?:lot|lt|lote)\.?\s*"
    r"\d{1,4}[A-Za-z]?", re.IGNORECASE)
NEIGHBOURHOOD = re.compile(
    r"(?<![A-Za-z])(?:(?i:col\.|colonia|fracc\.|fraccionamiento|brgy\.?|barangay)\s*"
    r"(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*|\d{1,3})(?:\s+(?:de\s+la\s+|del\s+|de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*)"
    r"{0,2}|(?i:purok|sitio)\s+\d{1,3})")
# Korean road addresses and apartment units: "테헤란로 123", "역삼로12길 34", "101동 1203호".
KOREAN = re.compile(
    r"[가-힣]{2,}(?:로|길|대로)\s?\d{1,4}(?:번?길)?(?:-\d{1,4})?(?![\d가-힣%])"
    r"|\d{1,4}동\s?\d{1,4}호|\d{1,5}번지")
# Chinese: "建国路88号", "长安街5号3楼", "3号楼502室".
CHINESE = re.compile(
    r"[\u4e00-\u9fff]{1,8}(?:路|街|大道|道|巷|弄|胡同|里)\s?\d{1,5}(?:-\d{1,4})?\s?(?:号|號)"
    r"(?:\s?\d{1,4}\s?(?:楼|樓|室|单元|單元|栋|棟|号|號))*"
    r"|\d{1,4}\s?(?:栋|棟|号楼|號樓|幢)\s?\d{1,4}\s?(?:室|号|號)|\d{3,4}室"
    # A street without its suffix ("东百老汇45号") is an address once followed by a floor or room,
    # or after "live at" / "address": "他是3号" (he is number 3) is not.
    r"|[\u4e00-\u9fff]{2,8}?\d{1,5}\s?(?:号|號)(?=\s?\d{1,4}\s?(?:楼|樓|室|层|層))"
    r"(?:\s?\d{1,4}\s?(?:楼|樓|室|层|層))+"
    r"|(?:(?<=住在)|(?<=地址)|(?<=住))[\s：:]*[\u4e00-\u9fff]{1,8}?\d{1,5}\s?(?:号|號)")
# Arabic: "شارع الملك فهد ١٢", "١٢ شارع النصر".
ARABIC = re.compile(
    r"(?:شارع|طريق|حي)\s+(?:[\u0621-\u064A]+\s+){0,3}?(?:رقم\s*)?\d{1,5}(?!\d)"
    r"|\d{1,5}\s+(?:شارع|طريق)(?:\s+[\u0621-\u064A]+){1,3}")
# Vietnamese: "số 12 đường Lê Lợi", "123 Nguyễn Trãi", "hẻm 45/6", "12/3 Lý Thường Kiệt".
_VI_NAME = r"[A-ZĐÀ-Ỹ][^\s\d,.;:!?()]*"
VIETNAMESE = re.compile(
    rf"(?i:số)\s+\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})*(?:\s*,?\s*(?i:đường|phố)?\s*{_VI_NAME})*"
    rf"|{NOT_AFTER_ALNUM}\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})*\s+(?i:đường|phố|hẻm|ngõ|kiệt)\s+"
    rf"\S+(?:\s+{_VI_NAME}){{0,3}}|(?i:hẻm|ngõ|kiệt)\s+\d{{1,5}}(?:/\d{{1,4}})*"
    rf"|{NOT_AFTER_ALNUM}\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})*\s+{_VI_NAME}(?:\s+{_VI_NAME}){{1,3}}")
_VIETNAMESE_LETTER = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")

_WITH_TAIL = (NUMBER_FIRST, NUMBER_DIRECTION, TYPE_FIRST, NUMBER_TYPE, HIGHWAY, GUATEMALA)
# Scripts and the patterns that only look for them: a story in Spanish pays for no Korean.
_SCRIPTS = ((re.compile(r"[가-힣]"), KOREAN), (re.compile(r"[\u4e00-\u9fff]"), CHINESE),
            (re.compile(r"[\u0600-\u06ff]"), ARABIC), (_VIETNAMESE_LETTER, VIETNAMESE))


def addresses(text: str) -> Iterator[Span]:
    for pattern in _WITH_TAIL:
        for m in pattern.finditer(text):
            yield Span(m.start(), _with_tail(text, m.end()), "[address]")
    for pattern in (UNIT, BLOCK_LOT, NEIGHBOURHOOD):
        for m in pattern.finditer(text):
            yield Span(m.start(), m.end(), "[address]")
    if text.isascii():
        return
    for script, pattern in _SCRIPTS:
        if not script.search(text):
            continue
        for m in pattern.finditer(text):
            # A capitalised name after a number is only an address in Vietnamese: "45 Lê Lợi".
            if pattern is not VIETNAMESE or _VIETNAMESE_LETTER.search(m.group()):
                yield Span(m.start(), m.end(), "[address]")


def _with_tail(text: str, end: int) -> int:
    for _ in range(2):
        tail = TAIL.match(text, end)
        if not tail:
            break
        end = tail.end()
    return end
