"""Initial schema: sources, statements, speakers, reviews, users, audit

Revision ID: 0001
Revises:
Why: the first cut of the data model (architecture section 3). Enums are stored
as VARCHAR + CHECK (native_enum=False) so that adding a value later is a
constraint change, not an ALTER TYPE, on both SQLite and PostgreSQL.

Created: 2026-11-26 14:49:47.321355
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outlet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlet")),
        sa.UniqueConstraint("domain", name=op.f("uq_outlet_domain")),
        sa.UniqueConstraint("name", name=op.f("uq_outlet_name")),
    )
    op.create_table(
        "speaker",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "organisation",
                "outlet",
                "anonymous",
                name="speaker_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("wikidata_id", sa.String(length=32), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker")),
        sa.UniqueConstraint("slug", name=op.f("uq_speaker_slug")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "editor",
                "fact-checker",
                "viewer",
                name="user_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_api_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("object_type", sa.String(length=50), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_audit_event_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index("ix_audit_event_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_event_object", ["object_type", "object_id"], unique=False)

    op.create_table(
        "source",
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("canonical_url", sa.String(length=2048), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=True),
        sa.Column("archive_url", sa.String(length=2048), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column(
            "ingest_method",
            sa.Enum(
                "paste",
                "url",
                "upload",
                "feed",
                "seed",
                "cli",
                "api",
                name="ingest_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("ingested_by_id", sa.Integer(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ingested_by_id"],
            ["user.id"],
            name=op.f("fk_source_ingested_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlet.id"],
            name=op.f("fk_source_outlet_id_outlet"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["previous_version_id"],
            ["source.id"],
            name=op.f("fk_source_previous_version_id_source"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint(
            "canonical_url", "version", name=op.f("uq_source_canonical_url_version")
        ),
        sa.UniqueConstraint("content_hash", name=op.f("uq_source_content_hash")),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index("ix_source_outlet_id", ["outlet_id", "published_at"], unique=False)
        batch_op.create_index("ix_source_published_at", ["published_at"], unique=False)

    op.create_table(
        "speaker_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("normalized", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
            name=op.f("fk_speaker_alias_speaker_id_speaker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_alias")),
        sa.UniqueConstraint(
            "speaker_id", "normalized", name=op.f("uq_speaker_alias_speaker_id_normalized")
        ),
    )
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.create_index("ix_speaker_alias_normalized", ["normalized"], unique=False)

    op.create_table(
        "speaker_role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("normalized_title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("party", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
            name=op.f("fk_speaker_role_speaker_id_speaker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_role")),
    )
    with op.batch_alter_table("speaker_role", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_role_speaker_id"), ["speaker_id"], unique=False
        )
        batch_op.create_index(
            "ix_speaker_role_title", ["normalized_title", "started_on"], unique=False
        )

    op.create_table(
        "statement",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "direct",
                "mixed",
                "indirect",
                name="statement_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("cue", sa.String(length=100), nullable=True),
        sa.Column("said_on", sa.Date(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("normalized_text", sa.Text(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("speaker_mention", sa.String(length=300), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("speaker_name", sa.String(length=300), nullable=True),
        sa.Column("speaker_needs_confirmation", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("checkworthiness", sa.Float(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "in_progress",
                "checked",
                "dismissed",
                name="statement_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name=op.f("ck_statement_offsets")),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_statement_confidence")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_statement_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
            name=op.f("fk_statement_speaker_id_speaker"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
        sa.UniqueConstraint(
            "source_id", "start", "end", name=op.f("uq_statement_source_id_start_end")
        ),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index("ix_statement_said_on", ["said_on"], unique=False)
        batch_op.create_index(
            "ix_statement_speaker_said_on", ["speaker_id", "said_on"], unique=False
        )
        batch_op.create_index("ix_statement_status", ["status", "said_on"], unique=False)

    op.create_table(
        "review",
        sa.Column("scale", sa.String(length=50), nullable=False),
        sa.Column("rating_value", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("correction_note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "in_review",
                "needs_second_read",
                "approved",
                "published",
                "corrected",
                "retracted",
                "dismissed",
                name="review_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("second_reader_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["user.id"],
            name=op.f("fk_review_assignee_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_review_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["second_reader_id"],
            ["user.id"],
            name=op.f("fk_review_second_reader_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_review_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("ix_review_state", ["state", "updated_at"], unique=False)
        batch_op.create_index("ix_review_statement_id", ["statement_id"], unique=False)

    op.create_table(
        "statement_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column(
            "relation",
            sa.Enum(
                "repeats",
                "same_topic",
                "reversal",
                "already_checked",
                name="link_relation",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "suggested",
                "confirmed",
                "dismissed",
                name="link_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column(
            "flip_rating",
            sa.Enum(
                "No Flip",
                "Half Flip",
                "Full Flop",
                name="flip_rating",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("statement_id <> other_id", name=op.f("ck_statement_link_distinct")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_statement_link_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["statement.id"],
            name=op.f("fk_statement_link_other_id_statement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_statement_link_statement_id_statement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_link")),
        sa.UniqueConstraint(
            "statement_id",
            "other_id",
            "relation",
            name=op.f("uq_statement_link_statement_id_other_id_relation"),
        ),
    )
    with op.batch_alter_table("statement_link", schema=None) as batch_op:
        batch_op.create_index("ix_statement_link_other_id", ["other_id"], unique=False)
        batch_op.create_index("ix_statement_link_status", ["status", "relation"], unique=False)

    op.create_table(
        "review_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "in_review",
                "needs_second_read",
                "approved",
                "published",
                "corrected",
                "retracted",
                "dismissed",
                name="review_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changed_fields", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user.id"],
            name=op.f("fk_review_revision_changed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_review_revision_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_revision")),
        sa.UniqueConstraint(
            "review_id", "version", name=op.f("uq_review_revision_review_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("review_revision")
    with op.batch_alter_table("statement_link", schema=None) as batch_op:
        batch_op.drop_index("ix_statement_link_status")
        batch_op.drop_index("ix_statement_link_other_id")

    op.drop_table("statement_link")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_statement_id")
        batch_op.drop_index("ix_review_state")

    op.drop_table("review")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index("ix_statement_status")
        batch_op.drop_index("ix_statement_speaker_said_on")
        batch_op.drop_index("ix_statement_said_on")

    op.drop_table("statement")
    with op.batch_alter_table("speaker_role", schema=None) as batch_op:
        batch_op.drop_index("ix_speaker_role_title")
        batch_op.drop_index(batch_op.f("ix_speaker_role_speaker_id"))

    op.drop_table("speaker_role")
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index("ix_speaker_alias_normalized")

    op.drop_table("speaker_alias")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index("ix_source_published_at")
        batch_op.drop_index("ix_source_outlet_id")

    op.drop_table("source")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_object")
        batch_op.drop_index("ix_audit_event_at")

    op.drop_table("audit_event")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))

    op.drop_table("api_token")
    op.drop_table("user")
    op.drop_table("speaker")
    op.drop_table("outlet")
