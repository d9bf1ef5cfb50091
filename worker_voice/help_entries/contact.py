"""One place a worker can turn to, as the pages and messages show it."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..models import HelpEntry, HelpTopic


@dataclass(frozen=True)
class Contact:
    name: str  # a lazy string for the national defaults, translated where it is shown
    phone: str | None = None
    web: str | None = None
    languages: tuple[str, ...] = ()  # codes; empty: not said
    topics: frozenset[HelpTopic] = frozenset()

    @classmethod
    def of(cls, entry: HelpEntry) -> "Contact":
        return cls(name=entry.name, phone=entry.phone, web=entry.web,
                   languages=entry.language_codes, topics=entry.topic_set)

    @property
    def href(self) -> str | None:
        """The web address as a link: kept as people write it (no scheme), linked over https."""
        if not self.web:
            return None
        return self.web if "://" in self.web else f"https://{self.web}"

    @property
    def immigration_safe(self) -> bool:
        return HelpTopic.IMMIGRATION_SAFE in self.topics

    @property
    def sms_reach(self) -> str:
        """The phone, else the web address: one way to reach it, in a short message."""
        return self.phone or self.web or ""

    def reach(self) -> str:
        """Phone, then web: how an SMS gives it."""
        return " ".join(part for part in (self.phone, self.web) if part)


# What each topic helps with, as a worker reads it beside an entry.
TOPIC_LABELS = {
    HelpTopic.WAGES: _l("Unpaid wages and overtime"),
    HelpTopic.SAFETY: _l("Safety and injuries"),
    HelpTopic.RETALIATION: _l("Punishment for speaking up"),
    HelpTopic.IMMIGRATION_SAFE: _l("Does not ask about immigration status"),
}
