"""Asking to be contacted, by SMS (JOIN): after the warning the web form gives too, a name or
nickname, a good time, whether texting is safe and the employer to organize at; the phone is the
one texting. The conversation starts afresh, so it holds no link to a report; what it gathered
leaves the conversation row when the service stores the contact (contacts: encrypted, apart)."""

from dataclasses import dataclass

from . import parsing
from . import texts as t

MAX_ANSWER = 200  # characters kept of a name, a time or an employer


@dataclass(frozen=True)
class ContactDraft:
    """A finished contact request, for the service to store with the sender's phone."""

    organization_id: int | None  # None: the line's default organization
    locale: str
    name: str | None
    best_time: str | None
    texting_safe: bool
    employer: str | None


def warning(locale: str, organization: str) -> tuple[str, str]:
    """What asking to be contacted means, as the web form says it; then go on or stop."""
    return (t.say(locale, t.JOIN_WARNING, organization=organization), t.say(locale, t.JOIN_RISK))


def prompt(step: str, locale: str) -> str:
    return t.say(locale, PROMPTS[step])


def answer(step: str, text: str, locale: str, gathered: dict) -> tuple[str | None, dict] | None:
    """The next step (None: finished) and what is gathered so far, or None to ask again."""
    if step == "join_confirm":
        choice = parsing.parse_choice(text, 1, locale, yes_no=True)
        return ("join_name", {}) if choice == 1 else ("join_cancelled", {})
    if step == "join_safe":
        choice = parsing.parse_choice(text, 2, locale, yes_no=True)
        if choice is None:
            return None
        return "join_employer", {**gathered, "texting_safe": choice == 1}
    field, following = FREE_TEXT[step]
    typed = text.strip()
    skipped = parsing.normalize(typed) in parsing.SKIP
    return following, {**gathered, field: None if skipped else typed[:MAX_ANSWER]}


def draft(gathered: dict, *, organization_id: int | None, locale: str) -> ContactDraft:
    return ContactDraft(organization_id, locale, gathered.get("name"), gathered.get("best_time"),
                        bool(gathered.get("texting_safe")), gathered.get("employer"))


PROMPTS = {"join_name": t.JOIN_NAME, "join_time": t.JOIN_TIME, "join_safe": t.JOIN_SAFE,
           "join_employer": t.JOIN_EMPLOYER}
FREE_TEXT = {"join_name": ("name", "join_time"), "join_time": ("best_time", "join_safe"),
             "join_employer": ("employer", None)}
STEPS = ("join_confirm", *PROMPTS)

