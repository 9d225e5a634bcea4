"""A server in Docker: MYSQL_HOST and MYSQL_TCP_PORT point every step at it.

A student whose MariaDB or MySQL runs in a Docker container reaches it only
over TCP, at 127.0.0.1 and the port the container publishes; for MySQLdb
the name ``localhost`` means the local unix socket instead.  A second,
throw-away MariaDB (its own data directory and socket in a temporary
folder, listening on 127.0.0.1 only, on a free port) stands in for that
container.  It holds a database of the same name as one on the main
server, with other rows, so each output shows which server answered:
with the variables the steps read the second server, without them the
main one, as docs/steps.md says (localhost, port 3306).
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import MySQLdb
import pytest

from conftest import Databases, PASSWORD, USER, free_port, ok, query

# The tests that run a step without the variables expect the main server
# there; they mean nothing when the suite itself uses a server elsewhere.
MAIN_IS_LOCAL = pytest.mark.skipif(
    bool(os.environ.get("MYSQL_HOST") or os.environ.get("MYSQL_TCP_PORT")),
    reason="the suite's server is not on localhost:3306 (MYSQL_HOST)")

# The other server's rows: other names, other ids, a state without cities.
DOCKER_SQL = """
CREATE TABLE states (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(256) NOT NULL);
CREATE TABLE cities (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    state_id INT NOT NULL,
    name VARCHAR(256) NOT NULL,
    FOREIGN KEY(state_id) REFERENCES states(id));
INSERT INTO states (id, name) VALUES
    (7, 'Nebraska'), (8, 'Ohio'), (9, 'Utah');
INSERT INTO cities (id, state_id, name) VALUES
    (21, 7, 'Omaha'), (22, 8, 'Columbus'), (23, 7, 'Lincoln');
"""

# What each read step prints on the other server: (script, args, stdout).
ON_DOCKER = [
    ("0-select_states.py", (),
     "(7, 'Nebraska')\n(8, 'Ohio')\n(9, 'Utah')\n"),
    ("1-filter_states.py", (), "(7, 'Nebraska')\n"),
    ("2-my_filter_states.py", ("Utah",), "(9, 'Utah')\n"),
    ("3-my_safe_filter_states.py", ("Ohio",), "(8, 'Ohio')\n"),
    ("4-cities_by_state.py", (),
     "(21, 'Omaha', 'Nebraska')\n(22, 'Columbus', 'Ohio')\n"
     "(23, 'Lincoln', 'Nebraska')\n"),
    ("5-filter_cities.py", ("Nebraska",), "Omaha, Lincoln\n"),
    ("7-model_state_fetch_all.py", (),
     "7: Nebraska\n8: Ohio\n9: Utah\n"),
    ("8-model_state_fetch_first.py", (), "7: Nebraska\n"),
    ("9-model_state_filter_a.py", (), "7: Nebraska\n9: Utah\n"),
    ("10-model_state_my_get.py", ("Utah",), "9\n"),
    ("10-model_state_my_get.py", ("Texas",), "Not found\n"),
    ("14-model_city_fetch_by_state.py", (),
     "Nebraska: (21) Omaha\nOhio: (22) Columbus\nNebraska: (23) Lincoln\n"),
    ("101-relationship_states_cities_list.py", (),
     "7: Nebraska\n\t21: Omaha\n\t23: Lincoln\n8: Ohio\n\t22: Columbus\n"
     "9: Utah\n"),
    ("102-relationship_cities_states_list.py", (),
     "21: Omaha -> Nebraska\n22: Columbus -> Ohio\n"
     "23: Lincoln -> Nebraska\n"),
]

# The same commands without the variables: the main server's task rows.
ON_MAIN = [
    ("0-select_states.py", (),
     "(1, 'California')\n(2, 'Arizona')\n(3, 'Texas')\n"
     "(4, 'New York')\n(5, 'Nevada')\n"),
    ("5-filter_cities.py", ("Nebraska",), "\n"),
    ("7-model_state_fetch_all.py", (),
     "1: California\n2: Arizona\n3: Texas\n4: New York\n5: Nevada\n"),
    ("10-model_state_my_get.py", ("Utah",), "Not found\n"),
    ("102-relationship_cities_states_list.py", (),
     "1: San Francisco -> California\n2: San Jose -> California\n"
     "3: Los Angeles -> California\n4: Fremont -> California\n"
     "5: Livermore -> California\n6: Page -> Arizona\n"
     "7: Phoenix -> Arizona\n8: Dallas -> Texas\n9: Houston -> Texas\n"
     "10: Austin -> Texas\n11: New York -> New York\n"
     "12: Las Vegas -> Nevada\n13: Reno -> Nevada\n"
     "14: Henderson -> Nevada\n15: Carson City -> Nevada\n"),
]


def program(name):
    """The path of a MariaDB program, also where PATH lacks /usr/sbin."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    assert found, "{} not found: install mariadb-server-core".format(name)
    return found


