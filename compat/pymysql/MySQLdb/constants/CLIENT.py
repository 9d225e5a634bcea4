"""MySQLdb.constants.CLIENT for the PyMySQL stand-in: PyMySQL's flags.

SQLAlchemy's mysql+mysqldb dialect imports this module for FOUND_ROWS, the
flag that makes UPDATE report the rows it matched rather than the rows it
changed, so that the ORM can check its own writes.
"""
from pymysql.constants.CLIENT import *  # noqa: F401,F403
