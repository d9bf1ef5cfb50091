"""The audit trail: who did what, when. Append-only from the application.

No report text, phone number or IP address is ever written here: targets are ids and names of
organizer-side things (accounts, employers), and a failed sign-in is recorded by a keyed hash
of the e-mail that was tried.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import Model


class AuditEvent(Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # The organization the event belongs to (its admins read it); None: the platform's own.
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organization.id"),
                                                        index=True)
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target: Mapped[str | None] = mapped_column(sa.String(200))
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)


class LoginThrottle(Model):
    """Failed sign-ins per account key (HMAC of the e-mail tried), to lock out guessing."""

    __tablename__ = "login_throttle"

    account_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(sa.Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


@sa.event.listens_for(AuditEvent, "before_update")
@sa.event.listens_for(AuditEvent, "before_delete")
def _append_only(_mapper, _connection, _target):
    raise RuntimeError("the audit log is append-only")
