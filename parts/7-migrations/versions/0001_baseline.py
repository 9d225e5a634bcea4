"""Baseline: the task's states and cities, as its model files make them.

A database made by the task already has them: ``alembic stamp 0001``
records that without running this.  An empty one gets them by
``alembic upgrade``.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    """Create states and cities as the task's model files do."""
    op.create_table(
        "states",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False))
    op.create_table(
        "cities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("state_id", sa.Integer, sa.ForeignKey("states.id"),
                  nullable=False))


def downgrade():
    """Drop them, cities first (it points to states)."""
    op.drop_table("cities")
    op.drop_table("states")
