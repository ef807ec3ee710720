"""``onrecord worker``, ``onrecord scheduler`` and ``onrecord jobs ...``: background jobs."""

from __future__ import annotations

import threading

import click

from onrecord.cli.context import AppContext
from onrecord.jobs import JobEnv, enqueue, requeue_abandoned, retry_job
from onrecord.jobs.kinds import EXPORT_SUFFIXES, export_name
from onrecord.jobs.queries import list_jobs, status_counts
from onrecord.jobs.queue import redis_connection
from onrecord.jobs.runner import configure_worker
from onrecord.jobs.scheduler import run_scheduler, schedule_tick
from onrecord.models import Job, JobStatus

pass_app = click.make_pass_decorator(AppContext)
NO_REDIS = (
    "ONRECORD_REDIS_URL is not set: jobs run in-process; no worker needed "
    "(set it to send jobs to RQ on Redis)"
)


def _env(ctx: AppContext) -> JobEnv:
    return JobEnv(ctx.app.config["ONRECORD"], ctx.ready_db())


def _check_redis(env: JobEnv) -> None:
    from redis.exceptions import RedisError

    try:
        redis_connection(env.settings).ping()
    except RedisError as exc:
        raise click.ClickException(f"cannot reach Redis at ONRECORD_REDIS_URL: {exc}") from None


@click.command("worker")
@click.option(
    "--queues", "-q", default=None, help="Comma-separated RQ queues (default: ONRECORD_JOB_QUEUE)."
)
@click.option(
    "--with-scheduler", is_flag=True, help="Also ask for feed polls every feed poll interval."
)
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option(
    "--no-fork",
    is_flag=True,
    help="Run jobs in the worker process itself (faster for many small jobs; a job that "
    "crashes the process takes the worker down).",
)
@pass_app
def worker_command(
    ctx: AppContext, queues: str | None, with_scheduler: bool, burst: bool, no_fork: bool
) -> None:
    """Run an RQ worker for onrecord's background jobs (needs ONRECORD_REDIS_URL).

    On start it queues again the jobs whose worker died (still running after
    ONRECORD_JOB_TIMEOUT_S). Retries wait in RQ's scheduler, which every
    worker runs; with --with-scheduler it also asks for a feed poll every
    ONRECORD_FEED_POLL_INTERVAL_S (several such workers still poll once).
    """
    from rq import SimpleWorker, Worker

    settings = ctx.app.config["ONRECORD"]
    if not settings.redis_url:
        raise click.ClickException(NO_REDIS)
    env = _env(ctx)
    _check_redis(env)
    for job_id in requeue_abandoned(env):
        click.echo(f"Queued abandoned job {job_id} again.")
    # Work horses are forked: they open connections of their own (jobs.context).
    env.db.dispose()
    configure_worker(settings)
    names = [q.strip() for q in (queues or settings.job_queue).split(",") if q.strip()]
    stop = threading.Event()
    if with_scheduler:
        threading.Thread(target=run_scheduler, args=(env, stop), daemon=True).start()
    try:
        worker_class = SimpleWorker if no_fork else Worker
        worker = worker_class(names, connection=redis_connection(settings))
        worker.work(burst=burst, with_scheduler=True, logging_level=settings.log_level)
    finally:
        stop.set()


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Ask for this interval's feed poll and stop.")
@pass_app
def scheduler_command(ctx: AppContext, once: bool) -> None:
    """Ask for a feed poll every ONRECORD_FEED_POLL_INTERVAL_S.

    With Redis the polls go to the workers; without, they run here. Two
    schedulers never poll twice in one interval (the interval is the job's key).
    """
    env = _env(ctx)
    if once:
        job = schedule_tick(env)
        click.echo(f"Feed poll job {job.id}: {job.status.value}.")
        return
    click.echo(f"Polling feeds every {env.settings.feed_poll_interval_s} s; Ctrl-C stops.")
    run_scheduler(env, threading.Event())


@click.group("jobs")
def jobs_group() -> None:
    """List and retry background jobs."""


def _job_line(job: Job) -> str:
    when = job.created_at.strftime("%Y-%m-%d %H:%M:%S")
    line = (
        f"{job.id:>5}  {job.status.value:<9}  {job.kind:<16} {when}  "
        f"attempts {job.attempts}/{job.max_attempts}  {job.key}"
    )
    if job.last_error and job.status in (JobStatus.FAILED, JobStatus.RETRYING):
        line += f"\n       error: {job.last_error.strip().splitlines()[-1]}"
    return line


@jobs_group.command("list")
@click.option("--failed", is_flag=True, help="Only failed jobs.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in JobStatus]),
    default=None,
    help="Only jobs with this status.",
)
@click.option("--limit", default=50, show_default=True, help="How many, newest first.")
@pass_app
def jobs_list(ctx: AppContext, failed: bool, status: str | None, limit: int) -> None:
    """List jobs newest first, with their status, attempts and last error."""
    db = ctx.ready_db()
    wanted = JobStatus.FAILED if failed else (JobStatus(status) if status else None)
    with db.session() as session:
        jobs = list_jobs(session, status=wanted, limit=limit)
        counts = status_counts(session)
    for job in jobs:
        click.echo(_job_line(job))
    click.echo(", ".join(f"{n} {s.value}" for s, n in counts.items()) + ".")


@jobs_group.command("retry")
@click.argument("job_id", type=int)
@pass_app
def jobs_retry(ctx: AppContext, job_id: int) -> None:
    """Queue a failed job again, with all its attempts."""
    env = _env(ctx)
    job = retry_job(env, job_id)
    click.echo(f"Job {job.id} ({job.kind}): {job.status.value}.")
    if job.status == JobStatus.FAILED:
        raise SystemExit(1)


@jobs_group.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(EXPORT_SUFFIXES)))
@pass_app
def jobs_export(ctx: AppContext, fmt: str) -> None:
    """Ask for an export job: every public verdict to exports/ in the instance folder.

    Runs here without Redis; with Redis a worker writes the file (see `jobs list`).
    """
    env = _env(ctx)
    job = enqueue(env, "export", fmt=fmt, name=export_name(fmt))
    where = f": {job.result['path']}" if job.status == JobStatus.SUCCEEDED else ""
    click.echo(f"Export job {job.id}: {job.status.value}{where}.")
    if job.status == JobStatus.FAILED:
        raise click.ClickException(job.last_error)


COMMANDS = [worker_command, scheduler_command, jobs_group]
