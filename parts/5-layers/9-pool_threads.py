#!/usr/bin/env python3
"""The pool under threads: pool_size and max_overflow set the ceiling.

Five threads ask for a connection at the same moment and hold it half a
second.  With pool_size=2 and max_overflow=1 the pool opens at most three
server connections: three threads get one at once, the other two wait
(up to pool_timeout) for one to come back, and reuse it.

Usage: ./9-pool_threads.py mysql_username mysql_password database_name
"""
import threading

from sqlalchemy import text

import kit

THREADS = 5
QUERY = text("SELECT CONNECTION_ID(), SLEEP(0.5)")


def worker(engine, start, ids):
    """Wait for the others, then hold a connection during the query."""
    start.wait()
    with engine.connect() as conn:
        ids.append(conn.execute(QUERY).first()[0])


def main(user, password, database):
    """Run the threads and print how many server connections served them."""
    engine = kit.engine(user, password, database, pool_size=2,
                        max_overflow=1)
    start, ids = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=worker, args=(engine, start, ids))
               for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("{} threads, pool_size=2 max_overflow=1: {} queries on {} server"
          " connections".format(THREADS, len(ids), len(set(ids))))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
