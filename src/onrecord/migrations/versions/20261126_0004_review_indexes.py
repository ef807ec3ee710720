"""Review indexes: the queue by check-worthiness, and work by assignee

Revision ID: 0004
Revises: 0003
Why: with 100,000 statements the queue sorted by check-worthiness scanned the
whole statement table (p95 near 300 ms on SQLite); an index on
(status, checkworthiness) serves the default "needs work" filter and the sort.
"Assigned to me" looks verdicts up by assignee.

Created: 2026-11-26 16:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_statement_status_worth", "statement", ["status", "checkworthiness"], unique=False
    )
    op.create_index("ix_review_assignee_id", "review", ["assignee_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_review_assignee_id", table_name="review")
    op.drop_index("ix_statement_status_worth", table_name="statement")
