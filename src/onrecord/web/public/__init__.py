"""The public site: published verdicts, speaker pages and their ``.json`` twins (no login)."""

from onrecord.web.public import views
from onrecord.web.public.blueprint import bp

__all__ = ["bp", "views"]
