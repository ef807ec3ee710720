"""Settings: every one typed, defaulted and documented.

Settings are declared as data (:data:`SETTINGS`) so that the README table, the
``onrecord check`` command and the tests all read the same list. Values come,
in order of precedence, from the mapping given to ``create_app(config=...)``,
from ``ONRECORD_<NAME>`` environment variables, and from the defaults here.
Each value is parsed by its declared type; nothing is guessed from the value.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "ONRECORD_"
#: Environment variables with this prefix belong to the test suite, not the app.
TEST_ENV_PREFIX = "ONRECORD_TEST_"


class ConfigError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of true/false, yes/no, on/off, 1/0")


def _parse_int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ValueError("expected a whole number") from None


def _parse_str(raw: str) -> str:
    return raw


def _parse_float(raw: str) -> float:
    try:
        return float(raw.strip())
    except ValueError:
        raise ValueError("expected a number") from None


def _parse_list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _parse_int_list(raw: str) -> tuple[int, ...]:
    try:
        return tuple(int(item) for item in _parse_list(raw))
    except ValueError:
        raise ValueError("expected comma-separated whole numbers") from None


def _parse_log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return level


def _parse_log_format(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"text", "json"}:
        raise ValueError("expected text or json")
    return value


def _parse_url_scheme(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"http", "https"}:
        raise ValueError("expected http or https")
    return value


_PARSERS: dict[str, Callable[[str], Any]] = {
    "bool": _parse_bool,
    "int": _parse_int,
    "str": _parse_str,
    "path": _parse_str,
    "log_level": _parse_log_level,
    "log_format": _parse_log_format,
    "url_scheme": _parse_url_scheme,
    "float": _parse_float,
    "list": _parse_list,
    "int_list": _parse_int_list,
}


def _setting(kind: str, help_text: str) -> dict[str, str]:
    return {"kind": kind, "help": help_text}


@dataclass(frozen=True, slots=True)
class Settings:
    """The app's settings. Field metadata carries the type name and the help text."""

    database_url: str = field(
        default="",
        metadata=_setting(
            "str",
            "SQLAlchemy database URL. Empty means a SQLite file `onrecord.db` in the instance "
            "folder. Use `postgresql+psycopg://user@host/dbname` for PostgreSQL.",
        ),
    )
    secret_key: str = field(
        default="",
        metadata=_setting(
            "str",
            "Key that signs sessions and CSRF tokens. Empty means a random key kept in "
            "`secret_key` in the instance folder (fine for one machine; set it explicitly when "
            "several app servers share a database).",
        ),
    )
    instance_path: str = field(
        default="",
        metadata=_setting(
            "path",
            "Folder for the SQLite database, the generated secret key and uploads. Empty means "
            "`./instance` under the current directory.",
        ),
    )
    sqlite_busy_timeout_ms: int = field(
        default=5000,
        metadata=_setting(
            "int", "How long a SQLite connection waits for a lock before giving up, in ms."
        ),
    )
    session_cookie_secure: bool = field(
        default=False,
        metadata=_setting(
            "bool",
            "Send the session cookie over HTTPS only. On by itself in production mode and when "
            "`ONRECORD_PREFERRED_URL_SCHEME` is https, `ONRECORD_FORCE_HTTPS` is on or "
            "`ONRECORD_PUBLIC_BASE_URL` starts with https.",
        ),
    )
    fetch_allow_hosts: tuple[str, ...] = field(
        default=(),
        metadata=_setting(
            "list",
            "Comma-separated host names, IP addresses or CIDR ranges that ingest-by-URL may "
            "reach although they are private or local (e.g. an intranet CMS). Everything "
            "private stays refused otherwise.",
        ),
    )
    fetch_max_bytes: int = field(
        default=5_000_000,
        metadata=_setting("int", "Largest page or feed that ingest-by-URL downloads, in bytes."),
    )
    fetch_timeout_s: float = field(
        default=15.0,
        metadata=_setting(
            "float", "Total time allowed for one fetch (connect, redirects, download), seconds."
        ),
    )
    log_level: str = field(
        default="INFO",
        metadata=_setting("log_level", "Logging level: DEBUG, INFO, WARNING, ERROR, CRITICAL."),
    )
    log_format: str = field(
        default="text",
        metadata=_setting(
            "log_format",
            "Log line format: `text` (readable) or `json` (one JSON object per line, with "
            "request id, method, path, status, duration and user id; for log collectors).",
        ),
    )
    production: bool = field(
        default=False,
        metadata=_setting(
            "bool",
            "Production mode: the app refuses to start with a generated or missing secret key "
            "or with debug on, and session cookies are HTTPS-only. `onrecord serve "
            "--production` and `onrecord.gunicorn_conf` turn it on.",
        ),
    )
    preferred_url_scheme: str = field(
        default="http",
        metadata=_setting(
            "url_scheme",
            "Scheme of links built outside a request (`http` or `https`). `https` also makes "
            "session cookies HTTPS-only.",
        ),
    )
    proxy_fix_hops: int = field(
        default=0,
        metadata=_setting(
            "int",
            "Number of reverse proxies in front of the app whose `X-Forwarded-For`, `-Proto`, "
            "`-Host` and `-Port` headers are trusted (Werkzeug ProxyFix). 0 trusts none; set "
            "1 behind one nginx. Never set it higher than the real number of proxies.",
        ),
    )
    web_workers: int = field(
        default=0,
        metadata=_setting(
            "int",
            "Gunicorn worker processes for `onrecord serve --production`. 0 means 2 x CPU "
            "cores + 1, at most 8.",
        ),
    )
    web_threads: int = field(
        default=4,
        metadata=_setting("int", "Threads per gunicorn worker (`onrecord serve --production`)."),
    )
    web_timeout_s: int = field(
        default=30,
        metadata=_setting(
            "int",
            "Seconds a gunicorn worker may spend on one request before it is restarted; also "
            "the grace period for finishing requests on shutdown.",
        ),
    )
    redis_url: str = field(
        default="",
        metadata=_setting(
            "str",
            "Redis URL (`redis://host:6379/0`). Set: background jobs go to RQ on this Redis "
            "(run `onrecord worker`). Empty: jobs run in the process that asks for them.",
        ),
    )
    job_queue: str = field(
        default="onrecord",
        metadata=_setting("str", "Name of the RQ queue that jobs are sent to and workers read."),
    )
    job_max_attempts: int = field(
        default=3,
        metadata=_setting(
            "int", "Attempts a job gets before it is recorded as failed (1 means no retry)."
        ),
    )
    job_retry_backoff_s: tuple[int, ...] = field(
        default=(10, 60, 300),
        metadata=_setting(
            "int_list",
            "Seconds to wait before each retry of a failed job (comma-separated; the last "
            "value repeats). In-process jobs wait at most 1 second.",
        ),
    )
    job_timeout_s: int = field(
        default=600,
        metadata=_setting(
            "int",
            "Longest a job may run on a worker, in seconds; a job still marked running after "
            "this is taken as abandoned and queued again when a worker starts.",
        ),
    )
    feed_poll_interval_s: int = field(
        default=900,
        metadata=_setting(
            "int",
            "How often `onrecord scheduler` (or `onrecord worker --with-scheduler`) polls "
            "the active feeds, in seconds.",
        ),
    )
    ratelimit_enabled: bool = field(
        default=True,
        metadata=_setting(
            "bool",
            "Rate limits on the JSON API and the login form (Flask-Limiter). Kept in Redis "
            "when `ONRECORD_REDIS_URL` is set, else in each process's memory.",
        ),
    )
    api_read_limit: str = field(
        default="300/minute",
        metadata=_setting(
            "str",
            "Rate limit of API calls without a token, per client IP (`300/minute`; several "
            "separated by `;`, e.g. `20/second;300/minute`).",
        ),
    )
    api_token_limit: str = field(
        default="1000/minute",
        metadata=_setting("str", "Rate limit of API calls with a token, per token."),
    )
    login_limit: str = field(
        default="10/minute",
        metadata=_setting(
            "str",
            "Rate limit of login attempts (form posts), per client IP. If the Redis that keeps "
            "the limits is down, logins are refused (503) rather than left unlimited.",
        ),
    )
    ratelimit_key_prefix: str = field(
        default="onrecord",
        metadata=_setting(
            "str", "Prefix of the rate-limit counters' keys in Redis (to share one Redis)."
        ),
    )
    debug: bool = field(
        default=False,
        metadata=_setting("bool", "Flask debug mode. Never turn on in production."),
    )
    testing: bool = field(
        default=False,
        metadata=_setting("bool", "Testing mode (used by the test suite)."),
    )
    wtf_csrf_enabled: bool = field(
        default=True,
        metadata=_setting("bool", "CSRF protection on every form. Only tests turn it off."),
    )
    force_https: bool = field(
        default=False,
        metadata=_setting(
            "bool",
            "Redirect plain-HTTP requests to HTTPS and send `Strict-Transport-Security`. Turn on "
            "when the site is served over HTTPS (behind a proxy, with `ONRECORD_PROXY_FIX_HOPS`).",
        ),
    )
    embed_template_dir: str = field(
        default="",
        metadata=_setting(
            "path",
            "Folder of widget templates that replace the built-in ones by file name (e.g. "
            "`review.html` replaces `embed/review.html`); see docs/publishing.md. Empty: none.",
        ),
    )
    embed_max_age_s: int = field(
        default=300,
        metadata=_setting(
            "int",
            "How long shared caches (a CDN, a proxy) may keep a widget or oEmbed answer, in "
            "seconds; browsers always ask again and get a cheap 304 while nothing changed.",
        ),
    )
    public_base_url: str = field(
        default="",
        metadata=_setting(
            "str",
            "Address of the public site without a trailing slash (`https://factcheck.example`), "
            "used for absolute links in ClaimReview, feeds and exports. Empty: taken from the "
            "request (and `http://localhost:5000` outside a request).",
        ),
    )
    organisation_name: str = field(
        default="onrecord",
        metadata=_setting(
            "str", "Name of the fact-checking organisation: the `author` of every ClaimReview."
        ),
    )
    organisation_url: str = field(
        default="",
        metadata=_setting(
            "str",
            "Home page of the fact-checking organisation (ClaimReview `author.url`). Empty: the "
            "public site's address.",
        ),
    )
    review_second_read_required: bool = field(
        default=True,
        metadata=_setting(
            "bool",
            "Publishing a verdict needs a second read (an editor's direct approval is refused). "
            "Turn off only where one editor's approval is enough.",
        ),
    )
    review_second_reader_not_author: bool = field(
        default=True,
        metadata=_setting(
            "bool",
            "The second reader of a verdict must be someone other than its author.",
        ),
    )

    match_pool: int = field(
        default=30,
        metadata=_setting("int", "Matching: candidates taken from the search index and rescored."),
    )
    match_max_links: int = field(
        default=5,
        metadata=_setting(
            "int", "Matching: most links written per use (already checked; speaker history)."
        ),
    )
    match_suggest_threshold: float = field(
        default=2.0,
        metadata=_setting(
            "float", "Matching: lowest score for a speaker-history suggestion (docs/matching.md)."
        ),
    )
    match_checked_suggest_threshold: float = field(
        default=2.2,
        metadata=_setting(
            "float",
            "Matching: lowest text score (the score without speaker and date) for an "
            "already-checked suggestion.",
        ),
    )
    match_checked_min_similarity: float = field(
        default=0.55,
        metadata=_setting(
            "float",
            "Matching: lowest word overlap (rapidfuzz token_set of the content words, 0-1) for "
            "an already-checked suggestion; keeps small collections free of junk.",
        ),
    )
    match_checked_unanchored_similarity: float = field(
        default=0.7,
        metadata=_setting(
            "float",
            "Matching: lowest word overlap (0-1) for an already-checked suggestion when the two "
            "statements share no name, place, number or year.",
        ),
    )
    match_history_min_similarity: float = field(
        default=0.65,
        metadata=_setting(
            "float",
            "Matching: lowest word overlap (0-1) for a speaker-history link; 0.5 is enough when "
            "the two share a name, place, number or year.",
        ),
    )
    match_history_min_topic: float = field(
        default=0.74,
        metadata=_setting(
            "float", "Matching: lowest stance topic score (0-1) for a same-topic or reversal link."
        ),
    )
    match_confirm_threshold: float = field(
        default=4.0,
        metadata=_setting("float", "Matching: lowest score for a link confirmed by the machine."),
    )
    match_min_confirm_words: int = field(
        default=8,
        metadata=_setting(
            "int", "Matching: statements shorter than this many words are never auto-confirmed."
        ),
    )
    match_window_days: int = field(
        default=0,
        metadata=_setting(
            "int", "Matching: statements said further apart are never linked. 0: no limit."
        ),
    )
    match_confirm_window_days: int = field(
        default=730,
        metadata=_setting(
            "int", "Matching: a machine-confirmed link needs both said this close. 0: no limit."
        ),
    )
    match_max_term_share: float = field(
        default=0.0,
        metadata=_setting(
            "float",
            "Matching on SQLite: words found in more than this share of all statements are left "
            "out of the search query; 0.05 halves match time at 300,000 statements for a small "
            "loss of accuracy (docs/matching.md). 0: keep every word.",
        ),
    )
    match_repeat_similarity: float = field(
        default=0.9,
        metadata=_setting(
            "float", "Matching: word overlap (0-1) at which a speaker's statement repeats another."
        ),
    )

    @property
    def instance_dir(self) -> Path:
        """The instance folder as an absolute path."""
        return Path(self.instance_path or "instance").resolve()

    @property
    def effective_database_url(self) -> str:
        """The database URL, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance_dir / 'onrecord.db'}"

    @property
    def cookies_secure(self) -> bool:
        """Whether cookies are HTTPS-only: set explicitly, in production mode, or for https
        (``preferred_url_scheme``, ``force_https`` or an https ``public_base_url``)."""
        return (
            self.session_cookie_secure
            or self.production
            or self.force_https
            or self.preferred_url_scheme == "https"
            or self.public_base_url.lower().startswith("https://")
        )

    def match_settings(self) -> MatchSettings:
        """The ``ONRECORD_MATCH_*`` settings as the plain value ``pipeline/match`` takes."""
        return MatchSettings(
            pool=self.match_pool,
            max_links=self.match_max_links,
            suggest_threshold=self.match_suggest_threshold,
            checked_suggest_threshold=self.match_checked_suggest_threshold,
            checked_min_similarity=self.match_checked_min_similarity,
            checked_unanchored_similarity=self.match_checked_unanchored_similarity,
            history_min_similarity=self.match_history_min_similarity,
            history_min_topic=self.match_history_min_topic,
            confirm_threshold=self.match_confirm_threshold,
            min_confirm_words=self.match_min_confirm_words,
            window_days=self.match_window_days or None,
            confirm_window_days=self.match_confirm_window_days or None,
            repeat_similarity=self.match_repeat_similarity,
            max_term_share=self.match_max_term_share or None,
        )


def setting_names() -> list[str]:
    """Names of all settings, lower case as in :class:`Settings`."""
    return [f.name for f in fields(Settings)]


def setting_help() -> list[tuple[str, str, str, str]]:
    """Rows of (env var, type, default, help) for documentation."""
    rows = []
    for f in fields(Settings):
        default = f.default
        if isinstance(default, bool):
            shown = str(default).lower()
        elif isinstance(default, tuple):
            shown = ",".join(str(item) for item in default)
        else:
            shown = str(default)
        rows.append((ENV_PREFIX + f.name.upper(), f.metadata["kind"], shown, f.metadata["help"]))
    return rows


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build :class:`Settings` from ``overrides`` (keys in any case) over the environment.

    Raises :class:`ConfigError` naming the setting for an unknown name or a bad value.
    """
    env = os.environ if environ is None else environ
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX) or key.startswith(TEST_ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name not in known:
            raise ConfigError(f"unknown setting {key}; known settings: {_known_list()}")
        values[name] = _parse(key, known[name].metadata["kind"], raw)
    for key, value in (overrides or {}).items():
        name = key.lower()
        if name.startswith(ENV_PREFIX.lower()):
            name = name[len(ENV_PREFIX) :]
        if name not in known:
            raise ConfigError(f"unknown setting {key!r}; known settings: {_known_list()}")
        kind = known[name].metadata["kind"]
        values[name] = _parse(key, kind, value) if isinstance(value, str) else value
    return Settings(**values)


def _parse(key: str, kind: str, raw: str) -> Any:
    try:
        return _PARSERS[kind](raw)
    except ValueError as exc:
        raise ConfigError(f"{key}={raw!r} is not a valid {kind}: {exc}") from None


def _known_list() -> str:
    return ", ".join(ENV_PREFIX + n.upper() for n in setting_names())


def ensure_secret_key(settings: Settings) -> str:
    """Return the configured secret key, or one generated once and kept in the instance folder."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.instance_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written with owner-only permissions: the key signs every session.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds and limits of the matcher (``pipeline/match``), a plain value it is given.

    Built from the ``ONRECORD_MATCH_*`` settings by :meth:`Settings.match_settings`;
    documented in docs/matching.md. Scores are on the scale of
    :func:`onrecord.pipeline.match.scoring.combine`.
    """

    #: Candidates taken from the index and rescored, per use. On CheckThat!
    #: train, 30 instead of 100 costs 0.005 MAP@5 on 2B and nothing on 2A, and
    #: a third of the rescoring time.
    pool: int = 30
    #: Links written per use (already checked, speaker history).
    max_links: int = 5
    #: Chosen on CheckThat! train with the default weights: at 2.0 every
    #: relevant claim ranked in the top 5 of 2B (82% in 2A) is suggested; at 4.0,
    #: 0.96 of the top-5 candidates that also share an anchor without conflict
    #: were right (2B, speakers and dates known; 2A never gets that high).
    suggest_threshold: float = 2.0
    #: "Already checked" gates, calibrated on CheckThat! train so that small
    #: collections get no junk (docs/matching.md, "Calibration"): the text score
    #: (the score without speaker and date) and the content-word overlap
    #: (rapidfuzz token_set, 0-1) must both reach these, and without a shared
    #: anchor the overlap must reach ``checked_unanchored_similarity`` and the
    #: rapidfuzz ratio ``checked_unanchored_ratio`` (a two-word fragment is a
    #: "subset" of any long claim, so token_set alone says 1.0).
    checked_suggest_threshold: float = 2.2
    checked_min_similarity: float = 0.55
    checked_unanchored_similarity: float = 0.7
    checked_unanchored_ratio: float = 0.45
    #: Speaker-history gates (calibrated on the seeds): the content-word overlap
    #: must reach ``history_min_similarity``, or ``history_anchor_min_similarity``
    #: with a shared anchor and no conflict; and, when the stance module runs,
    #: its topic score must reach ``history_min_topic`` (repeats excepted).
    history_min_similarity: float = 0.65
    history_anchor_min_similarity: float = 0.5
    history_min_topic: float = 0.74
    confirm_threshold: float = 4.0
    #: Statements shorter than this are never confirmed automatically.
    min_confirm_words: int = 8
    #: Candidates said further apart than this are not linked at all (None: no limit).
    window_days: int | None = None
    #: A confirmed link needs both statements within this many days (None: no limit).
    confirm_window_days: int | None = 730
    #: Speaker history: rapidfuzz token_set of at least this (0-1) makes a "repeats" link.
    repeat_similarity: float = 0.9
    #: SQLite: leave out of the index query the terms found in more than this share of all
    #: statements (None: keep all). They weigh little in bm25 but make FTS5 score most of
    #: the table: at 300,000 statements 0.05 halved the CPU time of a match, but cost
    #: 0.006-0.008 MAP@5 on CheckThat! train, so it is off unless a large site turns it on.
    max_term_share: float | None = None
