"""Messages between the collecting organization and a report's author, reached by the receipt
code (intake.mailbox).

A message belongs to its report and is deleted with it. Nothing here names the worker; the
organizer who wrote a message is recorded in the audit log, not on the row. `number` orders a
report's messages without a time of day or a table-wide sequence (either could tie a message to
a moment); `sent_on` is the day only.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .enums import MailboxDirection, enum_column
from .ids import RandomIdType


class MailboxMessage(Model):
    __tablename__ = "mailbox_message"

    report_id: Mapped[int] = mapped_column(
        RandomIdType, sa.ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    # 1, 2, 3… within the report.
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # The organization on the other end: the report's collecting organization.
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    direction: Mapped[MailboxDirection] = mapped_column(
        enum_column(MailboxDirection, name="direction", length=12))
    # A worker's answer is stored redacted, like a story (intake.redaction).
    text: Mapped[str] = mapped_column(sa.Text)
    sent_on: Mapped[date] = mapped_column(sa.Date)
    # A worker's answer: the day someone of the organization first read it (None: unread), so
    # the answers waiting to be read can be listed. Never set on the organization's messages.
    read_on: Mapped[date | None] = mapped_column(sa.Date)

    def __repr__(self) -> str:
        return f"<MailboxMessage {self.report_id}/{self.number}>"
