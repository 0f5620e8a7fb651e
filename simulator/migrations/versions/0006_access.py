"""access: the instructor can lock joining and remove a reporter

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(
            sa.Column("joining_locked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("reporter") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("reporter") as batch:
        batch.drop_column("removed_at")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("joining_locked")
