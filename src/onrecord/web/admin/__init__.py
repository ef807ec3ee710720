"""Admin pages of our own (the ``admin`` blueprint): API tokens at ``/admin/tokens``."""

from __future__ import annotations

from onrecord.web.admin.views import bp

__all__ = ["bp"]
