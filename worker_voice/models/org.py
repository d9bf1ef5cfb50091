"""Member organizations, the people who sign in for them, and coalitions of organizations."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import Model, db
from .enums import Role, enum_column

if TYPE_CHECKING:
    from .employer import Employer


class Organization(Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    # Reports collected through /r/<slug> or by texting the keyword belong to this organization.
    slug: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    sms_keyword: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    # Collects what arrives with no organization named: the general link /report, SMS without a
    # keyword. One at most (organizer.organizations.set_default_organization).
    is_default: Mapped[bool] = mapped_column(sa.Boolean, default=False,
                                             server_default=sa.false())
    # How a worker reaches the organization: given on the thank-you page and in answer to HELP.
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    contact_web: Mapped[str | None] = mapped_column(sa.String(200))
    # The cities whose workers it serves, one per line, as people write them: on the general
    # link, a worker in a city several organizations serve chooses which one reads the report.
    cities: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="organization",
                                                           cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


class User(UserMixin, Model):
    """A person who signs in: an organizer in one or more organizations, or a platform admin.
    Workers never have accounts."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    # The organization the person is working in now (one of their memberships): every page
    # shows that organization's reports and no other's.
    organization_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organization.id"),
                                                        index=True)
    # Runs the platform: organizations, coalitions, the shared employer registry. Reads no
    # raw report unless also a member of the organization that collected it.
    is_platform_admin: Mapped[bool] = mapped_column(sa.Boolean, default=False,
                                                    server_default=sa.false())
    # Two-factor sign-in (TOTP). The last accepted time step stops a code being used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Part of every session of this account (see get_id): signing out or a new password
    # raises it, which ends every session, a copied cookie included.
    session_version: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    organization: Mapped[Organization | None] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(back_populates="user",
                                                           cascade="all, delete-orphan")

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version."""
        return f"{self.id}:{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every session of this account stops working at its next request."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def membership(self) -> "Membership | None":
        return next((m for m in self.memberships if m.organization_id == self.organization_id),
                    None)

    @property
    def role(self) -> Role | None:
        """The role in the current organization; None without one."""
        membership = self.membership
        return membership.role if membership else None

    @property
    def needs_two_factor(self) -> bool:
        return self.is_platform_admin or any(m.role == Role.ADMIN for m in self.memberships)

    @property
    def can_edit(self) -> bool:
        """Organizers and admins change things in the current organization; viewers read."""
        role = self.role
        return role is not None and role.can_edit

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(Model):
    """A person's role in one organization: viewer, organizer or admin."""

    __tablename__ = "membership"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, name="role", length=20),
                                       default=Role.ORGANIZER)
    # The day this person's last visit began: the home page counts reports received since.
    # (A day, not a report: report ids say nothing about order, on purpose.)
    last_visit_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")


coalition_member = sa.Table(
    "coalition_member", db.metadata,
    sa.Column("coalition_id", sa.ForeignKey("coalition.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("organization_id", sa.ForeignKey("organization.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)

coalition_target = sa.Table(
    "coalition_target", db.metadata,
    sa.Column("coalition_id", sa.ForeignKey("coalition.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("employer_id", sa.ForeignKey("employer.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


class Coalition(Model):
    """Organizations that pool guarded figures on the employers they target together.

    Members see aggregates of the reports every member collected on a target employer, never
    another member's raw reports or unapproved quotes.
    """

    __tablename__ = "coalition"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    members: Mapped[list[Organization]] = relationship(secondary=coalition_member,
                                                       order_by=Organization.name)
    targets: Mapped[list["Employer"]] = relationship(
        secondary=coalition_target, order_by="Employer.name")

    def __repr__(self) -> str:
        return f"<Coalition {self.name}>"
