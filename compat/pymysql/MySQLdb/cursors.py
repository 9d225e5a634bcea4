"""MySQLdb.cursors for the PyMySQL stand-in: PyMySQL's cursor classes.

SQLAlchemy's mysql+mysqldb dialect looks up SSCursor here to know that
the driver can stream results (server-side cursors).
"""
from pymysql.cursors import Cursor
from pymysql.cursors import DictCursor
from pymysql.cursors import SSCursor
from pymysql.cursors import SSDictCursor

__all__ = ["Cursor", "DictCursor", "SSCursor", "SSDictCursor"]
