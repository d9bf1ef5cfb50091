"""Writing the audit trail. Services call `record` inside their own transaction."""

import sqlalchemy as sa
from flask import has_request_context
from flask_login import current_user

from .extensions import db
from .models import AuditEvent, User


def record(action: str, *, target: str | None = None, actor_id: int | None = None,
           **detail) -> None:
    """Add an audit event to the session (the caller commits with its own change)."""
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    db.session.add(AuditEvent(action=action, target=target, actor_id=actor_id, detail=detail))


def recent_events(*, action: str | None = None, limit: int = 200) -> list:
    """The newest events (with the actor's e-mail), optionally of one action."""
    query = (sa.select(AuditEvent, User.email).outerjoin(User, User.id == AuditEvent.actor_id)
             .order_by(AuditEvent.id.desc()).limit(limit))
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.execute(query).all())


def recorded_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).distinct()
                                   .order_by(AuditEvent.action)))
