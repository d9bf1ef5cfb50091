"""Locale negotiation: explicit choice, then remembered choice, then Accept-Language, then default.

A worker's language must follow them through every page, error and reply, so the choice made with
`?lang=xx` is remembered in the (cookie-only) session.
"""

from dataclasses import dataclass

from flask import current_app, has_request_context, request, session
from flask_babel import format_percent, get_locale


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str  # each language is offered in its own words
    rtl: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English"),
    Language("es", "Español"),
)
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)
RTL_CODES = frozenset(language.code for language in LANGUAGES if language.rtl) | {
    "ar", "fa", "he", "ur"
}


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang")
    if chosen in LANGUAGE_CODES:
        session["lang"] = chosen
        return chosen
    remembered = session.get("lang")
    if remembered in LANGUAGE_CODES:
        return remembered
    best = request.accept_languages.best_match(LANGUAGE_CODES)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "en")


def text_direction() -> str:
    return "rtl" if current_language() in RTL_CODES else "ltr"


def percent(share: float) -> str:
    """A share as a whole percentage in the reader's locale ("34 %", "٣٤٪")."""
    return format_percent(share, "#,##0%")


def template_globals() -> dict:
    from .insights.periods import quarter_label

    return {
        "languages": LANGUAGES,
        "current_language": current_language,
        "text_direction": text_direction,
        "percent": percent,
        "quarter_label": quarter_label,
    }
