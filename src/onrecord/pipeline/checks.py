"""Configuration audit: each check returns OK, WARN or FAIL with what to fix.

``onrecord check`` prints these; the app factory refuses production mode on
the same secret-key and debug rules (:func:`production_errors`), so the two
never disagree. Checks take plain values (settings, an engine) and never
import flask.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from onrecord.config import Settings
from onrecord.db import safe_url
from onrecord.migrations import current_revision, head_revision

#: Shorter keys are refused in production: 32 characters of hex carry 128 bits.
MIN_SECRET_LENGTH = 32
#: Words of keys copied from examples; such a key must also look random to pass.
_PLACEHOLDER_SECRETS = re.compile(r"(change.?me|secret|password|example|dev|test)", re.IGNORECASE)
KEY_COMMAND = "python -c 'import secrets; print(secrets.token_hex(32))'"
#: Allowlist networks wider than this open most of the internal address space.
_MAX_V4_PREFIX_WIDTH = 8
_MAX_V6_PREFIX_WIDTH = 32
_METADATA_ADDRESSES = (
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
)


class Status(enum.Enum):
    """How a check came out; FAIL makes ``onrecord check`` exit with status 1."""

    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One line of the audit: what was checked, how it came out, and what to do."""

    name: str
    status: Status
    message: str
    fix: str = ""


def weak_secret_reason(key: str) -> str | None:
    """Why ``key`` is too weak to sign sessions in production, or None if it is fine."""
    if len(key) < MIN_SECRET_LENGTH:
        return f"it is {len(key)} characters long (at least {MIN_SECRET_LENGTH} needed)"
    if len(set(key)) < 10:
        return "it repeats too few different characters"
    if _PLACEHOLDER_SECRETS.search(key) and len(set(key)) < 16:
        return "it looks like a placeholder"
    return None


def production_errors(settings: Settings) -> list[str]:
    """What stops ``settings`` from running in production mode (empty when nothing)."""
    errors = []
    if not settings.secret_key:
        errors.append(
            "production mode needs ONRECORD_SECRET_KEY: a key generated per instance would "
            f"differ between servers and restarts; create one with {KEY_COMMAND}"
        )
    elif (reason := weak_secret_reason(settings.secret_key)) is not None:
        errors.append(f"ONRECORD_SECRET_KEY is too weak for production: {reason}")
    if settings.debug:
        errors.append("production mode refuses ONRECORD_DEBUG=true: the debugger runs code")
    if not settings.wtf_csrf_enabled:
        errors.append("production mode refuses ONRECORD_WTF_CSRF_ENABLED=false")
    return errors


def check_secret_key(settings: Settings) -> CheckResult:
    """The secret key is set explicitly and strong (FAIL in production, WARN otherwise)."""
    bad = Status.FAIL if settings.production else Status.WARN
    if not settings.secret_key:
        where = settings.instance_dir / "secret_key"
        return CheckResult(
            "secret key",
            bad,
            f"not set; each instance generates its own and keeps it in {where}",
            f"set ONRECORD_SECRET_KEY (the same on every server); create one with {KEY_COMMAND}",
        )
    reason = weak_secret_reason(settings.secret_key)
    if reason is not None:
        return CheckResult(
            "secret key", bad, f"ONRECORD_SECRET_KEY is weak: {reason}", f"use {KEY_COMMAND}"
        )
    return CheckResult("secret key", Status.OK, "set and strong")


def check_debug(settings: Settings) -> CheckResult:
    """Debug and testing modes are off and CSRF protection is on."""
    if settings.debug:
        bad = Status.FAIL if settings.production else Status.WARN
        return CheckResult(
            "debug",
            bad,
            "debug mode is on (shows tracebacks, runs the debugger)",
            "unset ONRECORD_DEBUG",
        )
    if not settings.wtf_csrf_enabled:
        bad = Status.FAIL if settings.production else Status.WARN
        return CheckResult(
            "debug",
            bad,
            "CSRF protection is off: other sites can post forms as a logged-in user",
            "unset ONRECORD_WTF_CSRF_ENABLED",
        )
    if settings.testing:
        return CheckResult("debug", Status.WARN, "testing mode is on", "unset ONRECORD_TESTING")
    return CheckResult("debug", Status.OK, "debug and testing modes are off, CSRF on")


