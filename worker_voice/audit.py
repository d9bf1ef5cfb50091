"""Writing the audit trail. Services call `record` inside their own transaction."""

from flask import has_request_context
from flask_login import current_user

from .extensions import db
from .models import AuditEvent


def record(action: str, *, target: str | None = None, actor_id: int | None = None,
           **detail) -> None:
    """Add an audit event to the session (the caller commits with its own change)."""
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    db.session.add(AuditEvent(action=action, target=target, actor_id=actor_id, detail=detail))
