"""the whole workshop: phases, set-up fields, team incidents, workshop documents, news, custom scenarios

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 09:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("phase", sa.String(16), nullable=False, server_default="setup"))
        batch.add_column(sa.Column("held_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("org_profile", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("listed_company", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("offered_incidents", sa.JSON(), nullable=False, server_default="[]")
        )
    # A workshop that already had a conference open was running incident 1.
    op.execute("UPDATE workshop SET phase = 'incident_1' WHERE current_conference_id IS NOT NULL")

    with op.batch_alter_table("team") as batch:
        batch.add_column(sa.Column("members", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("document_version") as batch:
        batch.add_column(sa.Column("author", sa.String(200), nullable=False, server_default=""))

    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("workshop_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE document SET workshop_id = "
        "(SELECT team.workshop_id FROM team WHERE team.id = document.team_id)"
    )
    with op.batch_alter_table("document") as batch:
        batch.alter_column("workshop_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("team_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(
            "fk_document_workshop_id_workshop", "workshop", ["workshop_id"], ["id"]
        )
    op.create_index(
        "uq_document_workshop_kind",
        "document",
        ["workshop_id", "kind", "incident_no"],
        unique=True,
        sqlite_where=sa.text("team_id IS NULL"),
        postgresql_where=sa.text("team_id IS NULL"),
    )

    op.create_table(
        "team_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("incident_no", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name="fk_team_incident_team_id_team"),
        sa.PrimaryKeyConstraint("id", name="pk_team_incident"),
        sa.UniqueConstraint("team_id", "incident_no", name="uq_team_incident_team_id_incident_no"),
    )
    op.create_table(
        "news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("factor_id", sa.String(64), nullable=True),
        sa.Column("headline", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"], ["conference.id"], name="fk_news_conference_id_conference"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_news"),
        sa.UniqueConstraint("conference_id", "client_id", name="uq_news_conference_id_client_id"),
    )
    op.create_index("ix_news_conference_id", "news", ["conference_id"])
    op.create_table(
        "custom_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instructor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["instructor_id"],
            ["instructor.id"],
            name="fk_custom_scenario_instructor_id_instructor",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_custom_scenario"),
        sa.UniqueConstraint(
            "instructor_id",
            "kind",
            "scenario_id",
            name="uq_custom_scenario_instructor_id_kind_scenario_id",
        ),
    )


def downgrade():
    op.drop_table("custom_scenario")
    op.drop_index("ix_news_conference_id", table_name="news")
    op.drop_table("news")
    op.drop_table("team_incident")
    op.drop_index("uq_document_workshop_kind", table_name="document")
    with op.batch_alter_table("document") as batch:
        batch.drop_constraint("fk_document_workshop_id_workshop", type_="foreignkey")
        batch.drop_column("workshop_id")
    with op.batch_alter_table("document_version") as batch:
        batch.drop_column("author")
    with op.batch_alter_table("team") as batch:
        batch.drop_column("members")
    with op.batch_alter_table("workshop") as batch:
        for column in ("offered_incidents", "listed_company", "org_profile", "held_on", "phase"):
            batch.drop_column(column)
