# Shared by bin/tour, bin/test, bin/check, bin/matrix and bin/stop:
# sourced, not run.
#
# setup_all does what the task's path (Parts 1-3) needs, and is quick when
# it is already done: Debian packages, a server on localhost:3306 (no
# database changed: bin/tour loads the task databases).  Afterwards
# MYSQL_USER and MYSQL_PWD hold the login the scripts use.  setup_parts N... adds what Parts 4 and later need: the
# virtualenv .local/venv and, for the parts that use it, PostgreSQL.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL=$ROOT/.local/mariadb
SOCKET=/run/mysqld/mysqld.sock
VENV=$ROOT/.local/venv
PG=$ROOT/.local/postgres
# What each command needs from Debian.  A name without a version is
# looked up as it is, else as NAME-X.Y (Debian 11 and Ubuntu name the
# server packages by version): see pick_package.
TOUR_PACKAGES="mariadb-server-core mariadb-client python3-mysqldb openssl
python3-sqlalchemy"
TEST_PACKAGES="python3-pytest python3-pytest-xdist pycodestyle chromium
fonts-dejavu-core iproute2 bubblewrap"
# bin/check's own: the sandbox every student script runs in, the style check.
CHECK_PACKAGES="bubblewrap pycodestyle"
PARTS_PACKAGES="python3-venv curl"
POSTGRES_PACKAGES="postgresql"
# Part 12's Galera cluster (the replication library) and the copy its
# replica starts from (mariadb-backup).
GALERA_PACKAGES="galera-4 mariadb-backup"
# Only bin/matrix builds mysqlclient from source.
BUILD_PACKAGES="libmariadb-dev libmariadb-dev-compat pkg-config python3-dev
gcc"
# The oldest releases the collection runs on (Ubuntu 20.04's).
MIN_PYTHON=3.8
MIN_MARIADB=10.3
MIN_SQLALCHEMY=1.4
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
# Run as root, the MariaDB servers (the project-local one and bin/check's
# disposable ones) run as this system account, never as root: a server
# that writes files writes them as nobody of importance.
DB_ACCOUNT=hbtn-mysql

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'setup failed: %s\n' "$*" >&2; exit 1; }

