"""Writing and reading the audit trail. Services call `record` inside their own transaction.

Each event belongs to an organization (its admins read it) or to the platform (None: read by
platform admins): by default the organization the acting person is working in.
"""

from enum import Enum
from typing import Final, Literal

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from .extensions import db
from .models import AuditEvent, User

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


def recorded_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).distinct()
                                   .order_by(AuditEvent.action)))
