"""The fact-checkers' and editors' desk: start page, sources, speakers, adding articles."""

from onrecord.web.desk import home, sources, speakers
from onrecord.web.desk.blueprint import bp

__all__ = ["bp", "home", "sources", "speakers"]
