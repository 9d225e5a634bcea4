"""Writes are all-or-nothing: a failure or a kill never leaves half a change.

Step 13 deletes several states in one statement inside one transaction,
so a foreign key that blocks one of them keeps every one.  The write steps
11, 12, 13 and 100, killed with SIGKILL at each moment of a write, leave
the database either exactly as before or exactly as after; killed while
their write waits half-way on a lock the test holds, exactly as before.
Step 100 run twice adds two Californias, each with its own San Francisco.
"""
import signal
import subprocess
import time

import pytest

from conftest import (ROOT, Databases, command, connect, ok, query, step,
                      PASSWORD, USER)

STATES = ["California", "Arizona", "Texas", "New York", "Nevada"]


def states_db(dbs):
    """A throw-away database with step 6's table and the five states."""
    db = dbs.new()
    ok("6-model_state.py", db)
    reset_states(db)
    return db


def reset_states(db):
    """Put the five states back, ids 1 to 5, nothing else."""
    conn = connect(db)
    try:
        cur = conn.cursor()
        cur.execute("DELETE FROM states")
        cur.execute("ALTER TABLE states AUTO_INCREMENT = 1")
        cur.executemany("INSERT INTO states (id, name) VALUES (%s, %s)",
                        list(enumerate(STATES, 1)))
    finally:
        conn.close()


def contents(db, tables=("states",)):
    """The full contents of ``tables``, ordered by id, as one tuple."""
    return tuple(tuple(query(db, "SELECT * FROM {} ORDER BY id".format(t)))
                 for t in tables)


def test_step_13_blocked_by_a_foreign_key_deletes_nothing(dbs):
    """A row pointing to Nevada (deleted last) keeps all five states."""
    db = states_db(dbs)
    query(db, "CREATE TABLE visits (id INT PRIMARY KEY, state_id INT NOT"
              " NULL, FOREIGN KEY (state_id) REFERENCES states(id))")
    query(db, "INSERT INTO visits VALUES (1, 5)")
    before = contents(db, ("states", "visits"))
    proc = step("13-model_state_delete_a.py", db)
    assert contents(db, ("states", "visits")) == before
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error 1451: Cannot delete"), proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n")
    assert "Traceback" not in proc.stderr
    assert "nothing was deleted" in proc.stderr


def test_step_13_goes_through_once_the_block_is_gone(dbs):
    """With the blocking row removed, step 13 deletes the four a-states."""
    db = states_db(dbs)
    query(db, "CREATE TABLE visits (id INT PRIMARY KEY, state_id INT NOT"
              " NULL, FOREIGN KEY (state_id) REFERENCES states(id))")
    query(db, "INSERT INTO visits VALUES (1, 5)")
    assert step("13-model_state_delete_a.py", db).returncode == 1
    query(db, "DELETE FROM visits")
    ok("13-model_state_delete_a.py", db)
    assert contents(db) == (((4, "New York"),),)


def test_step_100_twice_adds_two_californias(dbs):
    """Each run of step 100 adds one California with one San Francisco."""
    db = dbs.new("hbtn_0e_100_usa")
    ok("100-relationship_states_cities.py", db)
    ok("100-relationship_states_cities.py", db)
    assert contents(db, ("states", "cities")) == (
        ((1, "California"), (2, "California")),
        ((1, "San Francisco", 1), (2, "San Francisco", 2)))
    assert ok("101-relationship_states_cities_list.py", db) == (
        "1: California\n\t1: San Francisco\n"
        "2: California\n\t2: San Francisco\n")


def wait_for_sessions_to_end(db, timeout=5.0):
    """Wait until no connection other than ours uses ``db``.

    After SIGKILL the server notices the closed socket and rolls back (or
    has already committed); reading before that would race with it.
    """
    deadline = time.monotonic() + timeout
    conn = connect()
    try:
        cur = conn.cursor()
        while True:
            cur.execute("SELECT COUNT(*) FROM information_schema.processlist"
                        " WHERE db = %s AND id <> CONNECTION_ID()", (db,))
            if cur.fetchone()[0] == 0:
                return
            assert time.monotonic() < deadline, "a killed session lingers"
            time.sleep(0.01)
    finally:
        conn.close()


def grew_by_louisiana(before, now):
    """Step 11's 'after': the old rows plus one Louisiana with a new id."""
    (old,), (new,) = before, now
    return (new[:-1] == old and new[-1][1] == "Louisiana"
            and new[-1][0] > max(i for i, _ in old))


def renamed_2(before, now):
    """Step 12's 'after': id 2 is New Mexico, everything else as it was."""
    (old,), (new,) = before, now
    return new == tuple((i, "New Mexico" if i == 2 else name)
                        for i, name in old)


