"""The data model (architecture section 3), split by aggregate and re-exported here."""

from __future__ import annotations

from sqlmodel import SQLModel

from onrecord.models.accounts import ApiToken, Role, User
from onrecord.models.audit import AuditEvent
from onrecord.models.base import UTCDateTime, utcnow
from onrecord.models.feeds import EntryStatus, Feed, FeedEntry, PollStatus
from onrecord.models.jobs import Job, JobStatus
from onrecord.models.reviews import (
    RatingScaleDefinition,
    Review,
    ReviewPublic,
    ReviewRevision,
    ReviewState,
)
from onrecord.models.sources import IngestMethod, Outlet, Source, SourcePublic
from onrecord.models.speakers import Speaker, SpeakerAlias, SpeakerKind, SpeakerPublic, SpeakerRole
from onrecord.models.statements import (
    FlipRating,
    LinkRelation,
    LinkStatus,
    Statement,
    StatementKind,
    StatementLink,
    StatementPublic,
    StatementStatus,
)

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "AuditEvent",
    "EntryStatus",
    "Feed",
    "FeedEntry",
    "FlipRating",
    "IngestMethod",
    "Job",
    "JobStatus",
    "LinkRelation",
    "LinkStatus",
    "Outlet",
    "PollStatus",
    "RatingScaleDefinition",
    "Review",
    "ReviewPublic",
    "ReviewRevision",
    "ReviewState",
    "Role",
    "Source",
    "SourcePublic",
    "Speaker",
    "SpeakerAlias",
    "SpeakerKind",
    "SpeakerPublic",
    "SpeakerRole",
    "Statement",
    "StatementKind",
    "StatementLink",
    "StatementPublic",
    "StatementStatus",
    "UTCDateTime",
    "User",
    "metadata",
    "utcnow",
]
