"""``onrecord feeds ...``: RSS and Atom feeds."""

from __future__ import annotations

import click
from sqlmodel import col, select

from onrecord.cli.context import AppContext
from onrecord.models import Feed, PollStatus
from onrecord.pipeline.ingest.operations import add_feed, policy_from_settings, poll_feed

pass_app = click.make_pass_decorator(AppContext)


@click.group("feeds")
def feeds_group() -> None:
    """Follow RSS and Atom feeds and ingest their new articles."""


@feeds_group.command("add")
@click.argument("url")
@click.option("--outlet", default=None, help="Outlet of the feed's articles.")
@pass_app
def feeds_add(ctx: AppContext, url: str, outlet: str | None) -> None:
    """Add a feed (it is fetched once to check that it is RSS or Atom)."""
    db = ctx.ready_db()
    feed = add_feed(db, url, policy=policy_from_settings(ctx.app.config["ONRECORD"]), outlet=outlet)
    click.echo(
        f"Added feed {feed.id}: {feed.title or feed.url}. "
        "Run `onrecord feeds poll --all` to ingest its articles."
    )


@feeds_group.command("list")
@pass_app
def feeds_list(ctx: AppContext) -> None:
    """List feeds with their last poll, status and counts."""
    db = ctx.ready_db()
    with db.session() as session:
        feeds = session.exec(select(Feed).order_by(col(Feed.id))).all()
    if not feeds:
        click.echo("No feeds yet. Add one with `onrecord feeds add URL`.")
        return
    for feed in feeds:
        polled = feed.last_polled_at.strftime("%Y-%m-%d %H:%M") if feed.last_polled_at else "never"
        state = "" if feed.active else " (paused)"
        click.echo(
            f"{feed.id:>4}  {feed.url}{state}\n      {feed.title or '(no title)'}; "
            f"last poll {polled}: {feed.last_status.value}; "
            f"{feed.entries_seen} entries, {feed.articles_ingested} articles"
        )
        if feed.last_status == PollStatus.ERROR:
            click.echo(f"      error: {feed.last_error}")


@feeds_group.command("poll")
@click.argument("feed_ids", nargs=-1, type=int)
@click.option("--all", "poll_all", is_flag=True, help="Poll every active feed.")
@pass_app
def feeds_poll(ctx: AppContext, feed_ids: tuple[int, ...], poll_all: bool) -> None:
    """Fetch feeds (conditional GET) and ingest entries not seen before.

    Give FEED_IDS or --all. The exit status is 1 when a feed could not be polled.
    """
    if not feed_ids and not poll_all:
        raise click.UsageError("name feeds to poll (FEED_IDS) or use --all")
    db = ctx.ready_db()
    if poll_all:
        with db.session() as session:
            active = session.exec(select(Feed).where(col(Feed.active)).order_by(col(Feed.id)))
            feed_ids = tuple(feed.id for feed in active if feed.id is not None)
    policy = policy_from_settings(ctx.app.config["ONRECORD"])
    failed = 0
    for feed_id in feed_ids:
        report = poll_feed(db, feed_id, policy=policy)
        click.echo(report.message)
        for outcome in report.outcomes:
            if outcome.status == "refused":
                click.echo(f"  refused {outcome.label}: {outcome.message}")
        failed += report.status == PollStatus.ERROR
    if failed:
        raise SystemExit(1)


COMMANDS = [feeds_group]
