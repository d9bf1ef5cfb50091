"""Tolerant reading of what people text back: digits in any script, stray punctuation, words."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Carrier and Twilio keywords (single word, any case). Carriers act on the English words only;
# the others make this line stop writing too, and are what a worker would try first.
CARRIER_OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
                             "OPTOUT"})
OPT_IN = frozenset({"START", "UNSTOP"})


@dataclass(frozen=True)
class Keywords:
    """The words one language uses to greet, ask for help, start over, delete, skip, say yes
    and no, stop, read the organization's messages about a report (check) and ask to be
    contacted (join). Written as people type them; they are matched after `normalize`."""

    greet: tuple[str, ...]  # a greeting as first message chooses the language directly
    help: tuple[str, ...]
    restart: tuple[str, ...]
    delete: tuple[str, ...]
    skip: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    stop: tuple[str, ...] = ()
    check: tuple[str, ...] = ()
    join: tuple[str, ...] = ()


KEYWORDS = {
    "en": Keywords(greet=("HI", "HELLO", "HEY"),
                   help=("HELP", "INFO"), restart=("NEW", "RESTART"), delete=("DELETE",),
                   skip=("SKIP",), yes=("YES", "Y", "YEAH", "YEP"), no=("NO", "N", "NOPE"),
                   check=("CHECK", "MESSAGES"), join=("JOIN",)),
    "es": Keywords(greet=("HOLA", "BUENAS"),
                   help=("AYUDA",), restart=("NUEVO", "REINICIAR"), delete=("BORRAR",),
                   skip=("SALTAR", "PASAR"), yes=("SÍ", "SI", "S", "CLARO"), no=("NO", "N"),
                   stop=("PARAR", "ALTO"),
                   check=("REVISAR", "MENSAJES"), join=("UNIRME", "UNIRSE")),
    "zh_Hans": Keywords(greet=("你好", "您好"),
                        help=("帮助",), restart=("新", "重新开始"), delete=("删除",),
                        skip=("跳过",), yes=("是", "对", "是的"), no=("不", "否", "不是"),
                        stop=("停止", "退订"), check=("查看", "消息"), join=("加入",)),
    "vi": Keywords(greet=("CHÀO", "XIN CHÀO"),
                   help=("GIÚP",), restart=("MỚI",), delete=("XÓA", "XOÁ"), skip=("BỎ",),
                   yes=("CÓ", "VÂNG", "DẠ"), no=("KHÔNG", "K"), stop=("DỪNG", "NGỪNG"),
                   check=("XEM",), join=("THAM GIA",)),
    "fil": Keywords(greet=("KUMUSTA", "KUMUSTA PO", "MUSTA"),
                    help=("TULONG",), restart=("BAGO",), delete=("BURAHIN",), skip=("LAKTAW",),
                    yes=("OO", "OPO"), no=("HINDI",), stop=("TIGIL", "HINTO"),
                    check=("TINGNAN",), join=("SUMALI",)),
    "ht": Keywords(greet=("BONJOU", "BONSWA", "ALO"),
                   help=("ÈD", "EDE"), restart=("NOUVO",), delete=("EFASE",), skip=("SOTE",),
                   yes=("WI",), no=("NON",), stop=("KANPE", "SISPANN"),
                   check=("GADE",), join=("ANTRE",)),
    "ar": Keywords(greet=("مرحبا", "سلام", "السلام"),
                   help=("مساعدة",), restart=("جديد",), delete=("حذف", "احذف"), skip=("تخطي",),
                   yes=("نعم", "ايوه"), no=("لا",), stop=("توقف", "إيقاف"),
                   check=("رسائل", "تحقق"), join=("انضم",)),
    "ko": Keywords(greet=("안녕하세요", "안녕"),
                   help=("도움말", "도움"), restart=("새로", "다시"), delete=("삭제",),
                   skip=("건너뛰기", "패스"), yes=("예", "네", "응"),
                   no=("아니요", "아니오", "아니"),
                   stop=("중지", "수신거부"),
                   check=("확인",), join=("참여",)),
}


def _by_word(field: str, form: Callable[[str], str] | None = None) -> dict[str, str]:
    """Normalized keyword → the language it belongs to (the first language wins a shared word)."""
    table: dict[str, str] = {}
    for locale, keywords in KEYWORDS.items():
        for word in getattr(keywords, field):
            table.setdefault((form or normalize)(word), locale)
    return table


def normalize(text: str) -> str:
    """Digits of any script to ASCII, full-width to plain, accents off, upper case, trimmed."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    folded = unicodedata.normalize("NFKD", "".join(out))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).strip().upper()


