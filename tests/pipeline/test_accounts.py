"""User accounts: argon2 hashing and the operations that create and change users."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from onrecord.db import Database
from onrecord.models import AuditEvent, Role, User
from onrecord.pipeline.accounts.operations import (
    authenticate,
    change_password,
    create_user,
    end_sessions,
    set_active,
)
from onrecord.pipeline.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    new_session_token,
    verify_password,
)
from onrecord.pipeline.errors import Conflict, OperationError
from tests.factories import DEFAULT_PASSWORD, make_user


def events(session: Session, *, object_id: int | None = None) -> list[tuple[str, int | None]]:
    """(action, actor_id) of the audit events, oldest first, optionally for one user."""
    stmt = select(AuditEvent).where(AuditEvent.object_type == "user").order_by(col(AuditEvent.id))
    if object_id is not None:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    return [(e.action, e.actor_id) for e in session.exec(stmt)]


def load_user(db: Database, user_id: int | None) -> User:
    with db.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user


def change_password_of(db: Database, user_id: int | None, new_password: str) -> None:
    with db.write() as session:
        user = session.get(User, user_id)
        assert user is not None
        change_password(session, user=user, new_password=new_password, actor_id=user_id)


# Passwords


def test_hash_password_is_argon2id_and_salted() -> None:
    first = hash_password("correct horse battery")
    second = hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != second
    assert "correct horse battery" not in first


def test_verify_password_accepts_the_password() -> None:
    assert verify_password(hash_password("correct horse battery"), "correct horse battery")


@pytest.mark.parametrize(
    "attempt", ["correct horse batter", "Correct horse battery", "correct horse battery ", ""]
)
def test_verify_password_refuses_a_mismatch(attempt: str) -> None:
    assert not verify_password(hash_password("correct horse battery"), attempt)


@pytest.mark.parametrize("bad_hash", ["", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$broken"])
def test_verify_password_returns_false_for_a_broken_hash(bad_hash: str) -> None:
    assert verify_password(bad_hash, "correct horse battery") is False


def test_needs_rehash() -> None:
    assert not needs_rehash(hash_password("correct horse battery"))
    weak = "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"
    assert needs_rehash(weak)
    assert needs_rehash("not a hash")


def test_session_tokens_are_random_hex() -> None:
    tokens = {new_session_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) == 32 and int(t, 16) >= 0 for t in tokens)


# create_user


def test_create_user_stores_an_argon2_hash_and_writes_an_audit_event(db: Database) -> None:
    with db.write() as session:
        admin = make_user(session, username="admin", role=Role.ADMIN)
        user = create_user(
            session,
            username="  Maria.Lund ",
            password="correct horse battery",
            role="fact-checker",
            display_name="Maria Lund",
            email="maria@courier.example",
            actor_id=admin.id,
        )
    stored = load_user(db, user.id)
    assert stored.username == "maria.lund"
    assert stored.display_name == "Maria Lund"
    assert stored.email == "maria@courier.example"
    assert stored.role is Role.FACT_CHECKER
    assert stored.is_active
    assert stored.password_hash.startswith("$argon2id$")
    assert verify_password(stored.password_hash, "correct horse battery")
    assert len(stored.session_token) == 32
    with db.session() as session:
        assert events(session, object_id=user.id) == [("user.created", admin.id)]
        event = session.exec(select(AuditEvent).where(AuditEvent.object_id == user.id)).one()
    assert event.data == {"username": "maria.lund", "role": "fact-checker"}


def test_create_user_display_name_defaults_to_username(db: Database) -> None:
    with db.write() as session:
        user = create_user(session, username="tomas", password=DEFAULT_PASSWORD, role=Role.VIEWER)
    assert load_user(db, user.id).display_name == "tomas"


@pytest.mark.parametrize("taken", ["maria", "Maria", " MARIA "])
def test_create_user_duplicate_username_is_a_conflict(db: Database, taken: str) -> None:
    with db.write() as session:
        make_user(session, username="maria")
    with pytest.raises(Conflict, match="a user named 'maria' already exists"), db.write() as s:
        create_user(s, username=taken, password=DEFAULT_PASSWORD, role=Role.EDITOR)
    with db.session() as session:
        assert len(session.exec(select(User)).all()) == 1
        assert [a for a, _ in events(session)] == ["user.created"]


@pytest.mark.parametrize(
    "username",
    ["m", "", "   ", "maria lund", "maria@courier", "-maria", ".maria", "märia", "a" * 65],
)
def test_create_user_refuses_a_bad_username(db: Database, username: str) -> None:
    with pytest.raises(OperationError, match="username must be 2-64 characters"), db.write() as s:
        create_user(s, username=username, password=DEFAULT_PASSWORD, role=Role.VIEWER)
    with db.session() as session:
        assert session.exec(select(User)).all() == []
        assert session.exec(select(AuditEvent)).all() == []


@pytest.mark.parametrize("username", ["mo", "maria.lund", "m_lund-2", "0xdeadbeef", "a" * 64])
def test_create_user_accepts_a_good_username(db: Database, username: str) -> None:
    with db.write() as session:
        user = create_user(session, username=username, password=DEFAULT_PASSWORD, role="viewer")
    assert load_user(db, user.id).username == username


@pytest.mark.parametrize("role", ["superuser", "Admin", "", "fact_checker"])
def test_create_user_refuses_an_unknown_role(db: Database, role: str) -> None:
    with (
        pytest.raises(
            OperationError, match=r"unknown role .*; choose one of admin, editor, fact-checker"
        ),
        db.write() as session,
    ):
        create_user(session, username="maria", password=DEFAULT_PASSWORD, role=role)


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PASSWORD_LENGTH - 1)])
def test_create_user_refuses_a_short_password(db: Database, password: str) -> None:
    with (
        pytest.raises(OperationError, match=f"at least {MIN_PASSWORD_LENGTH} characters"),
        db.write() as session,
    ):
        create_user(session, username="maria", password=password, role=Role.VIEWER)
    with db.session() as session:
        assert session.exec(select(User)).all() == []


def test_create_user_accepts_a_password_of_minimum_length(db: Database) -> None:
    with db.write() as session:
        make_user(session, username="maria", password="x" * MIN_PASSWORD_LENGTH)
    with db.write() as session:
        assert authenticate(session, username="maria", password="x" * MIN_PASSWORD_LENGTH)


# authenticate


def test_authenticate_returns_the_user_and_records_the_login(db: Database) -> None:
    with db.write() as session:
        user = make_user(session, username="maria")
    assert load_user(db, user.id).last_login_at is None
    with db.write() as session:
        found = authenticate(session, username=" Maria ", password=DEFAULT_PASSWORD)
        assert found is not None
        assert found.id == user.id
    assert load_user(db, user.id).last_login_at is not None
    with db.session() as session:
        assert events(session, object_id=user.id) == [
            ("user.created", None),
            ("user.logged_in", user.id),
        ]


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("maria", "correct horse batter"),
        ("maria", DEFAULT_PASSWORD.upper()),
        ("maria", ""),
        ("tomas", DEFAULT_PASSWORD),
        ("", DEFAULT_PASSWORD),
    ],
    ids=["wrong-password", "wrong-case", "empty-password", "unknown-user", "empty-user"],
)
def test_authenticate_refuses_bad_credentials(db: Database, username: str, password: str) -> None:
    with db.write() as session:
        user = make_user(session, username="maria")
    with db.write() as session:
        assert authenticate(session, username=username, password=password) is None
    assert load_user(db, user.id).last_login_at is None
    with db.session() as session:
        assert [a for a, _ in events(session)] == ["user.created"]


def test_authenticate_refuses_a_disabled_user(db: Database) -> None:
    with db.write() as session:
        user = make_user(session, username="maria")
        set_active(session, user=user, active=False, actor_id=None)
    with db.write() as session:
        assert authenticate(session, username="maria", password=DEFAULT_PASSWORD) is None
    with db.session() as session:
        assert "user.logged_in" not in [a for a, _ in events(session)]


def test_authenticate_upgrades_an_outdated_hash(db: Database) -> None:
    from argon2 import PasswordHasher

    old_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with db.write() as session:
        user = make_user(session, username="maria")
        user.password_hash = old_hasher.hash(DEFAULT_PASSWORD)
        session.add(user)
    old_hash = load_user(db, user.id).password_hash
    assert needs_rehash(old_hash)
    with db.write() as session:
        assert authenticate(session, username="maria", password=DEFAULT_PASSWORD) is not None
    new_hash = load_user(db, user.id).password_hash
    assert new_hash != old_hash
    assert not needs_rehash(new_hash)
    assert verify_password(new_hash, DEFAULT_PASSWORD)


# end_sessions, change_password, set_active


def test_end_sessions_rotates_the_token_and_writes_an_audit_event(db: Database) -> None:
    with db.write() as session:
        admin = make_user(session, username="admin", role=Role.ADMIN)
        user = make_user(session, username="maria")
    before = load_user(db, user.id).session_token
    with db.write() as session:
        target = session.get(User, user.id)
        assert target is not None
        end_sessions(session, user=target, actor_id=admin.id, reason="lost laptop")
    after = load_user(db, user.id)
    assert after.session_token != before
    assert len(after.session_token) == 32
    with db.session() as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "user.sessions_ended")
        ).one()
    assert (event.object_id, event.actor_id) == (user.id, admin.id)
    assert event.data == {"reason": "lost laptop"}


def test_change_password(db: Database) -> None:
    with db.write() as session:
        user = make_user(session, username="maria")
    before = load_user(db, user.id).session_token
    change_password_of(db, user.id, "a new long passphrase")
    stored = load_user(db, user.id)
    assert stored.session_token != before
    with db.write() as session:
        assert authenticate(session, username="maria", password=DEFAULT_PASSWORD) is None
        assert authenticate(session, username="maria", password="a new long passphrase")
    with db.session() as session:
        assert events(session, object_id=user.id) == [
            ("user.created", None),
            ("user.sessions_ended", user.id),
            ("user.password_changed", user.id),
            ("user.logged_in", user.id),
        ]


def test_change_password_refuses_a_short_password_and_changes_nothing(db: Database) -> None:
    with db.write() as session:
        user = make_user(session, username="maria")
    before = load_user(db, user.id)
    with pytest.raises(OperationError, match="at least 8 characters"):
        change_password_of(db, user.id, "hunter2")
    after = load_user(db, user.id)
    assert (after.password_hash, after.session_token) == (
        before.password_hash,
        before.session_token,
    )
    with db.session() as session:
        assert [a for a, _ in events(session)] == ["user.created"]


def test_disabling_a_user_ends_their_sessions(db: Database) -> None:
    with db.write() as session:
        admin = make_user(session, username="admin", role=Role.ADMIN)
        user = make_user(session, username="maria")
    before = load_user(db, user.id).session_token
    with db.write() as session:
        target = session.get(User, user.id)
        assert target is not None
        set_active(session, user=target, active=False, actor_id=admin.id)
    stored = load_user(db, user.id)
    assert not stored.is_active
    assert stored.session_token != before
    with db.session() as session:
        assert events(session, object_id=user.id)[1:] == [
            ("user.sessions_ended", admin.id),
            ("user.disabled", admin.id),
        ]


def test_enabling_a_user_lets_them_log_in_again(db: Database) -> None:
    with db.write() as session:
        user = make_user(session, username="maria")
        set_active(session, user=user, active=False, actor_id=None)
    token = load_user(db, user.id).session_token
    with db.write() as session:
        target = session.get(User, user.id)
        assert target is not None
        set_active(session, user=target, active=True, actor_id=None)
    stored = load_user(db, user.id)
    assert stored.is_active
    assert stored.session_token == token
    with db.write() as session:
        assert authenticate(session, username="maria", password=DEFAULT_PASSWORD) is not None
    with db.session() as session:
        assert [a for a, _ in events(session, object_id=user.id)] == [
            "user.created",
            "user.sessions_ended",
            "user.disabled",
            "user.enabled",
            "user.logged_in",
        ]


def test_create_user_on_any_database(any_db: Database) -> None:
    with any_db.write() as session:
        make_user(session, username="maria", role=Role.EDITOR)
    with pytest.raises(Conflict), any_db.write() as session:
        make_user(session, username="MARIA")
    with any_db.write() as session:
        user = authenticate(session, username="maria", password=DEFAULT_PASSWORD)
        assert user is not None
        assert user.role is Role.EDITOR
    with any_db.session() as session:
        assert [a for a, _ in events(session)] == ["user.created", "user.logged_in"]


def test_a_failed_operation_leaves_no_audit_event(any_db: Database) -> None:
    def create_then_crash() -> None:
        with any_db.write() as session:
            make_user(session, username="maria")
            raise RuntimeError("crash after create_user")

    with pytest.raises(RuntimeError, match="crash"):
        create_then_crash()
    with any_db.session() as session:
        assert session.exec(select(User)).all() == []
        assert session.exec(select(AuditEvent)).all() == []