def check_database(engine: sa.Engine, url: str) -> CheckResult:
    """The database answers a trivial query (a missing SQLite file is not created)."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        path = Path(str(engine.url.database))
        if not path.exists():
            return CheckResult(
                "database", Status.FAIL, f"no database file at {path}", "run `onrecord db upgrade`"
            )
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return CheckResult(
            "database",
            Status.FAIL,
            f"cannot reach {safe_url(url)}: {first[0] if first else type(exc).__name__}",
            "check ONRECORD_DATABASE_URL and that the server is running",
        )
    return CheckResult("database", Status.OK, f"reachable at {safe_url(url)}")


def check_migrations(engine: sa.Engine) -> CheckResult:
    """The schema is at the newest migration."""
    head = head_revision()
    try:
        current = current_revision(engine)
    except sa.exc.SQLAlchemyError:
        return CheckResult("migrations", Status.FAIL, "cannot read the schema revision")
    if current is None:
        return CheckResult(
            "migrations", Status.FAIL, "the database has no tables yet", "run `onrecord db upgrade`"
        )
    if current != head:
        return CheckResult(
            "migrations",
            Status.FAIL,
            f"the database is at revision {current}, this onrecord needs {head}",
            "run `onrecord db upgrade`",
        )
    return CheckResult("migrations", Status.OK, f"at the newest revision ({head})")


def check_sqlite_file(engine: sa.Engine) -> CheckResult | None:
    """SQLite only: WAL journal, a writable folder, a file other users cannot read."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    path = Path(engine.url.database)
    try:
        with engine.connect() as conn:
            mode = str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()
    except sa.exc.SQLAlchemyError:
        return None  # the database check already says why
    if mode != "wal":
        return CheckResult(
            "sqlite",
            Status.WARN,
            f"journal mode is {mode}, not wal: readers will wait for writers",
            "keep the database on a local disk (WAL does not work on network file systems)",
        )
    # WAL needs to create -wal and -shm files next to the database.
    if not os.access(path.parent, os.W_OK):
        return CheckResult(
            "sqlite",
            Status.FAIL,
            f"the folder {path.parent} is not writable",
            "let the app's user write to it (SQLite keeps its -wal and -shm files there)",
        )
    if path.exists() and path.stat().st_mode & stat.S_IRWXO:
        return CheckResult(
            "sqlite",
            Status.WARN,
            f"{path} can be read by other users of this machine",
            f"chmod o-rwx {path}",
        )
    return CheckResult("sqlite", Status.OK, f"{path}: WAL journal, private file")


def check_redis(redis_url: str, ping: Callable[[str], None] | None = None) -> CheckResult:
    """Redis answers when a URL is configured (jobs and rate limits need it then)."""
    if not redis_url:
        return CheckResult("redis", Status.OK, "not configured: jobs run in-process")
    try:
        (ping or _redis_ping)(redis_url)
    except Exception as exc:  # any client error means the same to the operator
        return CheckResult(
            "redis",
            Status.FAIL,
            f"cannot reach {safe_url(redis_url)}: {exc}",
            "check ONRECORD_REDIS_URL and that Redis is running",
        )
    return CheckResult("redis", Status.OK, f"reachable at {safe_url(redis_url)}")


