"""Login and logout."""

from onrecord.web.auth.views import bp

__all__ = ["bp"]
