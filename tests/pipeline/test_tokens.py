"""API tokens: created once, stored as a keyed hash, found, revoked, tied to their user."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import ApiToken, AuditEvent, Role, User, utcnow
from onrecord.pipeline.accounts.tokens import (
    TOUCH_INTERVAL,
    create_token,
    find_token,
    hash_token,
    list_tokens,
    needs_touch,
    revoke_token,
    split_token,
    touch_token,
)
from onrecord.pipeline.errors import Conflict, NotFound, OperationError
from tests import factories

KEY = b"test-secret-key"


@pytest.fixture
def user(db: Database) -> User:
    with db.write() as session:
        return factories.make_user(session, role=Role.FACT_CHECKER)


def test_created_token_is_stored_only_as_a_keyed_hash(db: Database, user: User) -> None:
    with db.write() as session:
        new = create_token(session, user_id=user.id or 0, name="CMS import", key=KEY, actor_id=1)
    assert split_token(new.secret) == (new.token.prefix, new.secret.split("_", 2)[2])
    with db.session() as session:
        row = session.exec(select(ApiToken)).one()
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "api_token.created")
        ).one()
    assert row.token_hash == hash_token(new.secret, KEY)
    assert new.secret not in row.token_hash
    assert row.prefix in new.secret
    assert event.object_id == row.id
    assert new.secret not in str(event.data)


def test_find_token_returns_the_owner_and_refuses_anything_else(db: Database, user: User) -> None:
    with db.write() as session:
        new = create_token(session, user_id=user.id or 0, name="a", key=KEY)
    with db.session() as session:
        owner = find_token(session, new.secret, key=KEY)
        assert owner is not None
        assert owner.user.id == user.id
        assert find_token(session, new.secret, key=b"another key") is None
        assert (
            find_token(session, new.secret[:-1] + ("A" if new.secret[-1] != "A" else "B"), key=KEY)
            is None
        )
        assert find_token(session, "not a token", key=KEY) is None
        assert find_token(session, "", key=KEY) is None


def test_revoked_token_and_deactivated_user_stop_working(db: Database, user: User) -> None:
    with db.write() as session:
        first = create_token(session, user_id=user.id or 0, name="one", key=KEY)
        second = create_token(session, user_id=user.id or 0, name="two", key=KEY)
    with db.write() as session:
        revoke_token(session, token_id=first.token.id or 0, actor_id=1)
        revoke_token(session, token_id=first.token.id or 0, actor_id=1)  # twice: no change
    with db.session() as session:
        assert find_token(session, first.secret, key=KEY) is None
        assert find_token(session, second.secret, key=KEY) is not None
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "api_token.revoked")
        ).all()
    assert len(events) == 1
    with db.write() as session:
        row = session.get(User, user.id)
        assert row is not None
        row.is_active = False
        session.add(row)
    with db.session() as session:
        assert find_token(session, second.secret, key=KEY) is None


@pytest.mark.parametrize(
    ("name", "error"),
    [("", OperationError), ("  ", OperationError), ("x" * 101, OperationError)],
)
def test_bad_names_are_refused(db: Database, user: User, name: str, error: type[Exception]) -> None:
    with pytest.raises(error), db.write() as session:
        create_token(session, user_id=user.id or 0, name=name, key=KEY)
    with db.session() as session:
        assert session.exec(select(ApiToken)).all() == []


def test_unknown_user_duplicate_name_and_unknown_token(db: Database, user: User) -> None:
    with pytest.raises(NotFound), db.write() as session:
        create_token(session, user_id=9999, name="a", key=KEY)
    with db.write() as session:
        create_token(session, user_id=user.id or 0, name="a", key=KEY)
    with pytest.raises(Conflict), db.write() as session:
        create_token(session, user_id=user.id or 0, name="a", key=KEY)
    with pytest.raises(NotFound), db.write() as session:
        revoke_token(session, token_id=9999)


def test_list_shows_active_tokens_first(db: Database, user: User) -> None:
    with db.write() as session:
        old = create_token(session, user_id=user.id or 0, name="old", key=KEY)
        create_token(session, user_id=user.id or 0, name="new", key=KEY)
    with db.write() as session:
        revoke_token(session, token_id=old.token.id or 0)
    with db.session() as session:
        names = [token.name for token, _ in list_tokens(session)]
        assert list_tokens(session, user_id=9999) == []
    assert names == ["new", "old"]


def test_last_used_is_written_at_most_once_a_minute(db: Database, user: User) -> None:
    with db.write() as session:
        new = create_token(session, user_id=user.id or 0, name="a", key=KEY)
    assert needs_touch(new.token)
    with db.write() as session:
        touch_token(session, token_id=new.token.id or 0)
    with db.session() as session:
        row = session.get(ApiToken, new.token.id)
        assert row is not None
        first = row.last_used_at
    assert first is not None
    assert not needs_touch(row)
    assert needs_touch(row, now=utcnow() + TOUCH_INTERVAL + dt.timedelta(seconds=1))