def lost_the_as(before, now):
    """Step 13's 'after': exactly the states without a lower-case a."""
    (old,), (new,) = before, now
    return new == tuple(row for row in old if "a" not in row[1])


def grew_by_california(before, now):
    """Step 100's 'after': one more California with its San Francisco."""
    (states, cities), (new_states, new_cities) = before, now
    if new_states[:-1] != states or new_cities[:-1] != cities:
        return False
    state_id, name = new_states[-1]
    _, city, city_state = new_cities[-1]
    return ((name, city, city_state) == ("California", "San Francisco",
                                         state_id)
            and state_id > max([i for i, _ in states] or [0]))


# For each write step: the tables it changes, its "after", a lock that
# stops it half-way through its transaction (taken by the test, in a
# transaction of its own), and the statement that then waits on it.
WRITES = {
    "11-model_state_insert.py": (
        ("states",), grew_by_louisiana,
        # A gap lock past the last id: the INSERT of id 6 waits.
        "SELECT id FROM states WHERE id > 5 FOR UPDATE",
        "INSERT INTO states"),
    "12-model_state_update_id_2.py": (
        ("states",), renamed_2,
        "SELECT id FROM states WHERE id = 2 FOR UPDATE", "UPDATE states"),
    "13-model_state_delete_a.py": (
        ("states",), lost_the_as,
        # The DELETE has taken (and deleted) rows 1 to 3 when it waits.
        "SELECT id FROM states WHERE id = 5 FOR UPDATE",
        "DELETE FROM states"),
    "100-relationship_states_cities.py": (
        ("states", "cities"), grew_by_california,
        # The state is inserted, in the transaction, when the city waits.
        "SELECT id FROM cities WHERE id > 0 FOR UPDATE",
        "INSERT INTO cities"),
}
# The moments of a kill, each an event the test waits for (never a delay):
# at once (before the step even connects); as soon as the step is
# connected; while its write waits half-way on the test's lock; and once
# its change is committed, seen from another connection.
MOMENTS = ("started", "connected", "half-way", "committed")


def sessions(db, holder):
    """The statements of the step's connections to ``db``, as text: those
    of every connection but ``holder``'s and the one asking."""
    return [info or "" for (info,) in query(
        None, "SELECT info FROM information_schema.processlist"
        " WHERE db = %s AND id <> CONNECTION_ID() AND id <> %s",
        (db, holder.thread_id()))]


def wait_until(condition, what, timeout=60):
    """Poll ``condition`` until it holds; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "never " + what
        time.sleep(0.005)


@pytest.fixture(scope="module")
def write_dbs():
    """One database per write step, made once (a step 6 or step 100 run
    each): {script: database}; the tests put the rows back themselves."""
    made = Databases()
    try:
        found = {}
        for script in WRITES:
            if script.startswith("100-"):
                found[script] = made.new("hbtn_0e_100_usa")
                ok(script, found[script])
            else:
                found[script] = states_db(made)
        yield found
    finally:
        made.drop_all()


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("script", sorted(WRITES))
def test_sigkill_leaves_before_or_after(write_dbs, script, moment):
    """SIGKILL at each moment of a write never leaves half of it.

    Killed half-way, with part of the write done inside its transaction,
    the step leaves the tables exactly as before; killed once its commit
    is seen, exactly as after; at the other moments, one of the two.
    """
    tables, is_after, lock, waiting = WRITES[script]
    db = write_dbs[script]
    if not script.startswith("100-"):
        reset_states(db)
    before = contents(db, tables)
    holder = connect(db)
    holder.autocommit(False)
    try:
        if moment == "half-way":
            holder.cursor().execute(lock)
        proc = subprocess.Popen(command(script, USER, PASSWORD, db),
                                cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            if moment == "connected":
                wait_until(lambda: (sessions(db, holder)
                                    or proc.poll() is not None), "connected")
            elif moment == "half-way":
                wait_until(lambda: any(s.upper().startswith(waiting.upper())
                                       for s in sessions(db, holder)),
                           "waiting on " + waiting)
            elif moment == "committed":
                wait_until(lambda: is_after(before, contents(db, tables)),
                           "committed")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    finally:
        # The killed step's statement may still wait on the lock: let it
        # go, so the server finds the client gone and rolls back.
        holder.rollback()
        holder.close()
    wait_for_sessions_to_end(db, timeout=60)
    now = contents(db, tables)
    if moment == "half-way":
        assert now == before, (moment, before, now)
    elif moment == "committed":
        assert is_after(before, now), (moment, before, now)
    else:
        assert now == before or is_after(before, now), (moment, before, now)
