"""E-mail addresses (also spelled out: "maria dot canary at gmail dot com"), web addresses and
social-media handles."""

import re
from collections.abc import Iterator

from .spans import Span

# Top-level domains a bare "name.tld" is taken as a web address for: the common generic ones and
# those of the countries our workers come from. Two-letter words of our languages that are also
# country codes ("es", "de", "la", "to", "no", "in") are left out: "se fue.la" is a typo.
TLDS = ("com|net|org|edu|gov|info|biz|io|co|me|us|mx|ly|app|page|site|online|store|shop|link"
        "|xyz|ai|tv|gg|ca|gt|sv|hn|ni|cr|pa|ph|vn|kr|cn|ht|cu|pr|do|ve|pe|ar|cl|uk|ee|gl|gd|fm"
        "|ws|cc|tk|ml|ru|jp|tw|hk|news|blog|club|live|work|jobs|dev|me")
# Mail providers: "maria at gmail" needs no ".com" to be an address.
PROVIDERS = (r"g\s?mail|yahoo|ymail|hotmail|outlook|live|msn|icloud|aol|proton(?:mail)?|naver"
             r"|daum|hanmail|kakao|qq|163|126|sina|foxmail|yandex|gmx|zoho")
# "at" and "dot" as workers spell them out: English, Spanish, Haitian, Vietnamese, Tagalog, and
# the Chinese, Korean and Arabic words that need no spaces around them.
_AT_WORD = (r"(?:\s+(?:at|arroba|arobaz|a\s+còng|a\s+móc)\s+|\s*(?:艾特|골뱅이|آت)\s*"
            r"|\s*[(\[{<]\s*(?:at|arroba|@)\s*[)\]}>]\s*|\s*@\s*)")
_DOT_WORD = (r"(?:\s+(?:dot|punto|pwen|chấm|tuldok|dt)\s+|\s*(?:点|點|닷|دوت)\s*"
             r"|\s*[(\[{<]\s*(?:dot|punto|\.)\s*[)\]}>]\s*|\.)")
# Cheap to look for before the pattern, which is slow to run on every word.
_AT_HINTS = ("@", "at", "arroba", "arobaz", "còng", "móc", "艾特", "골뱅이", "آت")
_LOCAL_PART = r"[A-Za-z0-9][\w+\-]*"
# Words that end "...at gmail" in a sentence without being the name of a mailbox.
_NOT_MAILBOX = frozenset(
    "me us him her them it you i we they work worked working works job here there home is was "
    "are be one all email e-mail mail correo write escribe escribeme escríbeme mándame mandame "
    "send message account cuenta and or y o es mi my su your in on en to a".split())

EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-@])[A-Za-z0-9._%+\-]*[A-Za-z0-9_%+\-]@(?!\d{1,2}(?::\d\d)?\s?(?:am|pm)\b)"
    r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*",
    re.IGNORECASE)
SPELLED_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9.+\-@])(?P<local>{_LOCAL_PART}(?:{_DOT_WORD}{_LOCAL_PART}){{0,3}})"
    rf"{_AT_WORD}(?P<domain>(?:[A-Za-z0-9\-]+{_DOT_WORD})+(?:{TLDS})\b|(?:{PROVIDERS})\b"
    rf"(?:{_DOT_WORD}(?:{TLDS})\b|\s*닷컴)?)", re.IGNORECASE)

_TRAILING = ".,;:!?)]}'\"»”’"
URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'\x00]+"
    # A bare domain: "wa.me/1312...", "facebook.com/ana.rojas", "mysite.co". The name part is
    # ASCII; a lowercase TLD, or all capitals, since "se fue.Me dijeron" is a missing space.
    rf"|(?<![A-Za-z0-9_@.\-])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:{TLDS})"
    r"(?![\w\-])(?:[/?#][^\s<>\"'\x00]*)?"
    r"|(?<![A-Za-z0-9_@.\-])[A-Za-z0-9\-]{2,}\s+(?:dot|punto)\s+(?:com|net|org)\b", re.IGNORECASE)
