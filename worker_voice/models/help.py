"""Where a worker can get help: each organization keeps its own list (organizer.help_entries);
the thank-you page and the last SMS pick the entries that fit what was reported and where."""

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .enums import HelpTopic, enum_column

if TYPE_CHECKING:
    from .org import Organization


class HelpEntry(Model):
    __tablename__ = "help_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    web: Mapped[str | None] = mapped_column(sa.String(200))
    # Language codes (i18n.LANGUAGE_CODES) spoken there, separated by spaces; empty: not said.
    languages: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    # Only for reports from this city (as workers write it); empty: wherever the organization
    # works.
    city: Mapped[str | None] = mapped_column(sa.String(100))

    organization: Mapped["Organization"] = relationship()
    topics: Mapped[list["HelpEntryTopic"]] = relationship(cascade="all, delete-orphan",
                                                          lazy="selectin")

    @property
    def topic_set(self) -> frozenset[HelpTopic]:
        return frozenset(row.topic for row in self.topics)

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(self.languages.split())


class HelpEntryTopic(Model):
    __tablename__ = "help_entry_topic"

    help_entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("help_entry.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[HelpTopic] = mapped_column(
        enum_column(HelpTopic, name="topic", length=20), primary_key=True)
