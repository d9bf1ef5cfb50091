"""Locale negotiation: explicit choice, then remembered choice, then Accept-Language, then default.

A worker's language must follow them through every page, error and reply, so the choice made with
`?lang=xx` is remembered in the (cookie-only) session. Everything a worker reads is translated
into every language below (the `worker` catalog); the organizer interface (the `messages`
catalog) into ORGANIZER_LANGUAGES only, so its pages negotiate among those.
"""

from dataclasses import dataclass

from flask import current_app, has_request_context, request, session
from flask_babel import format_percent, get_locale


@dataclass(frozen=True)
class Language:
    code: str  # the catalog's directory and the value stored on a report
    native_name: str  # each language is offered in its own words
    rtl: bool = False

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `lang` attributes: zh_Hans → zh-Hans."""
        return self.code.replace("_", "-")


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English"),
    Language("es", "Español"),
    Language("zh_Hans", "中文"),
    Language("vi", "Tiếng Việt"),
    Language("fil", "Tagalog"),
    Language("ht", "Kreyòl ayisyen"),
    Language("ar", "العربية", rtl=True),
    Language("ko", "한국어"),
)
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)
BY_CODE = {language.code: language for language in LANGUAGES}
ORGANIZER_LANGUAGES = ("en", "es")
# The organizer interface. (The public methods page is a worker's too: it says who reads a
# report and what is kept, so it is in every language.)
ORGANIZER_BLUEPRINTS = frozenset({"organizer", "auth", "sms", "api"})
ORGANIZER_ENDPOINTS: frozenset[str] = frozenset()
RTL_CODES = frozenset(language.code for language in LANGUAGES if language.rtl) | {
    "ar", "fa", "he", "ur"
}
# Tags people and browsers send for a language we carry under another code. Tagalog is
# `tl`, Filipino (its standard form) `fil`; every Chinese variant gets Simplified Chinese,
# which readers of Traditional characters read far better than English.
ALIASES = {"tl": "fil", "zh": "zh_Hans"}


def match_language(tag: str | None, offered: tuple[str, ...] = LANGUAGE_CODES) -> str | None:
    """The offered code a language tag asks for ('es-MX' → 'es', 'zh-TW' → 'zh_Hans'), or None."""
    if not tag:
        return None
    wanted = tag.strip().replace("-", "_").lower()
    by_lower = {code.lower(): code for code in offered}
    primary = wanted.split("_")[0]
    code = by_lower.get(wanted) or by_lower.get(primary) or ALIASES.get(primary)
    return code if code in offered else None


def offered_languages() -> tuple[str, ...]:
    """The languages of the page being served: all of them, except in the organizer interface."""
    if has_request_context() and (request.blueprint in ORGANIZER_BLUEPRINTS
                                  or request.endpoint in ORGANIZER_ENDPOINTS):
        return ORGANIZER_LANGUAGES
    return LANGUAGE_CODES


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    offered = offered_languages()
    chosen = match_language(request.args.get("lang"))
    if chosen:
        if session.get("lang") != chosen:  # unchanged, the session (and its cookie) stays
            session["lang"] = chosen  # remembered even where this page cannot show it
        if chosen in offered:
            return chosen
    remembered = match_language(session.get("lang"), offered)
    if remembered:
        return remembered
    for tag, _quality in request.accept_languages:
        accepted = match_language(tag, offered)
        if accepted:
            return accepted
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "en")


def language_tag() -> str:
    """The page's BCP 47 tag, for `<html lang>`."""
    return Language(current_language(), "").tag


def text_direction() -> str:
    return "rtl" if current_language() in RTL_CODES else "ltr"


def page_languages() -> tuple[Language, ...]:
    """The languages the language menu offers on this page."""
    return tuple(BY_CODE[code] for code in offered_languages())


def percent(share: float) -> str:
    """A share as a whole percentage in the reader's locale ("34 %", "٣٤٪")."""
    return format_percent(share, "#,##0%")


def template_globals() -> dict:
    from .insights.periods import quarter_label

    return {
        "languages": LANGUAGES,
        "page_languages": page_languages,
        "current_language": current_language,
        "language_tag": language_tag,
        "text_direction": text_direction,
        "percent": percent,
        "quarter_label": quarter_label,
    }
