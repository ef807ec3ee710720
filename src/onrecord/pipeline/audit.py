"""Writing audit events; every operation calls :func:`record_event` inside its transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from onrecord.models import AuditEvent


def record_event(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: int | None,
    actor_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to ``session`` (the caller's transaction commits it)."""
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor_id=actor_id,
        data=data or {},
    )
    session.add(event)
    return event
