"""MySQLdb.constants for the PyMySQL stand-in: the protocol's numbers.

Only the modules that SQLAlchemy's mysql+mysqldb dialect imports are here.
"""
