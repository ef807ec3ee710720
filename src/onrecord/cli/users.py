"""``onrecord user ...``."""

from __future__ import annotations

import sys

import click
from sqlmodel import col, select

from onrecord.cli.context import AppContext
from onrecord.models import Role, User
from onrecord.pipeline.accounts import operations

pass_app = click.make_pass_decorator(AppContext)
ROLE_CHOICE = click.Choice([r.value for r in Role])


@click.group("user")
def user_group() -> None:
    """Manage the people who use the desk."""


@user_group.command("create")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, required=True, help="What the user may do.")
@click.option("--display-name", default="", help="Name shown in the desk.")
@click.option("--email", default=None, help="E-mail address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_app
def user_create(
    ctx: AppContext,
    username: str,
    role: str,
    display_name: str,
    email: str | None,
    password_stdin: bool,
) -> None:
    """Create a user; the password is prompted for (or read with --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    db = ctx.ready_db()
    with db.write() as session:
        user = operations.create_user(
            session,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            email=email,
        )
    click.echo(f"Created user {user.username} ({user.role.value}).")


@user_group.command("list")
@pass_app
def user_list(ctx: AppContext) -> None:
    """List users with their role and whether they are active."""
    db = ctx.ready_db()
    with db.session() as session:
        users = session.exec(select(User).order_by(col(User.username))).all()
    if not users:
        click.echo("No users yet. Create one with `onrecord user create NAME --role admin`.")
        return
    width = max(len(u.username) for u in users)
    for user in users:
        state = "active" if user.is_active else "disabled"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        click.echo(
            f"{user.username:<{width}}  {user.role.value:<12}  {state:<8}  last login {last}"
        )


COMMANDS = [user_group]
