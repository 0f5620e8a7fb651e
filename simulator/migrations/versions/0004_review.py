"""scoring and review: red flags, the workshop's rubric and wrap-up notes, improvement items,
tomorrow's headlines

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 23:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("rubric", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("wrapup", sa.JSON(), nullable=True))

    op.create_table(
        "answer_flag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("answer_id", sa.Integer(), sa.ForeignKey("answer.id"), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("answer_id", "code", name="uq_answer_flag_answer_id_code"),
    )
    op.create_index("ix_answer_flag_answer_id", "answer_flag", ["answer_id"])

    op.create_table(
        "improvement_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("workshop.id"), nullable=False),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("team.id"), nullable=False),
        sa.Column("incident_no", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), sa.ForeignKey("answer.id"), nullable=True),
        sa.Column("flag_code", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("document_version.id"), nullable=True
        ),
        sa.Column("done_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_improvement_item_workshop_id", "improvement_item", ["workshop_id"])

    op.create_table(
        "headline",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conference_id", sa.Integer(), sa.ForeignKey("conference.id"), nullable=False),
        sa.Column("answer_id", sa.Integer(), sa.ForeignKey("answer.id"), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("outlet", sa.String(32), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_headline_conference_id", "headline", ["conference_id"])


def downgrade():
    op.drop_index("ix_headline_conference_id", "headline")
    op.drop_table("headline")
    op.drop_index("ix_improvement_item_workshop_id", "improvement_item")
    op.drop_table("improvement_item")
    op.drop_index("ix_answer_flag_answer_id", "answer_flag")
    op.drop_table("answer_flag")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("wrapup")
        batch.drop_column("rubric")
