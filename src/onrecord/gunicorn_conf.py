"""Gunicorn settings for onrecord in production.

Used two ways, with the same values:

- ``onrecord serve --production`` passes :func:`gunicorn_options` to gunicorn
  programmatically;
- the plain gunicorn command loads this module as its configuration file::

      gunicorn -c python:onrecord.gunicorn_conf 'onrecord.app:create_app()'

  Loaded that way it turns production mode on (``ONRECORD_PRODUCTION=true``
  unless the environment says otherwise) and reads the ``ONRECORD_WEB_*``
  settings; gunicorn's own command-line options (``--bind``, ``--workers``...)
  still win over the values here. Importing it has no other effect.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from onrecord.config import Settings, load_settings
from onrecord.pipeline.checks import production_errors

DEFAULT_BIND = "127.0.0.1:8000"
SHM = "/dev/shm"  # noqa: S108 - a folder for gunicorn's heartbeat files, not our temp file
#: More workers than this mostly queue on the database on the machines we target.
MAX_DEFAULT_WORKERS = 8
#: Recycling workers now and then bounds the damage of a slow leak; the jitter
#: keeps them from all restarting at once.
MAX_REQUESTS = 1000
MAX_REQUESTS_JITTER = 100
#: Like the combined format, plus the time taken and our request id (response header).
ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)


def default_workers(cpu_count: int | None = None) -> int:
    """2 x cores + 1 (the usual rule for workers that wait on I/O), at most 8."""
    cores = cpu_count if cpu_count is not None else (os.cpu_count() or 1)
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def gunicorn_options(settings: Settings, *, bind: str = DEFAULT_BIND) -> dict[str, Any]:
    """Gunicorn settings (its lower-case names) for ``settings``, listening on ``bind``."""
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": settings.web_workers or default_workers(),
        # Threads let a worker answer cheap widget reads while another waits on the database.
        "worker_class": "gthread",
        "threads": max(settings.web_threads, 1),
        "timeout": settings.web_timeout_s,
        "graceful_timeout": settings.web_timeout_s,
        "keepalive": 5,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        # The app writes one structured line per request itself; gunicorn's access
        # log (format below) is there for those who want it: --access-logfile -.
        "accesslog": None,
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "loglevel": settings.log_level.lower(),
        # Scheme and client address come from X-Forwarded-* only through the app's
        # ProxyFix (ONRECORD_PROXY_FIX_HOPS), never from gunicorn on its own.
        "secure_scheme_headers": {},
        "proc_name": "onrecord",
        # No runtime control socket: its default path is shared by every gunicorn
        # of a user, so two onrecord servers on one machine would collide.
        "control_socket_disable": True,
    }
    if settings.log_format == "json":
        options["logconfig_dict"] = json_logging(settings.log_level)
    # Heartbeat files on a RAM disk (gunicorn's advice): a slow or full disk must
    # not get workers killed. Gunicorn creates and unlinks them itself.
    if Path(SHM).is_dir():
        options["worker_tmp_dir"] = SHM
    return options


def json_logging(level: str) -> dict[str, Any]:
    """Gunicorn's own messages as JSON lines too, like the app's (``ONRECORD_LOG_FORMAT=json``).

    Gunicorn's access log stays off: the app writes a richer line per request.
    """
    return {
        "root": {"level": "WARNING", "handlers": []},
        "loggers": {
            "gunicorn.error": {
                "level": level,
                "handlers": ["error_console"],
                "propagate": False,
                "qualname": "gunicorn.error",
            },
            "gunicorn.access": {
                "level": "INFO",
                "handlers": [],
                "propagate": False,
                "qualname": "gunicorn.access",
            },
        },
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "formatters": {"json": {"()": "onrecord.web.logs.JsonFormatter"}},
    }


def config_file_options(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """What this module sets when gunicorn loads it as its configuration file.

    Production mode is on unless ``ONRECORD_PRODUCTION`` says otherwise; gunicorn
    puts ``raw_env`` into the environment before the app is built.
    """
    env = dict(os.environ if environ is None else environ)
    production = {} if "ONRECORD_PRODUCTION" in env else {"production": True}
    settings = load_settings(production, environ=env)
    options = gunicorn_options(settings)
    options["raw_env"] = [] if not production else ["ONRECORD_PRODUCTION=true"]
    options["on_starting"] = functools.partial(refuse_unsafe_settings, settings)
    return options


def refuse_unsafe_settings(settings: Settings, _server: object = None) -> None:
    """Stop before any worker starts when production mode is on and settings are unsafe.

    Without this, each worker would fail to build the app and gunicorn would say
    only "Worker failed to boot".
    """
    if settings.production and (errors := production_errors(settings)):
        raise SystemExit("Error: " + "; ".join(errors))


# Gunicorn reads a configuration module's globals; these are the values above.
globals().update(config_file_options())
