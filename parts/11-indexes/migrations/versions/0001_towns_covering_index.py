"""The covering index on towns, added to a table that is already there.

A model's index=True and Index() are sent by create_all(), which makes
only the tables missing; on a database in use an index comes with a
revision, which can also take it away again.

Revision ID: 0001
Revises:
"""
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    """Index towns on (state_id, name, id): a state's towns, in order."""
    op.create_index("ix_towns_state_name_id", "towns",
                    ["state_id", "name", "id"])


def downgrade():
    """Drop the index again."""
    op.drop_index("ix_towns_state_name_id", table_name="towns")
