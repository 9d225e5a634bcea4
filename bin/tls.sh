# The project's own certificate authority and its servers' certificate
# (sourced by bin/lib.sh), for Part 8's encrypted connections.  Made once
# with openssl in .local/tls, and kept: ca.pem is what a client is told
# to trust, ca-key.pem signs and never leaves the folder, server.pem and
# server-key.pem name the server as a client on this machine reaches it:
# localhost and 127.0.0.1.  Nothing goes in /etc, and no program trusts
# this CA unless it is given ca.pem.  Each server reads a copy of its own
# (tls_copy), owned by the account it runs as: PostgreSQL refuses a key
# that others may read.

TLS=$ROOT/.local/tls

# The certificates' extensions, strict enough for Python 3.13's
# VERIFY_X509_STRICT: a CA marked as one, a leaf that names its issuer.
TLS_CONFIG='[req]
distinguished_name = name
prompt = no
[name]
CN = hbtn project CA
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
'

# make_tls: the CA and the server's certificate, once (a folder made
# aside, then renamed: an interrupted run leaves no half of it).
make_tls() {
    [ -f "$TLS/server.pem" ] && return 0
    command -v openssl >/dev/null || fail "openssl not found (apt-get install openssl)"
    say "making the project's certificate authority and the servers'" \
        "certificate in .local/tls (openssl)"
    local new=$TLS.new
    rm -rf "$new"
    mkdir -p "$new"
    printf '%s' "$TLS_CONFIG" >"$new/openssl.cnf"
    (
        set -e
        umask 077
        cd "$new"
        openssl req -x509 -config openssl.cnf -extensions ca -days 3650 \
            -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca-key.pem -out ca.pem
        openssl req -new -config openssl.cnf -subj /CN=localhost \
            -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server-key.pem -out server.csr
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem \
            -set_serial "0x$(openssl rand -hex 8)" -days 3650 \
            -extfile openssl.cnf -extensions server -out server.pem
        rm server.csr
        chmod 644 ca.pem server.pem
    ) >"$ROOT/.local/tls.log" 2>&1 \
        || fail "openssl could not make the certificates: $(tail -n 1 "$ROOT/.local/tls.log")" \
                "(the whole log: .local/tls.log)"
    chmod 755 "$new"
    mv "$new" "$TLS"
}

# tls_copy FOLDER [ACCOUNT]: the server's certificate and key, copied into
# FOLDER (made if missing), owned by ACCOUNT when given, the key 600.
tls_copy() {
    make_tls
    mkdir -p "$1"
    cp "$TLS/server.pem" "$1/server.pem"
    (umask 077 && cp "$TLS/server-key.pem" "$1/server-key.pem")
    chmod 600 "$1/server-key.pem"
    if [ -n "${2:-}" ]; then
        chown "$2:" "$1" "$1/server.pem" "$1/server-key.pem" \
            || fail "cannot give ${1#$ROOT/} to $2"
    fi
}