class OtherServer:
    """A throw-away MariaDB on 127.0.0.1, standing in for one in Docker."""

    def __init__(self, folder):
        self.folder = folder
        self.socket = os.path.join(folder, "mysqld.sock")
        self.port = free_port()
        self.process = None

    def start(self):
        """Create the data directory, start the server, set the login."""
        as_root = ["--user=root"] if os.geteuid() == 0 else []
        data = os.path.join(self.folder, "data")
        log = os.path.join(self.folder, "error.log")
        # Its own tmpdir: a starting server deletes every #sql* file in its
        # tmpdir, and /tmp holds the main server's temporary tables.
        # --force: install even where no host name resolves (no /etc/hosts).
        tmpdir = "--tmpdir=" + self.folder
        install = subprocess.run(
            [program("mariadb-install-db"), "--no-defaults", *as_root,
             tmpdir, "--datadir=" + data, "--force",
             "--auth-root-authentication-method=normal", "--skip-test-db",
             "--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if install.returncode != 0:
            pytest.fail("mariadb-install-db failed:\n"
                        + install.stdout.decode("utf-8", "replace")[-2000:])
        self.process = subprocess.Popen(
            [program("mariadbd"), "--no-defaults", *as_root, tmpdir,
             "--datadir=" + data, "--socket=" + self.socket,
             "--port={}".format(self.port), "--bind-address=127.0.0.1",
             "--skip-name-resolve", "--log-error=" + log,
             "--pid-file=" + os.path.join(self.folder, "mariadbd.pid"),
             "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci",
             "--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        admin = self.wait_for_socket(log)
        try:
            cur = admin.cursor()
            # The test login, over TCP from 127.0.0.1 as from the host to a
            # container; root on the socket gets the same password.
            account = "'{}'@'127.0.0.1'".format(USER)
            cur.execute("CREATE USER IF NOT EXISTS " + account)
            cur.execute("ALTER USER " + account + " IDENTIFIED BY %s",
                        (PASSWORD,))
            cur.execute("GRANT ALL PRIVILEGES ON *.* TO " + account
                        + " WITH GRANT OPTION")
            cur.execute("ALTER USER root@localhost IDENTIFIED BY %s",
                        (PASSWORD,))
        finally:
            admin.close()

    def wait_for_socket(self, log):
        """Return a root connection on the socket once the server answers."""
        deadline = time.monotonic() + 30
        while True:
            try:
                # An empty password, said explicitly: the client library
                # would otherwise take MYSQL_PWD from the environment.
                return MySQLdb.connect(unix_socket=self.socket, user="root",
                                       password="")
            except MySQLdb.OperationalError as error:
                if error.args[0] not in (2002, 2013):
                    raise
                if self.process.poll() is not None or \
                        time.monotonic() > deadline:
                    with open(log, encoding="utf-8", errors="replace") as f:
                        pytest.fail("the second MariaDB did not start:\n"
                                    + f.read()[-2000:])
                time.sleep(0.05)

    def connect(self, **kwargs):
        """A connection over TCP with the test login, as the steps make."""
        return MySQLdb.connect(host="127.0.0.1", port=self.port, user=USER,
                               password=PASSWORD, charset="utf8mb4",
                               **kwargs)

    def stop(self):
        """Stop the server (it holds nothing worth a clean shutdown)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def env(self):
        """The variables a student sets for a server in Docker."""
        return {"MYSQL_HOST": "127.0.0.1",
                "MYSQL_TCP_PORT": str(self.port)}


@pytest.fixture(scope="module")
def servers():
    """(database name, other server): the same name on both servers.

    On the main server the database holds the task rows of
    hbtn_0e_101_usa; on the other server, DOCKER_SQL's rows.
    """
    # A short path: a unix socket's path is limited to about 100 bytes.
    folder = tempfile.mkdtemp(prefix="hbtn-docker-",
                              dir="/tmp" if os.path.isdir("/tmp") else None)
    other = OtherServer(folder)
    made = Databases()
    try:
        other.start()
        name = made.new("hbtn_0e_101_usa")
        db = other.connect(autocommit=True)
        try:
            db.cursor().execute(
                "CREATE DATABASE {} CHARACTER SET utf8mb4".format(name))
            db.select_db(name)
            for statement in DOCKER_SQL.split(";"):
                if statement.strip():
                    db.cursor().execute(statement)
        finally:
            db.close()
        yield name, other
    finally:
        other.stop()
        made.drop_all()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def no_server_variables(monkeypatch):
    """Run the steps with neither variable set, whatever the shell has."""
    monkeypatch.delenv("MYSQL_HOST", raising=False)
    monkeypatch.delenv("MYSQL_TCP_PORT", raising=False)


@pytest.mark.usefixtures("no_server_variables")
@pytest.mark.parametrize("script,args,expected", ON_DOCKER)
def test_variables_point_the_step_at_the_other_server(servers, script,
                                                      args, expected):
    """With MYSQL_HOST=127.0.0.1 and its port, a step reads that server."""
    name, other = servers
    assert ok(script, name, *args, env=other.env()) == expected


@MAIN_IS_LOCAL
@pytest.mark.usefixtures("no_server_variables")
@pytest.mark.parametrize("script,args,expected", ON_MAIN)
def test_without_variables_the_step_reads_localhost(servers, script, args,
                                                    expected):
    """The same command without the variables reads the main server."""
    name, _ = servers
    assert ok(script, name, *args) == expected


@MAIN_IS_LOCAL
@pytest.mark.usefixtures("no_server_variables")
def test_the_port_defaults_to_3306(servers):
    """MYSQL_HOST=127.0.0.1 alone: TCP to port 3306, the main server."""
    name, _ = servers
    for script, args, expected in ON_MAIN[:3]:
        assert ok(script, name, *args,
                  env={"MYSQL_HOST": "127.0.0.1"}) == expected


@pytest.mark.usefixtures("no_server_variables")
def test_write_steps_write_to_the_other_server(servers):
    """Steps 6 and 11 create and insert on the other server only."""
    name, other = servers
    fresh = name + "_6"
    db = other.connect(autocommit=True)
    try:
        db.cursor().execute(
            "CREATE DATABASE {} CHARACTER SET utf8mb4".format(fresh))
        assert ok("6-model_state.py", fresh, env=other.env()) == ""
        assert ok("11-model_state_insert.py", fresh, env=other.env()) == "1\n"
        cur = db.cursor()
        cur.execute("SELECT id, name FROM {}.states".format(fresh))
        assert cur.fetchall() == ((1, "Louisiana"),)
    finally:
        db.cursor().execute("DROP DATABASE IF EXISTS " + fresh)
        db.close()
    assert query(None, "SHOW DATABASES LIKE %s", (fresh,)) == []
