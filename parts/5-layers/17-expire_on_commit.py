#!/usr/bin/env python3
"""expire_on_commit: after commit(), an attribute is read again.

commit() ends the transaction, and the session marks every object it
holds as expired: another transaction may have changed the rows since.
Reading state.name then sends a SELECT for it (the task's step 11 prints
the new id after commit() that way).  With expire_on_commit=False the
object keeps what it had, and reading it sends nothing: faster, and
possibly stale.

Usage: ./17-expire_on_commit.py mysql_username mysql_password
       database_name
"""
from sqlalchemy.orm import Session

import kit
from models import State


def read_after_commit(engine, expire):
    """Load State 3, commit, read its name; print the SELECTs it took."""
    sent = kit.sent(engine)
    with Session(engine, expire_on_commit=expire) as session:
        state = session.get(State, 3)
        session.commit()
        before = len(sent)
        name = state.name
        count = len(sent) - before
        print("expire_on_commit={}: reading {} after commit() sent {}"
              " SELECT{}".format(expire, name, count, "s" * (count != 1)))


def main(user, password, database):
    """Read an attribute after commit(), with and without expiring."""
    read_after_commit(kit.engine(user, password, database), True)
    read_after_commit(kit.engine(user, password, database), False)


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
