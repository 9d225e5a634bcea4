"""Users, with their timestamps.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

from schema import on_update
from schema import stamp_columns

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    """Create users, and its updated_at trigger where one is needed."""
    dialect = op.get_context().dialect.name
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("email", sa.String(128), nullable=False),
        *stamp_columns(dialect))
    if on_update(dialect, "users"):
        op.execute(on_update(dialect, "users"))


def downgrade():
    """Drop users (its trigger goes with it)."""
    op.drop_table("users")