# check_address: MYSQL_HOST and MYSQL_TCP_PORT are read and checked in one
# place, hints.host() and hints.port(); a value that cannot be one ends
# the tool with hints' one line, before anything is set up or stopped.
check_address() {
    local line
    line=$(cd "$ROOT" && /usr/bin/python3 -c 'import sys, hints
try:
    hints.host(), hints.port()
except ValueError as error:
    sys.exit(hints.explain(error))' 2>&1) && return 0
    printf '%s\n' "$line" >&2
    exit 1
}

# write_pth VENV: put the project's root on VENV's import path (a .pth
# file in its site-packages), so that the parts' steps, kits and tests
# import hints, lesson and harness without editing sys.path.
# Written only when it differs, and then by a rename: the tours a test
# runs call this while other tests import through that file.
write_pth() {
    local site
    site=$("$1/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))') \
        || return 1
    [ "$(cat "$site/hbtn.pth" 2>/dev/null)" != "$ROOT" ] || return 0
    printf '%s\n' "$ROOT" >"$site/hbtn.pth.$$" \
        && mv -f "$site/hbtn.pth.$$" "$site/hbtn.pth"
}

# The test runner: Debian's pytest, the tests spread over the cores, each
# test file kept on one worker (files share their databases), unless some
# of its tests are marked as a group of their own (conftest.py).
PYTEST="/usr/bin/python3 -m pytest -p no:cacheprovider -n auto --dist loadgroup"

# pytest_dist: PYTEST for this machine's pytest-xdist.  Groups came in
# 2.5 (Debian 12); Debian 11's keeps each file on one worker (loadfile),
# and there the groups have nothing to share: Parts 4-12 are left out.
pytest_dist() {
    /usr/bin/python3 -c 'import sys, xdist
sys.exit(tuple(map(int, xdist.__version__.split(".")[:2])) < (2, 5))' \
        2>/dev/null || PYTEST=${PYTEST/--dist loadgroup/--dist loadfile}
}

# The mysql command-line client, logged in as the collection's user.
# MYSQL_HOST and MYSQL_TCP_PORT come from the environment; the password
# (MYSQL_PWD) goes in the only option file it reads, a pipe: the client
# of MariaDB 11.6 and later warns of "an insecure passwordless login"
# when the password only comes from MYSQL_PWD.
sql() {
    local pw=${MYSQL_PWD:-}
    pw=${pw//\\/\\\\}
    mysql --defaults-file=<(printf '[client]\npassword="%s"\n' "${pw//\"/\\\"}") \
        --default-character-set=utf8mb4 -u"$MYSQL_USER" "$@"
}

# The packages that some releases name by version only.
VERSIONED="mariadb-server-core mariadb-client postgresql"

# installed NAME: the package NAME is installed (or NAME-X.Y, for those
# named by version).
installed() {
    local names=("$1")
    case " $VERSIONED " in *" $1 "*) names+=("$1-[0-9]*") ;; esac
    dpkg-query -W -f='${Status} ${Package}\n' "${names[@]}" 2>/dev/null \
        | grep -q '^install ok installed'
}

# pick_package NAME: the name this release gives NAME: NAME itself if apt
# knows it, else its newest versioned name (mariadb-server-core-10.5).
pick_package() {
    if apt-cache show "$1" >/dev/null 2>&1; then
        echo "$1"
        return
    fi
    local versioned
    versioned=$(apt-cache pkgnames "$1-" 2>/dev/null \
        | grep -E "^$1-[0-9]+(\.[0-9]+)*$" | sort -V | tail -n 1)
    [ -n "$versioned" ] || return 1
    say "this release calls $1 $versioned"
    echo "$versioned"
}

# install_packages NAME...: install those not installed yet, by the names
# this release gives them.
install_packages() {
    local missing="" p chosen=""
    for p in "$@"; do
        installed "$p" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    command -v apt-get >/dev/null \
        || fail "apt-get not found; install by hand:$missing"
    mkdir -p "$ROOT/.local"
    say "installing Debian packages:$missing (a minute or two)"
    $SUDO apt-get update -qq >"$ROOT/.local/apt.log" 2>&1 \
        || fail "apt-get update failed (see .local/apt.log); check the" \
                "network and that 'sudo apt-get update' works"
    for p in $missing; do
        chosen="$chosen $(pick_package "$p")" \
            || fail "this release has no package $p nor $p-X.Y" \
                    "(apt-cache search $p)"
    done
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends $chosen >>"$ROOT/.local/apt.log" 2>&1 \
        || fail "apt-get install$chosen failed (see .local/apt.log)"
}

# older VERSION MINIMUM: VERSION (1.3.22) is older than MINIMUM (1.4).
older() {
    [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" != "$2" ]
}

# check_python: /usr/bin/python3, which the shebangs run, is new enough,
# and so are its MySQLdb and SQLAlchemy; a SQLAlchemy older than 1.4
# (Debian 11's 1.3) is replaced with pip where the release allows it.
check_python() {
    local have
    have=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])') \
        || fail "/usr/bin/python3 does not run"
    older "$have" "$MIN_PYTHON" \
        && fail "this release's Python is $have; the collection needs" \
                "$MIN_PYTHON or newer (Debian 11, Ubuntu 20.04 or later)"
    have=$(/usr/bin/python3 -c 'import sqlalchemy; print(sqlalchemy.__version__)') \
        || fail "/usr/bin/python3 cannot import sqlalchemy"
    older "$have" "$MIN_SQLALCHEMY" || return 0
    if /usr/bin/python3 -c 'import sys, sysconfig, os
sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
        fail "this release's SQLAlchemy is $have and pip may not replace" \
             "it (PEP 668); the steps need $MIN_SQLALCHEMY or newer"
    fi
    install_packages python3-pip
    say "this release's SQLAlchemy is $have; installing SQLAlchemy 1.4.x" \
        "for /usr/bin/python3 with pip"
    $SUDO /usr/bin/python3 -m pip install -q 'SQLAlchemy>=1.4.22,<1.5' \
        >>"$ROOT/.local/apt.log" 2>&1 \
        || fail "pip install SQLAlchemy 1.4 failed (see .local/apt.log)"
}

# The server's programs: MariaDB 10.5 and later call them mariadbd and
# mariadb-install-db; older releases only mysqld and mysql_install_db.
server_program() {
    local name
    for name in "$@"; do
        command -v "$name" 2>/dev/null && return
        [ -x "/usr/sbin/$name" ] && { echo "/usr/sbin/$name"; return; }
        [ -x "/usr/bin/$name" ] && { echo "/usr/bin/$name"; return; }
    done
    return 1
}

# db_account: when root, the system account the servers run as (made once).
db_account() {
    [ "$(id -u)" = 0 ] || return 0
    id -u "$DB_ACCOUNT" >/dev/null 2>&1 && return 0
    say "creating the system account $DB_ACCOUNT, which the MariaDB servers run as"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$DB_ACCOUNT" \
        || fail "could not create the system account $DB_ACCOUNT (useradd)"
}

local_running() {
    [ -f "$LOCAL/mariadbd.pid" ] && kill -0 "$(cat "$LOCAL/mariadbd.pid")" 2>/dev/null
}

# stop_local: stop the project-local MariaDB, if it runs; its data stays.
stop_local() {
    local_running || return 0
    say "stopping the project-local MariaDB (its data stays in ${LOCAL#$ROOT/})"
    local pid i
    pid=$(cat "$LOCAL/mariadbd.pid")
    kill "$pid"
    # A clean shutdown flushes InnoDB: give it time before insisting.
    for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

# local_client PROGRAM ARGS...: a MariaDB command-line client (mysqladmin,
# mysql) on the project-local server's socket, reading no option file,
# and trusting the project's CA (bin/tls.sh).  The clients of MariaDB
# 11.4 and later (Debian 13) verify the server's certificate by default,
# even over the socket, and a login without a password (root's, before
# it has one; a ping) has no other way to trust ours: without --ssl-ca
# it fails, "unable to get local issuer certificate".  Older clients
# (10.5, 10.11) use TLS then, without verifying.
local_client() {
    local program=$1
    shift
    "$program" --no-defaults --ssl-ca="$TLS/ca.pem" -S "$SOCKET" "$@"
}

# local_has_tls: the running project-local MariaDB was started with TLS.
local_has_tls() {
    tr '\0' '\n' <"/proc/$(cat "$LOCAL/mariadbd.pid")/cmdline" 2>/dev/null \
        | grep -q '^--ssl-cert='
}

# something_answers: a server answers on the socket or on port 3306.  Not
# the project's (local_running said so), so no CA of ours: the ping sends
# nothing to protect, and only asks whether a server answers, whatever its
# certificate (which MariaDB 11.4's clients would verify by default).
something_answers() {
    [ -S "$SOCKET" ] && mysqladmin --no-defaults --disable-ssl-verify-server-cert \
        -S "$SOCKET" ping >/dev/null 2>&1 \
        && return 0
    (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null
}

start_local() {
    local as_user="" owner server install version
    if [ "$(id -u)" = 0 ]; then
        db_account
        owner=$DB_ACCOUNT
        mkdir -p "$LOCAL"
        # A project cloned under a private folder (/root, a mktemp -d)
        # is out of the account's reach: the server then runs as root,
        # still writing files only in its empty secure_file_priv folder.
        if ! setpriv --reuid="$DB_ACCOUNT" --regid="$DB_ACCOUNT" \
                --clear-groups test -x "$LOCAL" 2>/dev/null; then
            say "$DB_ACCOUNT cannot reach ${LOCAL%/*} (a folder above it" \
                "is private): the project-local MariaDB runs as root"
            owner=root
        fi
        as_user=--user=$owner
    fi
    server=$(server_program mariadbd mysqld) \
        || fail "no MariaDB server program (mariadbd) found"
    install=$(server_program mariadb-install-db mysql_install_db) \
        || fail "no mariadb-install-db found"
    # 2>/dev/null: in a network namespace with only a loopback (bin/test's),
    # mariadbd warns on stderr that it "failed to retrieve the MAC address".
    version=$("$server" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)
    older "$version" "$MIN_MARIADB" \
        && fail "this release's MariaDB is $version; the collection needs" \
                "$MIN_MARIADB or newer"
    mkdir -p "$LOCAL/tmp"
    # Its own copy of the TLS certificate and key (bin/tls.sh), which the
    # chown below gives to the account it runs as.
    tls_copy "$LOCAL/tls"
    # Run as root, the server runs as $DB_ACCOUNT: it owns its files, also
    # those of a data directory made by an older setup as root.
    if [ -n "$as_user" ]; then
        chown -R "$owner:" "$LOCAL" || fail "cannot chown .local/mariadb"
    fi
    if [ ! -d "$LOCAL/data/mysql" ]; then
        say "creating a project-local MariaDB $version data directory in .local/mariadb"
        mkdir -p "$LOCAL/tmp"
        # --force --skip-name-resolve: a minimal system may resolve no host
        # name at all (no /etc/hosts); the accounts then use IP addresses.
        "$install" --no-defaults $as_user --datadir="$LOCAL/data" \
            --tmpdir="$LOCAL/tmp" --force --skip-name-resolve \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$LOCAL/install.log" 2>&1 \
            || fail "mariadb-install-db failed: $(grep -m1 . "$LOCAL/install.log")" \
                "(the whole log: .local/mariadb/install.log)"
    fi
    say "starting the project-local MariaDB on localhost:3306 ($SOCKET)"
    if [ -n "$as_user" ]; then
        install -d -m 755 -o "$owner" -g "$owner" "${SOCKET%/*}" \
            && chown "$owner:" "${SOCKET%/*}" \
            || fail "cannot create ${SOCKET%/*}"
    else
        [ -d "${SOCKET%/*}" ] && [ -w "${SOCKET%/*}" ] \
            || $SUDO install -d -m 755 -o "$(id -u)" "${SOCKET%/*}" \
            || fail "cannot create ${SOCKET%/*}"
    fi
    rm -f "$SOCKET"
    # --no-defaults first: the system's /etc/mysql is never read nor changed.
    # Its own tmpdir: a starting server deletes the #sql* files in its
    # tmpdir, and /tmp may hold another server's temporary tables.
    # Memory: MariaDB's defaults (a 128 MiB buffer pool), which a small
    # laptop affords and the benchmark's million cities still fit.
    # Files: the server reads and writes them only in an empty folder it
    # may not even write in (secure_file_priv), and never a client's
    # (no LOCAL INFILE): no step, run by hand or by bin/check, can make
    # the server write a file anywhere else.
    # TLS: offered with the project's certificate (Part 8, step 9), never
    # required: the other steps, Part 8's recordings first, connect
    # without it, as a client on the same machine may.
    mkdir -p "$LOCAL/files"
    [ -z "$as_user" ] || chown root: "$LOCAL/files"
    chmod 755 "$LOCAL/files"
    setsid "$server" --no-defaults $as_user --datadir="$LOCAL/data" \
        --tmpdir="$LOCAL/tmp" --secure-file-priv="$LOCAL/files" \
        --local-infile=0 \
        --ssl-cert="$LOCAL/tls/server.pem" --ssl-key="$LOCAL/tls/server-key.pem" \
        --socket="$SOCKET" --port=3306 --bind-address=127.0.0.1 \
        --pid-file="$LOCAL/mariadbd.pid" --log-error="$LOCAL/error.log" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --log-output=TABLE \
        </dev/null >/dev/null 2>&1 &
    local i
    for i in $(seq 100); do
        local_client mysqladmin ping >/dev/null 2>&1 && break
        local_running || [ "$i" -lt 10 ] \
            || fail "the server stopped while starting: see .local/mariadb/error.log"
        sleep 0.1
    done
    local_client mysqladmin ping >/dev/null 2>&1 \
        || fail "the server did not answer in 10 s: see .local/mariadb/error.log"
    if [ ! -f "$LOCAL/ready" ]; then
        # root gets the password of the README's examples, on every host
        # it is defined for (the socket, 127.0.0.1 and ::1); anonymous
        # accounts and root on other host names go.
        local drops
        drops=$(local_client mysql -uroot -N -B -e "
            SELECT CONCAT('DROP USER ''', User, '''@''', Host, ''';')
            FROM mysql.user WHERE User = '' OR (User = 'root' AND
                Host NOT IN ('localhost', '127.0.0.1', '::1'))") \
            || fail "could not read the local server's accounts"
        local_client mysql -uroot -e "$drops
            ALTER USER root@localhost IDENTIFIED BY 'root';
            ALTER USER root@'127.0.0.1' IDENTIFIED BY 'root';
            ALTER USER root@'::1' IDENTIFIED BY 'root';" \
            || fail "could not set root's password on the local server"
        touch "$LOCAL/ready"
    fi
}

# Decide which server and login the collection uses.
choose_server() {
    if [ -z "${MYSQL_HOST:-}" ] && local_running && ! local_has_tls; then
        # Started by a setup that came before TLS: once, as it is now.
        say "restarting the project-local MariaDB with TLS on"
        stop_local
        start_local
    fi
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

# load_missing_task_databases: load the task databases that do not exist
# yet, and change none that does.
load_missing_task_databases() {
    local have f name
    have=$(sql -N -B -e "SHOW DATABASES") || fail "could not list the databases"
    for f in "$ROOT"/sql/hbtn_*_usa.sql; do
        name=$(basename "$f" .sql)
        case $'\n'"$have"$'\n' in *$'\n'"$name"$'\n'*) continue ;; esac
        say "loading the missing task database $name from sql/"
        sql <"$f" || fail "loading ${f#$ROOT/} failed"
    done
}

load_task_databases() {
    local f
    say "loading the task databases from sql/"
    for f in "$ROOT"/sql/hbtn_*_usa.sql; do
        sql <"$f" || fail "loading ${f#$ROOT/} failed"
    done
}

# setup_check: what bin/check needs: no server of yours, no task
# databases (it starts a disposable server of its own for each run).
setup_check() {
    mkdir -p "$ROOT/.local"
    install_packages $TOUR_PACKAGES $CHECK_PACKAGES
    check_python
    db_account
}

# setup_all: packages and a server, and never a database changed: only
# bin/tour (and bin/test, on its own server) call load_task_databases.
setup_all() {
    mkdir -p "$ROOT/.local"
    install_packages $TOUR_PACKAGES
    check_python
    db_account
    choose_server
}

# needs_of_part N: what Part N needs beyond the path's setup, from the
# first line of parts/N-*/needs (words: postgres, galera), if there is one.
needs_of_part() {
    local file
    for file in "$ROOT"/parts/"$1"-*/needs; do
        if [ -f "$file" ]; then head -n 1 "$file"; fi
    done
}

# galera_packages N...: Galera's packages if one of Parts N needs them
# (bin/test installs them before its namespace, which has no network).
galera_packages() {
    local n
    for n in "$@"; do
        case " $(needs_of_part "$n") " in
        *" galera "*) echo "$GALERA_PACKAGES"; return ;;
        esac
    done
}

# setup_venv: the parts' virtualenv, .local/venv, with each part's own
# parts/N-subject/requirements.txt; rebuilt only when they change.  It sees Debian's packages (--system-site-packages) for
# MySQLdb, which pip could only compile.
setup_venv() {
    # A clean clone has no .local yet; the log and the reason go there.
    mkdir -p "$ROOT/.local"
    install_packages $PARTS_PACKAGES
    local stamp f files=() reqs=()
    for f in "$ROOT"/parts/*/requirements.txt; do
        [ -f "$f" ] && files+=("$f") && reqs+=(-r "$f")
    done
    stamp="$(/usr/bin/python3 --version) $(cat "${files[@]}" | md5sum)"
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ]; then
        write_pth "$VENV" || fail "could not write .local/venv's hbtn.pth"
        return 0
    fi
    say "making the parts' virtualenv .local/venv (pip install -r parts/*/requirements.txt)"
    rm -rf "$VENV"
    { /usr/bin/python3 -m venv --system-site-packages "$VENV" \
        && "$VENV/bin/python" -m pip install -q "${reqs[@]}"
    } >"$ROOT/.local/venv.log" 2>&1 || {
        rm -rf "$VENV"
        local why
        if index_unreachable "$ROOT/.local/venv.log"; then
            why="no network to the package index: pip could not reach it"
            why="$why to make .local/venv (the whole log: .local/venv.log)"
        else
            why="making .local/venv failed: $(tail -n 1 "$ROOT/.local/venv.log")"
            why="$why (the whole log: .local/venv.log)"
        fi
        echo "$why" >"$ROOT/.local/venv.failed"
        fail "$why"
    }
    rm -f "$ROOT/.local/venv.failed"
    write_pth "$VENV" || fail "could not write .local/venv's hbtn.pth"
    echo "$stamp" >"$VENV/.stamp"
}

# index_unreachable LOG: pip could not reach the package index at all (no
# network, no name resolution, a proxy that refuses), as its LOG says or a
# connection to the index (PIP_INDEX_URL, else pypi.org) in 5 s shows: pip
# then ends with "No matching distribution found", a version, not the cause.
index_unreachable() {
    grep -qE "NewConnectionError|Failed to establish a new connection|name resolution|Network is unreachable|ConnectTimeout|ProxyError" "$1" \
        && return 0
    ! /usr/bin/python3 -c 'import os, socket, sys, urllib.parse
url = urllib.parse.urlsplit(os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple")
try:
    socket.create_connection((url.hostname, url.port or 443), 5).close()
except OSError:
    sys.exit(1)' 2>/dev/null
}

# try_venv: setup_venv, but its failure (the "setup failed" line) does not
# end the script: the callers go on with what needs no virtualenv, Parts
# 1-3.  VENV_FAILED then holds the reason.
try_venv() {
    VENV_FAILED=""
    (setup_venv) && return 0
    VENV_FAILED=$(cat "$ROOT/.local/venv.failed" 2>/dev/null) \
        || VENV_FAILED="making .local/venv failed"
    return 1
}

# setup_parts N...: what the chosen parts need beyond Parts 1-3 (whose
# numbers are ignored here): the virtualenv, PostgreSQL if one needs it,
# and Galera's packages (Part 12 starts its servers itself).
# Without the virtualenv (no network to the package index, say) Parts 4
# and later cannot run: PARTS_LEFT names them and VENV_FAILED says why, and
# the caller goes on with the others.
setup_parts() {
    local n later="" needs=""
    PARTS_LEFT=""
    for n in "$@"; do
        [ "$n" -ge 4 ] || continue
        later="$later $n"
        needs="$needs $(needs_of_part "$n")"
    done
    [ -n "$later" ] || return 0
    if ! try_venv; then
        PARTS_LEFT=${later# }
        return 0
    fi
    case " $needs " in *" galera "*) install_packages $GALERA_PACKAGES ;; esac
    case " $needs " in *" postgres "*) setup_postgres ;; esac
}

# stop_cluster: stop Part 12's servers (harness/cluster), if any runs;
# their data stays in .local/scaling.
stop_cluster() {
    [ -d "$ROOT/.local/scaling" ] || return 0
    (cd "$ROOT" && /usr/bin/python3 -m harness.cluster stop) \
        || fail "could not stop Part 12's servers (.local/scaling)"
}

# without_left N...: the numbers that are not in PARTS_LEFT.
without_left() {
    local n
    for n in "$@"; do
        case " $PARTS_LEFT " in *" $n "*) ;; *) printf '%s ' "$n" ;; esac
    done
}

. "$ROOT/bin/postgres.sh"
. "$ROOT/bin/tls.sh"
. "$ROOT/bin/private.sh"
