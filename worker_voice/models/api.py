"""Tokens for the read-only JSON API: one organization's key to what it may read.

Only a SHA-256 hash of a token is stored (a token is 32 random bytes, so a plain hash cannot be
reversed by guessing); `prefix` is the first characters, shown so people can tell tokens apart.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import Model
from .org import Organization


class ApiToken(Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))  # what it is for: "coalition dashboard"
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_used_on: Mapped[date | None] = mapped_column(sa.Date)  # the day only
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    organization: Mapped[Organization] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None
