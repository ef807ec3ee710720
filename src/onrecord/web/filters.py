"""Template filters and globals shared by every blueprint."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from onrecord.web import access


def format_date(value: dt.date | dt.datetime | None, fmt: str = "%-d %B %Y") -> str:
    """A date as people read it (``4 May 2021``); empty for None."""
    if value is None:
        return ""
    return value.strftime(fmt)


def iso_date(value: dt.date | dt.datetime | None) -> str:
    """A date for ``<time datetime>`` (``2021-05-04``); empty for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def percent(value: float | None) -> str:
    """A share between 0 and 1 as a whole percentage (``0.87`` → ``87%``); empty for None."""
    if value is None:
        return ""
    return f"{round(value * 100)}%"


def as_sentence(message: str) -> str:
    """A message from the pipeline as a sentence: capital first letter, final full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message[-1] in ".!?" else message + "."


def init_app(app: Flask) -> None:
    """Register the filters and the access predicates templates use."""
    app.add_template_filter(format_date, "date")
    app.add_template_filter(iso_date, "isodate")
    app.add_template_filter(percent, "percent")
    app.add_template_global(access.can_add_source, "can_add_source")
