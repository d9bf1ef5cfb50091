"""Member organizations and the organizers who sign in for them."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Organization(db.Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    # Reports collected through /r/<slug> or by texting the keyword belong to this organization.
    slug: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    sms_keyword: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organization")

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


class User(UserMixin, db.Model):
    """An organizer account. Workers never have accounts."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default="organizer")
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    # Two-factor sign-in (TOTP). The last accepted time step stops a code being used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The newest report of their organization this organizer's home page has shown.
    seen_report_id: Mapped[int | None] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_utcnow)

    organization: Mapped[Organization] = relationship(back_populates="users")

    def __repr__(self) -> str:
        return f"<User {self.id}>"
