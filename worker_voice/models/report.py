"""A worker's report and its answers.

Nothing here identifies the worker: no IP address, user agent, cookie, phone number or exact time.
`received_on` is the day only, and ids are random (models.ids), so nothing gives the order of
arrival within a day. The receipt code is kept only as a keyed hash (intake.receipts): the code
itself travels in the worker's last SMS, which the phone company logs next to the number.
`idempotency_key` is a hash of a random value the form generated, so a resubmitted form finds its
first report; it says nothing about who sent it.
"""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .employer import Employer, Worksite
from .enums import Channel, ReportStatus, enum_column
from .ids import RandomIdType, random_id


class Report(Model):
    __tablename__ = "report"
    # A campaign's quotes: the few approved reports of its employers, without reading the rest.
    # (SQLite uses a partial index only for the very term it names: queries say `= 1` there.)
    __table_args__ = (sa.Index("ix_report_approved_quotes", "employer_id",
                               postgresql_where=sa.text("quote_approved"),
                               sqlite_where=sa.text("quote_approved = 1")),
                      # An organization's reports in the list's order, walked page by page
                      # from a (day, id) cursor (intake.review).
                      sa.Index("ix_report_organization_order", "organization_id",
                               "received_on", "id"))

    id: Mapped[int] = mapped_column(RandomIdType, primary_key=True, autoincrement=False,
                                    default=random_id)
    receipt_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, name="channel", length=20))
    locale: Mapped[str] = mapped_column(sa.String(10), index=True)
    received_on: Mapped[date] = mapped_column(sa.Date, index=True)
    # The day the report entered the counts: the day received, or, when it was linked to its
    # employer (or unmarked as spam) after its quarter was published, the day that happened.
    counted_on: Mapped[date] = mapped_column(sa.Date)

    # The member organization that collected the report: only it sees the raw report.
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id"), index=True
    )
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employer.id"), index=True)
    worksite_id: Mapped[int | None] = mapped_column(sa.ForeignKey("worksite.id"), index=True)
    # What the worker typed, kept so that an unmatched name can be resolved later in review.
    employer_name_given: Mapped[str] = mapped_column(sa.String(200))
    employer_name_normalized: Mapped[str] = mapped_column(sa.String(200), index=True)
    city_given: Mapped[str] = mapped_column(sa.String(100))

    # Free text, stored only after automatic redaction (phones, e-mails, links, addresses).
    what_happened: Mapped[str | None] = mapped_column(sa.Text)
    one_change: Mapped[str | None] = mapped_column(sa.Text)
    # Review by the collecting organization. Spam, duplicates and held reports are left out of
    # rollups.
    status: Mapped[ReportStatus] = mapped_column(
        enum_column(ReportStatus, name="status", length=12), default=ReportStatus.NEW,
        server_default=ReportStatus.NEW.value, index=True)
    # An organizer approved the (redacted) free text for use beyond the organization.
    quote_approved: Mapped[bool] = mapped_column(sa.Boolean, default=False,
                                                 server_default=sa.false())
    # The day an organizer last decided on quoting it (approved, declined or withdrew): a story
    # neither approved nor decided on waits in the quote queue (intake.review). A day, like
    # every time kept on a report.
    quote_decided_on: Mapped[date | None] = mapped_column(sa.Date)
    # It left the counts (spam, duplicate) after its quarter was published: that quarter's
    # totals, which never change once published, still hold it (see models.rollup).
    kept_in_published: Mapped[bool] = mapped_column(sa.Boolean, default=False,
                                                    server_default=sa.false())

    employer: Mapped[Employer | None] = relationship()
    worksite: Mapped[Worksite | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Report {self.id}>"


STATUSES = tuple(ReportStatus)
UNCOUNTED = frozenset({ReportStatus.SPAM, ReportStatus.DUPLICATE, ReportStatus.HELD})


class Answer(Model):
    """One answered question; a multi-choice question has one row per chosen option."""

    __tablename__ = "answer"
    __table_args__ = (sa.UniqueConstraint("report_id", "question_key", "option"),)

    id: Mapped[int] = mapped_column(RandomIdType, primary_key=True, autoincrement=False,
                                    default=random_id)
    report_id: Mapped[int] = mapped_column(
        RandomIdType, sa.ForeignKey("report.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(sa.String(20))
    # The option code, or for a number the bucket it falls in (what the rollups count).
    option: Mapped[str] = mapped_column(sa.String(40))
    # The raw number where the question asks for one: legal thresholds differ by jurisdiction.
    value_number: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))

    report: Mapped[Report] = relationship(back_populates="answers")
