"""Login and logout views."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from onrecord.models import User
from onrecord.pipeline.accounts import operations
from onrecord.web.auth.forms import LoginForm, LogoutForm
from onrecord.web.extensions import LoginUser, database

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    r"""Only same-site relative paths are followed after login (no open redirect).

    Browsers read a backslash as a slash and drop tabs and line breaks, so
    ``/\evil.example`` or ``/<TAB>/evil.example`` would leave the site: both are refused.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(char) < 0x20 or ord(char) == 0x7F for char in target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("desk.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Show the login form; log in on valid credentials."""
    if current_user.is_authenticated:
        return redirect(url_for("desk.index"))
    form = LoginForm()
    if form.validate_on_submit():
        with database().write() as session:
            user = operations.authenticate(
                session, username=form.username.data or "", password=form.password.data or ""
            )
        if user is None:
            form.password.errors.append("Wrong username or password.")
        else:
            login_user(LoginUser(user), remember=bool(form.remember.data))
            flash(f"Welcome, {user.display_name or user.username}.", "success")
            return redirect(_safe_next(request.args.get("next")))
    status = 200 if not form.errors else 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    """End this session and every other session of the user (the token rotates)."""
    form = LogoutForm()
    if form.validate_on_submit():
        with database().write() as session:
            user = session.get(User, current_user.id)
            if user is not None:
                operations.end_sessions(session, user=user, actor_id=user.id, reason="logout")
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
