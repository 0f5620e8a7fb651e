"""the question bank: which bank question a question came from, the instructor's own questions

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 19:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("question") as batch:
        batch.add_column(sa.Column("bank_id", sa.String(64), nullable=True))

    op.create_table(
        "workshop_question",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("workshop.id"), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("theme", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint(
            "workshop_id", "question_id", name="uq_workshop_question_workshop_id_question_id"
        ),
    )
    op.create_index("ix_workshop_question_workshop_id", "workshop_question", ["workshop_id"])


def downgrade():
    op.drop_index("ix_workshop_question_workshop_id", "workshop_question")
    op.drop_table("workshop_question")
    with op.batch_alter_table("question") as batch:
        batch.drop_column("bank_id")
