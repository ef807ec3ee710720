"""The fact-checkers' and editors' desk: start page, sources, speakers, adding articles,
feeds and speaker editing."""

from onrecord.web.desk import (  # verdicts: queue, statement, search
    admin,
    feeds,
    home,
    ingest,
    jobs,
    queue,
    review,
    search,
    sources,
    speaker_edit,
    speakers,
)
from onrecord.web.desk.blueprint import bp

__all__ = [
    "admin",
    "bp",
    "feeds",
    "home",
    "ingest",
    "jobs",
    "queue",
    "review",
    "search",
    "sources",
    "speaker_edit",
    "speakers",
]
