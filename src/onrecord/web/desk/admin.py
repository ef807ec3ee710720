"""Admin pages: user accounts and rating scales (admins only).

Every action is one operation in one transaction with an audit event
(``pipeline/accounts/operations.py``, ``pipeline/review/operations.py``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlmodel import col, select

from onrecord.models import Role, User
from onrecord.pipeline.accounts import operations as accounts
from onrecord.pipeline.errors import NotFound, OperationError
from onrecord.pipeline.review import operations as reviews
from onrecord.pipeline.review.scales import all_scales, builtin_slugs
from onrecord.web.access import can_manage_scales, can_manage_users
from onrecord.web.desk.admin_forms import (
    ConfirmForm,
    NewScaleForm,
    NewUserForm,
    PasswordResetForm,
    RoleForm,
)
from onrecord.web.desk.blueprint import bp
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence
from onrecord.web.scales import current_scales

bp.add_app_template_global(can_manage_users, "can_manage_users")


def _require_admin() -> None:
    if not can_manage_users(current_user):
        abort(403, "Only admins can manage users and rating scales.")


# --- Users ---


def _users_page(form: NewUserForm) -> ResponseReturnValue:
    users = db_session().exec(select(User).order_by(col(User.username))).all()
    return render_template(
        "desk/admin_users.html", users=users, form=form, roles=dict(ROLE_LABELS)
    ), (400 if form.errors else 200)


ROLE_LABELS = [(r.value, r.value.replace("-", " ").capitalize()) for r in Role]


@bp.route("/admin/users")
def admin_users() -> ResponseReturnValue:
    """Every account with its role, state and last login, and the form to add one."""
    _require_admin()
    return _users_page(NewUserForm())


@bp.route("/admin/users", methods=["POST"])
def admin_create_user() -> ResponseReturnValue:
    """Create an account."""
    _require_admin()
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            with database().write() as session:
                user = accounts.create_user(
                    session,
                    username=form.username.data or "",
                    password=form.password.data or "",
                    role=form.role.data or Role.VIEWER.value,
                    display_name=form.display_name.data or "",
                    email=form.email.data or None,
                    actor_id=current_user.id,
                )
                user_id = user.id
        except OperationError as exc:
            form.username.errors = [as_sentence(str(exc))]
        else:
            flash(f"Created the account “{form.username.data}”.")
            return redirect(url_for("desk.admin_user", user_id=user_id))
    return _users_page(form)


def _user_page(user: User, **forms: object) -> ResponseReturnValue:
    role_form = forms.get("role_form") or RoleForm(role=Role(user.role).value)
    password_form = forms.get("password_form") or PasswordResetForm()
    failed = any(getattr(f, "errors", None) for f in (role_form, password_form))
    return render_template(
        "desk/admin_user.html",
        user=user,
        role_form=role_form,
        password_form=password_form,
        confirm_form=ConfirmForm(),
        is_self=user.id == current_user.id,
    ), (400 if failed else 200)


def _load(user_id: int) -> User:
    try:
        return accounts.load_user(db_session(), user_id)
    except NotFound as exc:
        abort(404, str(exc))


@bp.route("/admin/users/<int:user_id>")
def admin_user(user_id: int) -> ResponseReturnValue:
    """One account: change its role, set a password, disable or enable it, end its sessions."""
    _require_admin()
    return _user_page(_load(user_id))


def _user_action(user_id: int, action: str, form: Any) -> str | None:
    """Run one account change in a transaction; the refusal as a sentence, or None."""
    try:
        with database().write() as session:
            user = accounts.load_user(session, user_id)
            actor_id = current_user.id
            if action == "role":
                accounts.change_role(session, user=user, role=form.role.data, actor_id=actor_id)
            elif action == "password":
                accounts.change_password(
                    session, user=user, new_password=form.password.data, actor_id=actor_id
                )
            elif action == "disable":
                accounts.disable_user(session, user=user, actor_id=actor_id)
            elif action == "enable":
                accounts.set_active(session, user=user, active=True, actor_id=actor_id)
            else:  # end sessions
                accounts.end_sessions(
                    session, user=user, actor_id=actor_id, reason="ended by an admin"
                )
    except NotFound as exc:
        abort(404, str(exc))
    except OperationError as exc:
        return as_sentence(str(exc))
    return None


_DONE = {
    "role": "Role changed; the user's open sessions ended.",
    "password": "Password set; every session of the user ended.",
    "disable": "Account disabled; every session of the user ended.",
    "enable": "Account enabled.",
    "sessions": "Every session of the user ended.",
}


@bp.route(
    "/admin/users/<int:user_id>/<any(role, password, disable, enable, sessions):action>",
    methods=["POST"],
)
def admin_user_action(user_id: int, action: str) -> ResponseReturnValue:
    """Change one account (the action is in the address; each form posts its own)."""
    _require_admin()
    form: Any = {"role": RoleForm, "password": PasswordResetForm}.get(action, ConfirmForm)()
    if not form.validate_on_submit():
        user = _load(user_id)
        if action == "role":
            return _user_page(user, role_form=form)
        if action == "password":
            return _user_page(user, password_form=form)
        abort(400, "The form expired. Reload the page and try again.")
    refusal = _user_action(user_id, action, form)
    if refusal is not None:
        flash(refusal, "error")
        return redirect(url_for("desk.admin_user", user_id=user_id))
    flash(_DONE[action])
    if user_id == current_user.id and action in {"role", "password", "sessions"}:
        # Their own session just ended with the token: say so on the login page.
        return redirect(url_for("auth.login"))
    return redirect(url_for("desk.admin_user", user_id=user_id))


# --- Rating scales ---


def _scales_page(form: NewScaleForm) -> ResponseReturnValue:
    builtin = [s for s in all_scales() if s.slug in builtin_slugs()]
    return render_template(
        "desk/admin_scales.html",
        builtin=builtin,
        defined=current_scales().entries(),
        form=form,
        confirm_form=ConfirmForm(),
    ), (400 if form.errors else 200)


@bp.route("/admin/scales")
def admin_scales() -> ResponseReturnValue:
    """The built-in scales, the defined ones, and the form to define another."""
    if not can_manage_scales(current_user):
        abort(403, "Only admins can define rating scales.")
    return _scales_page(NewScaleForm())


@bp.route("/admin/scales", methods=["POST"])
def admin_define_scale() -> ResponseReturnValue:
    """Define a rating scale."""
    if not can_manage_scales(current_user):
        abort(403, "Only admins can define rating scales.")
    form = NewScaleForm()
    if form.validate_on_submit():
        try:
            with database().write() as session:
                reviews.define_scale(
                    session,
                    slug=form.slug.data or "",
                    name=form.name.data or "",
                    levels=form.levels.levels,
                    description=form.description.data or "",
                    actor_id=current_user.id,
                )
        except OperationError as exc:
            field = form.slug if "short name" in str(exc) else form.levels
            field.errors = [as_sentence(str(exc))]
        else:
            flash(f"Defined the scale “{form.name.data}”. New verdicts can use it now.")
            return redirect(url_for("desk.admin_scales"))
    return _scales_page(form)


@bp.route("/admin/scales/<slug>/<any(retire, restore):action>", methods=["POST"])
def admin_scale_action(slug: str, action: str) -> ResponseReturnValue:
    """Retire a defined scale (old verdicts keep it) or bring it back."""
    if not can_manage_scales(current_user):
        abort(403, "Only admins can define rating scales.")
    if not ConfirmForm().validate_on_submit():
        abort(400, "The form expired. Reload the page and try again.")
    try:
        with database().write() as session:
            reviews.set_scale_active(
                session, slug=slug, active=action == "restore", actor_id=current_user.id
            )
    except NotFound as exc:
        abort(404, str(exc))
    except OperationError as exc:
        flash(as_sentence(str(exc)), "error")
    else:
        flash(
            "Scale retired: new verdicts cannot use it."
            if action == "retire"
            else "Scale restored."
        )
    return redirect(url_for("desk.admin_scales"))
