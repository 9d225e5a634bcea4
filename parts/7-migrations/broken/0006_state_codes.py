"""State codes, with a bug that stops it half-way, after its ALTER TABLE.

The new column holds two letters, and the UPDATE that fills it writes
three: MariaDB and PostgreSQL refuse it.  On PostgreSQL the whole
upgrade is one transaction, and nothing stays.  On MariaDB the ALTER
TABLE has committed itself (DDL is not transactional there): the column
stays, while alembic_version still says 0005.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    """Add states.code, then fill it with one letter too many."""
    op.add_column("states", sa.Column("code", sa.String(2)))
    op.execute("UPDATE states SET code = upper(substr(name, 1, 3))")


def downgrade():
    """Drop states.code."""
    op.drop_column("states", "code")
