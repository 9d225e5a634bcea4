# The project-local PostgreSQL for the parts that use it (sourced by
# bin/lib.sh).  Debian's packages provide the programs; the cluster lives
# in .local/postgres, listens on localhost:5432 only, and has the login
# root/root, like the project's MariaDB.  No system service is started or
# changed.  With PGHOST set, the server it names is used instead, with
# PGUSER and PGPASSWORD (libpq's own variables).

PG_PORT=5432

# hypopg_package: Part 11's hypothetical indexes, packaged for each major
# release of the installed PostgreSQL (postgresql-15-hypopg).
hypopg_package() {
    echo "postgresql-$(basename "$(dirname "$(pg_bin)")")-hypopg"
}

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL refuses to run as root: as root, its files belong to the
# postgres account that Debian's package creates.
pg_as() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_running() {
    [ -f "$PG/data/postmaster.pid" ] \
        && pg_as "$(pg_bin)/pg_ctl" status -D "$PG/data" >/dev/null 2>&1
}

start_postgres() {
    local bin
    bin=$(pg_bin)
    [ -n "$bin" ] || fail "no PostgreSQL programs in /usr/lib/postgresql"
    if [ ! -f "$PG/data/PG_VERSION" ]; then
        say "creating a project-local PostgreSQL $("$bin/postgres" --version | awk '{print $3}') cluster in .local/postgres"
        rm -rf "$PG"
        mkdir -p "$PG/run"
        [ "$(id -u)" = 0 ] && chown -R postgres: "$PG"
        pg_as test -w "$PG" \
            || fail "the postgres account cannot write $PG (every folder" \
                    "above the project must be readable by it)"
        # peer: only the account that owns the cluster logs in through the
        # socket; scram-sha-256: everyone else, over TCP, with a password.
        pg_as "$bin/initdb" -D "$PG/data" -U postgres -E UTF8 \
            --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 \
            >"$PG/initdb.log" 2>&1 \
            || fail "initdb failed: $(tail -n 1 "$PG/initdb.log")" \
                    "(the whole log: .local/postgres/initdb.log)"
    fi
    # TLS offered with the project's certificate (bin/tls.sh), in a copy
    # the server's account owns; never required (Part 8, step 10).
    tls_copy "$PG/tls" "$([ "$(id -u)" = 0 ] && echo postgres)"
    say "starting the project-local PostgreSQL on localhost:$PG_PORT"
    pg_as "$bin/pg_ctl" -D "$PG/data" -l "$PG/server.log" -w -t 30 start \
        -o "-c listen_addresses=localhost -c port=$PG_PORT -c unix_socket_directories=$PG/run -c ssl=on -c ssl_cert_file=$PG/tls/server.pem -c ssl_key_file=$PG/tls/server-key.pem" \
        >"$PG/pg_ctl.log" 2>&1 \
        || fail "PostgreSQL did not start: $(tail -n 2 "$PG/server.log" | tr '\n' ' ')"
    if [ ! -f "$PG/ready" ]; then
        pg_as "$bin/psql" -h "$PG/run" -p "$PG_PORT" -U postgres -q \
            -v ON_ERROR_STOP=1 -c "CREATE ROLE root LOGIN SUPERUSER PASSWORD 'root'" \
            >"$PG/psql.log" 2>&1 \
            || fail "could not create the root login: $(tail -n 1 "$PG/psql.log")"
        touch "$PG/ready"
    fi
}

pg_answers() {
    (exec 3<>/dev/tcp/127.0.0.1/$PG_PORT) 2>/dev/null
}

setup_postgres() {
    install_packages $POSTGRES_PACKAGES
    # Part 11's hypothetical indexes: hypopg, packaged for each major
    # release (postgresql-15-hypopg).
    install_packages "$(hypopg_package)"
    if [ -n "${PGHOST:-}" ]; then
        [ -n "${PGUSER:-}" ] || fail "PGHOST is set; set PGUSER and" \
            "PGPASSWORD to a login on it that may create databases"
        say "using your PostgreSQL on $PGHOST:${PGPORT:-5432} as $PGUSER"
    elif pg_running; then
        if ! grep -q 'ssl=on' "$PG/data/postmaster.opts" 2>/dev/null; then
            # Started by a setup that came before TLS: once, as it is now.
            say "restarting the project-local PostgreSQL with TLS on"
            stop_postgres
            start_postgres
        fi
        say "using the project-local PostgreSQL (.local/postgres)"
    elif pg_answers; then
        fail "a PostgreSQL already answers on localhost:$PG_PORT; stop it," \
             "or set PGHOST, PGUSER and PGPASSWORD to a login on it"
    else
        start_postgres
        say "using the project-local PostgreSQL (.local/postgres)"
    fi
}

stop_postgres() {
    if pg_running; then
        say "stopping the project-local PostgreSQL"
        pg_as "$(pg_bin)/pg_ctl" -D "$PG/data" -m fast -w stop >/dev/null 2>&1 \
            || fail "could not stop the project-local PostgreSQL"
    fi
}
