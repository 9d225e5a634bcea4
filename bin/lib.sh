# Shared by bin/setup, bin/tour, bin/test and bin/stop: sourced, not run.
#
# setup_all does everything the collection needs, and is quick when it is
# already done: packages, a server on localhost:3306, the task databases.
# Afterwards MYSQL_USER and MYSQL_PWD hold the login the scripts use.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL=$ROOT/.local/mariadb
SOCKET=/run/mysqld/mysqld.sock
PACKAGES="mariadb-server-core mariadb-client libmariadb-dev
libmariadb-dev-compat pkg-config python3-dev gcc python3-mysqldb
python3-sqlalchemy python3-pymysql python3-pytest python3-pytest-xdist
pycodestyle"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'setup failed: %s\n' "$*" >&2; exit 1; }

# The test runner: Debian's pytest, the tests spread over the cores, each
# test file kept on one worker (files share their databases).
PYTEST="/usr/bin/python3 -m pytest -p no:cacheprovider -n auto --dist loadfile"

# The mysql command-line client, logged in as the collection's user.
# MYSQL_PWD, MYSQL_HOST and MYSQL_TCP_PORT come from the environment.
sql() { mysql --no-defaults --default-character-set=utf8mb4 -u"$MYSQL_USER" "$@"; }

install_packages() {
    local missing="" p
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' \
            || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    command -v apt-get >/dev/null \
        || fail "apt-get not found; install by hand:$missing"
    say "installing Debian packages:$missing (a minute or two)"
    { $SUDO apt-get update -qq \
        && $SUDO env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends $missing
    } >"$ROOT/.local/apt.log" 2>&1 \
        || fail "apt-get install failed (see .local/apt.log); check the" \
                "network and that 'sudo apt-get update' works"
}

local_running() {
    [ -f "$LOCAL/mariadbd.pid" ] && kill -0 "$(cat "$LOCAL/mariadbd.pid")" 2>/dev/null
}

something_answers() {
    [ -S "$SOCKET" ] && mysqladmin --no-defaults -S "$SOCKET" ping >/dev/null 2>&1 \
        && return 0
    (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null
}

start_local() {
    local as_root=""
    [ "$(id -u)" = 0 ] && as_root=--user=root
    if [ ! -d "$LOCAL/data/mysql" ]; then
        say "creating a project-local MariaDB data directory in .local/mariadb"
        mkdir -p "$LOCAL/tmp"
        # --force --skip-name-resolve: a minimal system may resolve no host
        # name at all (no /etc/hosts); the accounts then use IP addresses.
        mariadb-install-db --no-defaults $as_root --datadir="$LOCAL/data" \
            --tmpdir="$LOCAL/tmp" --force --skip-name-resolve \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$LOCAL/install.log" 2>&1 \
            || fail "mariadb-install-db failed: $(grep -m1 . "$LOCAL/install.log")" \
                "(the whole log: .local/mariadb/install.log)"
    fi
    say "starting the project-local MariaDB on localhost:3306 ($SOCKET)"
    [ -d "${SOCKET%/*}" ] && [ -w "${SOCKET%/*}" ] \
        || $SUDO install -d -m 755 -o "$(id -u)" "${SOCKET%/*}" \
        || fail "cannot create ${SOCKET%/*}"
    rm -f "$SOCKET"
    # --no-defaults first: the system's /etc/mysql is never read nor changed.
    # Its own tmpdir: a starting server deletes the #sql* files in its
    # tmpdir, and /tmp may hold another server's temporary tables.
    mkdir -p "$LOCAL/tmp"
    setsid mariadbd --no-defaults $as_root --datadir="$LOCAL/data" \
        --tmpdir="$LOCAL/tmp" \
        --socket="$SOCKET" --port=3306 --bind-address=127.0.0.1 \
        --pid-file="$LOCAL/mariadbd.pid" --log-error="$LOCAL/error.log" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --log-output=TABLE --innodb-buffer-pool-size=1G \
        </dev/null >/dev/null 2>&1 &
    local i
    for i in $(seq 100); do
        mysqladmin --no-defaults -S "$SOCKET" ping >/dev/null 2>&1 && break
        local_running || [ "$i" -lt 10 ] \
            || fail "the server stopped while starting: see .local/mariadb/error.log"
        sleep 0.1
    done
    mysqladmin --no-defaults -S "$SOCKET" ping >/dev/null 2>&1 \
        || fail "the server did not answer in 10 s: see .local/mariadb/error.log"
    if [ ! -f "$LOCAL/ready" ]; then
        # root gets the password of the README's examples, on every host
        # it is defined for (the socket, 127.0.0.1 and ::1).
        mysql --no-defaults -uroot -S "$SOCKET" -e "
            DELETE FROM mysql.global_priv WHERE User = '' OR
                (User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1'));
            FLUSH PRIVILEGES;
            ALTER USER root@localhost IDENTIFIED BY 'root';
            ALTER USER root@'127.0.0.1' IDENTIFIED BY 'root';
            ALTER USER root@'::1' IDENTIFIED BY 'root';" \
            || fail "could not set root's password on the local server"
        touch "$LOCAL/ready"
    fi
}

# Decide which server and login the collection uses.
choose_server() {
    if [ -z "${MYSQL_HOST:-}" ] && local_running; then
        export MYSQL_USER=root MYSQL_PWD=root
        SERVER="the project-local MariaDB (.local/mariadb)"
    elif [ -n "${MYSQL_HOST:-}" ] || something_answers; then
        [ -n "${MYSQL_USER:-}" ] || fail "a MySQL server already answers on" \
            "${MYSQL_HOST:-localhost}:${MYSQL_TCP_PORT:-3306}; set MYSQL_USER" \
            "and MYSQL_PWD to a login on it that may create databases"
        export MYSQL_PWD=${MYSQL_PWD:-}
        SERVER="your server on ${MYSQL_HOST:-localhost}:${MYSQL_TCP_PORT:-3306} as $MYSQL_USER (only hbtn_* databases are touched)"
    else
        start_local
        export MYSQL_USER=root MYSQL_PWD=root
        SERVER="the project-local MariaDB (.local/mariadb)"
    fi
    local out
    out=$(sql -e "SELECT 1" 2>&1) \
        || fail "cannot log in to $SERVER: $out"
    say "using $SERVER"
}

load_task_databases() {
    local f
    say "loading the task databases from sql/"
    for f in "$ROOT"/sql/hbtn_*_usa.sql; do
        sql <"$f" || fail "loading ${f#$ROOT/} failed"
    done
}

setup_all() {
    mkdir -p "$ROOT/.local"
    install_packages
    choose_server
    load_task_databases
}
