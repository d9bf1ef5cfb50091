"""One-time links for invitations and password resets; only a hash of each is stored."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .enums import Role, TokenPurpose, enum_column


class AccountToken(Model):
    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purpose: Mapped[TokenPurpose] = mapped_column(
        enum_column(TokenPurpose, name="purpose", length=10))
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))  # reset
    email: Mapped[str | None] = mapped_column(sa.String(254))  # invite
    role: Mapped[Role | None] = mapped_column(enum_column(Role, name="role", length=20))  # invite
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used: Mapped[bool] = mapped_column(sa.Boolean, default=False)
