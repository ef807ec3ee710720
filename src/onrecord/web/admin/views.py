"""``/admin/tokens``: admins create API tokens for users, see them all, and revoke them.

The secret of a new token is shown once, in the answer to the form that made
it (never stored, never in a redirect or flash message), with
``Cache-Control: no-store``. Only admins reach these pages
(:func:`can_manage_tokens`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlmodel import col, select

from onrecord.models import Role, User
from onrecord.pipeline.accounts.tokens import NewToken, create_token, list_tokens, revoke_token
from onrecord.pipeline.errors import OperationError
from onrecord.web.admin.forms import CreateTokenForm, RevokeTokenForm
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence

bp = Blueprint("admin", __name__, url_prefix="/admin")


def can_manage_tokens(user: Any) -> bool:
    """Only active admins create, list and revoke API tokens."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    return str(getattr(user, "role", "")) == Role.ADMIN.value


bp.add_app_template_global(can_manage_tokens, "can_manage_tokens")


@bp.before_request
@login_required
def _admins_only() -> None:
    if not can_manage_tokens(current_user):
        abort(403, "Only admins manage API tokens.")


def _token_key() -> bytes:
    return str(current_app.config["SECRET_KEY"]).encode("utf-8")


def _page(form: CreateTokenForm, created: NewToken | None = None) -> ResponseReturnValue:
    session = db_session()
    html = render_template(
        "admin/tokens.html",
        form=form,
        revoke_form=RevokeTokenForm(),
        tokens=list_tokens(session),
        created=created,
    )
    status = 400 if form.errors else (201 if created else 200)
    # The page may show a secret, and lists everyone's tokens: no cache keeps it.
    return html, status, {"Cache-Control": "no-store"}


def _form() -> CreateTokenForm:
    users = (
        db_session()
        .exec(select(User).where(col(User.is_active)).order_by(col(User.username)))
        .all()
    )
    return CreateTokenForm(users=users)


@bp.route("/tokens")
def tokens() -> ResponseReturnValue:
    """Every token (active first) and the form to create one."""
    return _page(_form())


@bp.route("/tokens", methods=["POST"])
def create() -> ResponseReturnValue:
    """Create a token and show its secret, this once."""
    form = _form()
    if not form.validate_on_submit():
        return _page(form)
    try:
        with database().write() as session:
            created = create_token(
                session,
                user_id=int(form.user_id.data or 0),
                name=form.name.data or "",
                key=_token_key(),
                actor_id=current_user.id,
            )
    except OperationError as exc:
        form.name.errors = [as_sentence(str(exc))]
        return _page(form)
    return _page(_form(), created)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke a token at once; calls with it answer 401 from now on."""
    form = RevokeTokenForm()
    if form.validate_on_submit():
        try:
            with database().write() as session:
                token = revoke_token(session, token_id=token_id, actor_id=current_user.id)
        except OperationError as exc:
            abort(404, as_sentence(str(exc)))
        flash(f"Token {token.name} ({token.prefix}) is revoked.", "success")
    return redirect(url_for("admin.tokens"))