def _redis_ping(url: str) -> None:
    import redis  # imported here: only deployments with Redis need the client

    client: Any = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def check_cookies(settings: Settings) -> CheckResult:
    """Session cookies are HTTPS-only where the site is served over HTTPS."""
    if settings.cookies_secure:
        return CheckResult("cookies", Status.OK, "session cookies are sent over HTTPS only")
    if settings.proxy_fix_hops > 0:
        return CheckResult(
            "cookies",
            Status.WARN,
            "behind a proxy, but session cookies may travel over plain HTTP",
            "set ONRECORD_PREFERRED_URL_SCHEME=https (or ONRECORD_PRODUCTION=true) when the "
            "proxy serves HTTPS",
        )
    return CheckResult(
        "cookies", Status.OK, "sent over HTTP too (fine on one machine without HTTPS)"
    )


def check_proxy(settings: Settings) -> CheckResult:
    """The number of trusted proxies is sane."""
    hops = settings.proxy_fix_hops
    if hops < 0:
        return CheckResult(
            "proxy", Status.FAIL, f"ONRECORD_PROXY_FIX_HOPS={hops} is negative", "set 0 or more"
        )
    if hops == 0:
        return CheckResult(
            "proxy",
            Status.OK,
            "X-Forwarded-* headers are ignored",
            "" if not settings.production else "set ONRECORD_PROXY_FIX_HOPS=1 behind nginx",
        )
    if hops > 2:
        return CheckResult(
            "proxy",
            Status.WARN,
            f"trusting {hops} proxies: clients can forge addresses if fewer are really there",
            "set it to the number of proxies in front of the app",
        )
    return CheckResult("proxy", Status.OK, f"trusting X-Forwarded-* from {hops} proxy hop(s)")


def check_instance_dir(settings: Settings) -> CheckResult:
    """The instance folder exists (or can be created) and is writable."""
    folder = settings.instance_dir
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        return CheckResult(
            "instance folder",
            Status.FAIL,
            f"{folder} is not writable",
            "set ONRECORD_INSTANCE_PATH to a folder the app's user can write",
        )
    state = "writable" if probe == folder else "can be created"
    return CheckResult("instance folder", Status.OK, f"{folder} {state}")


def check_fetch_allowlist(settings: Settings) -> CheckResult:
    """ONRECORD_FETCH_ALLOW_HOSTS opens no metadata service or huge address ranges."""
    problems: list[str] = []
    for entry in settings.fetch_allow_hosts:
        text = entry.strip().lower().strip("[]")
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.?", text):
                problems.append(f"{entry!r} is neither a host name nor an address")
            continue
        widest = _MAX_V4_PREFIX_WIDTH if network.version == 4 else _MAX_V6_PREFIX_WIDTH
        if network.prefixlen < widest:
            problems.append(f"{entry} opens {network.num_addresses:,} addresses")
        if any(address in network for address in _METADATA_ADDRESSES):
            problems.append(f"{entry} includes a cloud metadata address")
    if problems:
        return CheckResult(
            "fetch allowlist",
            Status.FAIL,
            "; ".join(problems),
            "list only the intranet hosts ingest-by-URL must reach",
        )
    count = len(settings.fetch_allow_hosts)
    return CheckResult(
        "fetch allowlist",
        Status.OK,
        f"{count} private host(s) allowed" if count else "only public addresses are fetched",
    )


def run_checks(
    settings: Settings,
    engine: sa.Engine,
    *,
    redis_ping: Callable[[str], None] | None = None,
) -> list[CheckResult]:
    """Every check, in the order ``onrecord check`` prints them."""
    results = [check_secret_key(settings), check_debug(settings)]
    database = check_database(engine, engine.url.render_as_string(hide_password=False))
    results.append(database)
    if database.status is Status.OK:
        results.append(check_migrations(engine))
        sqlite = check_sqlite_file(engine)
        if sqlite is not None:
            results.append(sqlite)
    results.append(check_redis(settings.redis_url, redis_ping))
    results += [
        check_cookies(settings),
        check_proxy(settings),
        check_instance_dir(settings),
        check_fetch_allowlist(settings),
    ]
    return results
