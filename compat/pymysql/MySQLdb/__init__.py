"""MySQLdb for a machine without mysqlclient, run by PyMySQL instead.

The steps import MySQLdb, the module of the mysqlclient package, whose
installation needs a C compiler and the MySQL client library.  PyMySQL is
a driver written in pure Python (pip install PyMySQL) with nearly the same
API.  Put the folder that holds this package first on the module path
(PYTHONPATH=compat/pymysql) and ``import MySQLdb`` finds this package,
which hands out PyMySQL's classes and functions under mysqlclient's names;
the steps themselves stay exactly as they are.
"""
import atexit
import weakref

from pymysql import __version__
from pymysql import apilevel
from pymysql import Binary
from pymysql import BINARY
from pymysql import connections
from pymysql import DatabaseError
from pymysql import DataError
from pymysql import DATE
from pymysql import Date
from pymysql import DateFromTicks
from pymysql import DATETIME
from pymysql import Error
from pymysql import get_client_info
from pymysql import IntegrityError
from pymysql import InterfaceError
from pymysql import InternalError
from pymysql import MySQLError
from pymysql import NotSupportedError
from pymysql import NUMBER
from pymysql import OperationalError
from pymysql import paramstyle
from pymysql import ProgrammingError
from pymysql import ROWID
from pymysql import STRING
from pymysql import threadsafety
from pymysql import TIME
from pymysql import Time
from pymysql import TimeFromTicks
from pymysql import TIMESTAMP
from pymysql import Timestamp
from pymysql import TimestampFromTicks
from pymysql import version_info
from pymysql import Warning

__all__ = [
    "__version__", "apilevel", "BINARY", "Binary", "connect", "Connect",
    "Connection", "DatabaseError", "DataError", "DATE", "Date",
    "DateFromTicks", "DATETIME", "Error", "get_client_info",
    "IntegrityError", "InterfaceError", "InternalError", "MySQLError",
    "NotSupportedError", "NUMBER", "OperationalError", "paramstyle",
    "ProgrammingError", "ROWID", "STRING", "threadsafety", "TIME", "Time",
    "TimeFromTicks", "TIMESTAMP", "Timestamp", "TimestampFromTicks",
    "version_info", "Warning",
]

# connect()'s positional arguments in mysqlclient (PyMySQL takes none).
POSITIONAL = ("host", "user", "passwd", "db", "port")

# mysqlclient's names for two arguments of connect(), and PyMySQL's.
RENAMED = {"db": "database", "passwd": "password"}

# Every connection connect() made that still exists, for close_forgotten().
MADE = weakref.WeakSet()


def connect(*args, **kwargs):
    """Open a connection to the server and return it (PyMySQL's).

    The arguments are those of MySQLdb.connect(), positional ones too.
    PyMySQL still accepts mysqlclient's older names ``db`` and ``passwd``,
    which SQLAlchemy's mysql+mysqldb dialect uses, but warns that they are
    deprecated; they are renamed here, so that nothing is printed on
    stderr.  Like mysqlclient, it uses no TLS unless an ssl argument asks.
    """
    if len(args) > len(POSITIONAL):
        raise TypeError("connect() takes at most {} positional arguments"
                        .format(len(POSITIONAL)))
    kwargs.update(zip(POSITIONAL, args))
    for old, new in RENAMED.items():
        if old in kwargs:
            value = kwargs.pop(old)
            kwargs.setdefault(new, value)
    # mysqlclient uses TLS only when asked to (its 2.2.6 turned MariaDB
    # Connector/C 3.4's default off again); PyMySQL 1.2 tries it whenever
    # the server offers it, as the project's does, loading the system's
    # CA store for each connection: 40 ms each, measured.
    if not any(key.startswith("ssl") for key in kwargs):
        kwargs["ssl_disabled"] = True
    connection = connections.Connection(**kwargs)
    MADE.add(connection)
    return connection


Connect = Connection = connect


@atexit.register
def close_forgotten():
    """Close the connections still open when Python exits.

    mysqlclient closes a forgotten connection silently.  PyMySQL leaves it
    to its socket, which warns when it is collected (ResourceWarning), and
    with ``python -W error`` that warning is printed on stderr.  A script
    that keeps its connection in SQLAlchemy's pool until it ends is not
    wrong, so the connection is closed here, as mysqlclient would.
    """
    for connection in list(MADE):
        if connection.open:
            try:
                connection.close()
            except (Error, OSError):
                pass
