"""The fact-checkers' and editors' desk: start page, sources, speakers, adding articles,
feeds and speaker editing."""

from onrecord.web.desk import feeds, home, ingest, sources, speaker_edit, speakers
from onrecord.web.desk import queue, review, search  # verdicts: queue, statement, search
from onrecord.web.desk.blueprint import bp

__all__ = ["bp", "queue", "review", "search", "feeds", "home", "ingest", "sources", "speaker_edit", "speakers"]
