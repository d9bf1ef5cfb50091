"""Writing and reading the audit trail. Services call `record` inside their own transaction.

Each event belongs to an organization (its admins read it) or to the platform (None: read by
platform admins): by default the organization the acting person is working in.
"""

from datetime import datetime
from enum import Enum
from typing import Final, Literal, NamedTuple

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from .extensions import db
from .models import AuditEvent, Role, User

PLATFORM = None


class _Default(Enum):
    ACTING = "the organization the acting person is working in"


_ACTING: Final = _Default.ACTING


def record(action: str, *, target: str | None = None, actor_id: int | None = None,
           organization_id: int | Literal[_Default.ACTING] | None = _ACTING,
           **detail: object) -> None:
    """Add an audit event to the session (the caller commits with its own change)."""
    signed_in = has_request_context() and current_user.is_authenticated
    if actor_id is None and signed_in:
        actor_id = current_user.id
    if organization_id is _ACTING:
        organization_id = current_user.organization_id if signed_in else PLATFORM
    db.session.add(AuditEvent(action=action, target=target, actor_id=actor_id,
                              organization_id=organization_id, detail=detail))


def recent_events(*, organization_id: int | None, everything: bool = False,
                  action: str | None = None, limit: int = 200) -> list:
    """The newest events of one organization (or, for platform admins, `everything`), with
    the actor's e-mail, optionally of one action."""
    query = (sa.select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id)
             .order_by(AuditEvent.id.desc()).limit(limit))
    if not everything:
        query = query.where(AuditEvent.organization_id == organization_id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.execute(query).all())


# Events whose target is an account (an e-mail, or the keyed hash of one tried): a platform
# admin, who manages accounts, sees it for every organization. Any other event of an
# organization the reader does not administer shows what happened and when, not on what: a
# report view or an export carries counts, filters and employers that are the organization's.
ACCOUNT_ACTIONS = frozenset({
    "sign_in", "sign_in_failed", "sign_in_locked", "sign_out", "two_factor_ok",
    "two_factor_failed", "two_factor_enabled", "user_created", "invited", "invitation_accepted",
    "reset_link_issued", "password_reset", "role_changed", "membership_removed",
    "organization_switched"})


class AuditLine(NamedTuple):
    """An audit event as one reader may see it."""

    at: datetime
    action: str
    target: str | None
    organization_id: int | None
    detail: dict
    withheld: bool


def events_for(*, reader: User, action: str | None = None, limit: int = 200) -> list:
    """The audit page's (line, actor e-mail) rows: an admin reads their organization's events
    in full; a platform admin reads every event, in full only for the platform's own and for
    the organizations they administer."""
    administered = {m.organization_id for m in reader.memberships if m.role == Role.ADMIN}
    rows = recent_events(organization_id=reader.organization_id,
                         everything=reader.is_platform_admin, action=action, limit=limit)
    lines = []
    for event, email in rows:
        open_ = event.organization_id is None or event.organization_id in administered
        shown = open_ or event.action in ACCOUNT_ACTIONS
        lines.append((AuditLine(at=event.at, action=event.action,
                                target=event.target if shown else None,
                                organization_id=event.organization_id,
                                detail=dict(event.detail or {}) if open_ else {},
                                withheld=not shown), email))
    return lines


def recorded_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).distinct()
                                   .order_by(AuditEvent.action)))