_TLD_CASED = re.compile(rf"\.(?:{TLDS})$|\.(?:{TLDS.upper()})$")

# "@maria_canary" but not "meet @ 5pm" nor "@5pm"; an address before the "@" makes it an e-mail.
HANDLE = re.compile(
    r"(?<![A-Za-z0-9_@.\-/])@(?!\d{1,2}(?::\d\d)?\s?(?:am|pm|h|hrs)?\b)(?=[\w.]*[^\W\d])"
    r"\w(?:[\w.]*\w)?", re.IGNORECASE)
# A handle named by its app: "IG: maria.c", "mi tiktok es mariac23", "微信：wxid_88", "카톡 아이디
# maria88". Without a colon or an "@" the name must look like a user name (a digit, "_" or ".").
_APPS = (r"ig|insta|instagram|tiktok|tik\s?tok|telegram|tg|snap|snapchat|twitter|threads|fb"
         r"|facebook|wechat|weixin|微信号?|qq|line|kakao(?:talk)?|카톡|카카오톡|카카오|zalo|viber"
         r"|signal|discord|skype|小红书|抖音|douyin|微博|weibo|xiaohongshu")
APP_HANDLE = re.compile(
    rf"(?<![A-Za-z])(?P<app>{_APPS})(?:\s*(?:id|ID|아이디|号|號|handle|usuario|user(?:name)?))?"
    r"(?P<sep>(?:\s*[:：=]\s*|\s+(?:is|es)\s+|\s*)@?)"
    r"(?P<name>[A-Za-z0-9_](?:[\w.\-]*[A-Za-z0-9_])?)", re.IGNORECASE)
_USERLIKE = re.compile(r"[\d_.]")
# App names that are also everyday words ("line 5", "a signal"): their handle needs a colon or "@".
_COMMON_WORDS = frozenset("line signal snap threads tg".split())
_NUMBERED_APPS = frozenset("qq 微信 微信号 wechat weixin".split())
_WORDS = frozenset("is es and y or o me my mi account cuenta page página group grupo".split())


def emails(text: str) -> Iterator[Span]:
    if "@" in text or "＠" in text:
        for m in EMAIL.finditer(text):
            yield Span(m.start(), m.end(), "[email]")
    lower = text.lower()
    if not any(word in lower for word in _AT_HINTS):
        return
    for m in SPELLED_EMAIL.finditer(text):
        last_word = re.split(r"\W+", m.group("local").lower())[-1]
        if last_word not in _NOT_MAILBOX or "@" in m.group():
            yield Span(m.start(), m.end(), "[email]")


def links(text: str) -> Iterator[Span]:
    for m in URL.finditer(text):
        found = m.group().rstrip(_TRAILING)
        host = found.split("/", 1)[0].split("?", 1)[0]
        if " " not in found and "://" not in found and not found.lower().startswith("www."):
            # A bare "name.tld": its TLD in one case ("Foo.Com" is two sentences).
            if not _TLD_CASED.search(host):
                continue
        yield Span(m.start(), m.start() + len(found), "[link]")


def handles(text: str) -> Iterator[Span]:
    if "@" in text:
        for m in HANDLE.finditer(text):
            yield Span(m.start(), m.end(), "[handle]")
    for m in APP_HANDLE.finditer(text):
        app, name, sep = m.group("app").lower(), m.group("name"), m.group("sep")
        marked = "@" in sep or sep.strip(" @") in (":", "：", "=")
        if name.lower() in _WORDS or (app in _COMMON_WORDS and not marked):
            continue
        # QQ and WeChat numbers are digits only; elsewhere digits alone are a count ("ig 2").
        if not re.search(r"[A-Za-z]", name) and app not in _NUMBERED_APPS:
            continue
        if marked or _USERLIKE.search(name):
            yield Span(m.start("name") - _at_sign(sep), m.end(), "[handle]")


def _at_sign(sep: str) -> int:
    return 1 if sep.endswith("@") else 0
