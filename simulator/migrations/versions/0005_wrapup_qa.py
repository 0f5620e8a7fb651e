"""the wrap-up Q&A: a conference with no presenting team, where the instructor answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 23:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conference") as batch:
        batch.alter_column("team_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM conference WHERE team_id IS NULL")
    with op.batch_alter_table("conference") as batch:
        batch.alter_column("team_id", existing_type=sa.Integer(), nullable=False)
