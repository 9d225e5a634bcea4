"""Data migration: e-mail addresses in lower case, then unique.

The rows change first (one UPDATE, written in SQL so that it also runs
offline), then a unique index guards them.  The downgrade drops the
index; it cannot give back the capitals it lost, and does not try.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    """Normalise every e-mail address, then make them unique."""
    op.execute("UPDATE users SET email = lower(trim(email))")
    op.create_index("ix_users_email", "users", ["email"], unique=True)


def downgrade():
    """Drop the unique index; the addresses stay in lower case."""
    op.drop_index("ix_users_email", table_name="users")
