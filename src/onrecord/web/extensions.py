"""Flask extensions and the per-request database session."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlmodel import Session, select

from onrecord.db import Database
from onrecord.models import User

log = logging.getLogger("onrecord.web")
login_manager = LoginManager()
csrf = CSRFProtect()


class LoginUser:
    """The object Flask-Login keeps for a logged-in user.

    Its id combines the user id with the user's current session token, so that
    rotating the token (logout, password change, disabling) ends every session.
    """

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.user = user
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name or user.username
        self.role = user.role

    @property
    def is_active(self) -> bool:
        return self.user.is_active

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_token}"


def init_app(app: Flask) -> None:
    """Set up login, CSRF and closing the request's database session."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    app.teardown_appcontext(_close_session)


@login_manager.user_loader
def _load_user(login_id: str) -> LoginUser | None:
    user_id, _, token = login_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db_session().exec(select(User).where(User.id == int(user_id))).first()
    if user is None or not user.is_active or user.session_token != token:
        return None
    return LoginUser(user)


def database() -> Database:
    """The current app's :class:`Database`."""
    db: Database = current_app.extensions["onrecord.db"]
    return db


def db_session() -> Session:
    """A read session for this request, closed when the request ends."""
    if "db_session" not in g:
        g.db_session = database().session()
    session: Session = g.db_session
    return session


def _close_session(_exc: Any) -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.close()
    except sa.exc.DBAPIError:
        # The connection died under the request (the error page is already
        # rendered): drop it instead of failing the response with a bare 500.
        log.warning("closing a request's database session failed", exc_info=True)
        with contextlib.suppress(sa.exc.DBAPIError):
            session.invalidate()
