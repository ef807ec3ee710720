"""Users, roles and API tokens."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import UTCDateTime, created_at_field, str_enum_type


class Role(enum.StrEnum):
    """What a user may do; each role includes the ones below it."""

    ADMIN = "admin"
    EDITOR = "editor"
    FACT_CHECKER = "fact-checker"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        """Higher means more rights."""
        return _RANKS[self]


_RANKS = {Role.VIEWER: 0, Role.FACT_CHECKER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class User(SQLModel, table=True):
    """Someone who logs in to the desk.

    ``session_token`` is rotated on logout, password change and deactivation;
    a login session is valid only while it carries the current token.
    """

    __tablename__ = "user"
    __table_args__ = (sa.UniqueConstraint("username"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320)
    password_hash: str = Field(max_length=255)
    role: Role = Field(default=Role.VIEWER, sa_type=str_enum_type(Role, "user_role"))
    is_active: bool = True
    session_token: str = Field(max_length=64)
    created_at: dt.datetime = created_at_field()
    last_login_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    """A token for the write API; only a hash of the secret is stored."""

    __tablename__ = "api_token"
    __table_args__ = (sa.UniqueConstraint("token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=16)
    token_hash: str = Field(max_length=128)
    created_at: dt.datetime = created_at_field()
    last_used_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