# Keywords that also say which language the sender speaks.
HELP = _by_word("help")
RESTART = _by_word("restart")
DELETE = _by_word("delete")
CHECK = _by_word("check")
SKIP = frozenset({"0", *_by_word("skip")})
STOP = _by_word("stop")
OPT_OUT = CARRIER_OPT_OUT | frozenset(STOP)
YES_WORDS = {locale: {normalize(word) for word in keywords.yes}
             for locale, keywords in KEYWORDS.items()}
NO_WORDS = {locale: {normalize(word) for word in keywords.no}
            for locale, keywords in KEYWORDS.items()}


def keyword(text: str) -> str:
    """The message as a single bare word ('' when it is not one), e.g. ' Stop! ' → 'STOP'."""
    word = re.sub(r"[^\w]", "", normalize(text))
    return word if len(normalize(text).split()) == 1 else ""


CODE_SHAPE = re.compile(r"[A-Z0-9]{8}")  # a receipt code typed, confusable letters included


def delete_request(text: str) -> tuple[str, str] | None:
    """(language, code) when the message asks to delete a report: 'DELETE ABCD-2345', and
    without a space too ('删除ABCD2345'), as people write in scripts that use none."""
    cleaned = normalize(text)
    for word in sorted(DELETE, key=len, reverse=True):
        rest = cleaned.removeprefix(word)
        if rest != cleaned and (not rest or rest[0].isspace() or not word.isascii()):
            code = "".join(rest.split())
            # A code of a receipt's shape, or none: '删除了我的班次' ('they deleted my shifts')
            # or 'Xóa ca …' is a story, not a wrong code.
            if not code or CODE_SHAPE.fullmatch(code.replace("-", "")):
                return DELETE[word], code
    return None


def check_request(text: str) -> tuple[str, str, str | None] | None:
    """(language, code, answer) when the message asks for the organization's messages about a
    report: 'CHECK ABCD-2345', or 'CHECK ABCD-2345 the night manager' to answer them. The answer
    is kept as typed (the code and the keyword are matched after `normalize`)."""
    parts = text.strip().split(maxsplit=2)
    if not parts:
        return None
    first = normalize(parts[0])
    for word in sorted(CHECK, key=len, reverse=True):
        if first == word and len(parts) >= 2:  # CHECK ABCD-2345 [answer]
            code, answer = parts[1], parts[2] if len(parts) == 3 else None
        elif first.startswith(word) and not word.isascii() and first != word:
            # 查看ABCD2345 [answer]: scripts written without spaces
            code = parts[0][len(parts[0]) - len(first) + len(word):]
            answer = " ".join(parts[1:]) or None
        else:
            continue
        code = normalize(code).replace("-", "")
        # Only a code of a receipt's shape: 'Check Into Cash' is an employer, and 'Gade, …'
        # ('look' in Kreyòl) or 'Xem …' a story, not a wrong code counted against DELETE.
        return (CHECK[word], code, answer) if CODE_SHAPE.fullmatch(code) else None
    return None


def join_request(text: str) -> str | None:
    """The language of a message that asks to be contacted ('JOIN', 'Tham gia'), else None."""
    return JOIN.get(squeezed(text))


def squeezed(text: str) -> str:
    """The message without spaces or punctuation, for phrases like 'Xin chào!' → 'XINCHAO'."""
    return re.sub(r"[^\w]", "", normalize(text))


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


# Greetings are matched without spaces or punctuation ("Xin chào!" → XINCHAO).
GREETINGS = _by_word("greet", squeezed)


# After `squeezed` (defined above): a multi-word keyword matches typed with or without spaces.
JOIN = _by_word("join", squeezed)
