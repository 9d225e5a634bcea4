"""Addresses of users, located in cities.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

from schema import on_update
from schema import stamp_columns

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    """Create addresses, pointing to users and to cities."""
    dialect = op.get_context().dialect.name
    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("street", sa.String(128), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"),
                  nullable=False),
        sa.Column("city_id", sa.Integer, sa.ForeignKey("cities.id"),
                  nullable=False),
        *stamp_columns(dialect))
    if on_update(dialect, "addresses"):
        op.execute(on_update(dialect, "addresses"))


def downgrade():
    """Drop addresses (its trigger goes with it)."""
    op.drop_table("addresses")
