# bin/test's private namespace (sourced by bin/lib.sh).  The suite and its
# servers run in a network and mount namespace of their own: a loopback of
# their own (so their MariaDB and PostgreSQL take 3306 and 5432 even while
# your servers hold them, and nothing outside is reachable), private
# /run/mysqld and /var/run/postgresql, a private /tmp, and a .local/ of
# their own: .local/test, with the real .local/venv seen through it.  So
# every database the tests change, the task databases included, is theirs:
# your servers and your data are not even visible.  As root it is plain
# unshare; otherwise an unprivileged user namespace maps you to root just
# long enough to mount, then back to yourself.  A PID namespace too: when
# bin/test ends, whatever it started ends with it.

TEST_LOCAL=$ROOT/.local/test

# The script that runs inside the new namespaces, as (mapped) root: $1 is
# the project, $2 the uid:gid to become again ("" as root), then the command.
PRIVATE_SETUP='
set -e
root=$1 ids=$2
shift 2
ip link set lo up
for dir in /run/mysqld /var/run/postgresql; do
    if [ -d "$dir" ]; then mount -t tmpfs -o mode=1777 tmpfs "$dir"; fi
done
[ -d /run/mysqld ] || {
    # Not even there (the server package is not installed): a /run of our own.
    mount -t tmpfs -o mode=755 tmpfs /run
    mkdir -m 1777 /run/mysqld /run/postgresql
}
test=$root/.local/test
mkdir -p "$test/venv" "$test/tmp"
rm -rf "${test:?}/tmp"/* "${test:?}/tmp"/.[!.]* 2>/dev/null || true
chmod 1777 "$test/tmp"
[ ! -d "$root/.local/venv" ] || mount --bind "$root/.local/venv" "$test/venv"
mount --rbind "$test" "$root/.local"
mount --bind "$root/.local/tmp" /tmp
if [ -n "$ids" ]; then
    exec unshare --map-user="${ids%:*}" --map-group="${ids#*:}" -- "$@"
fi
exec "$@"
'

# In a chroot whose / is no mount point (a Debian made by debootstrap),
# unshare cannot make the mounts private.  There, a mount namespace first
# makes /dev private, puts a fresh tmpfs on /dev/shm, binds / under it and
# chroots there (as bin/check's sandbox does, check/process.py): every
# mount is made under a private one, so none reaches the machine's.
REBIND_ROOT='
set -e
mount --make-rprivate /dev
mount -t tmpfs -o mode=0700 hbtn-test /dev/shm
mkdir /dev/shm/root
mount --rbind / /dev/shm/root
mount --make-rprivate /dev/shm/root
exec chroot /dev/shm/root bash -c "cd \"\$0\" && exec \"\$@\"" "$PWD" "$@"
'

# private_run COMMAND...: run COMMAND in the private namespaces.  A
# project in /tmp is refused: the private /tmp would hide it.
private_run() {
    case "$ROOT/" in
    /tmp/*) fail "bin/test gives its run a /tmp of its own, which would" \
                 "hide this project ($ROOT): clone it outside /tmp" ;;
    esac
    mkdir -p "$TEST_LOCAL"
    if [ "$(id -u)" = 0 ]; then
        mkdir -p /run/mysqld
        if unshare --mount --propagation private true 2>/dev/null; then
            unshare --net --mount --pid --fork --mount-proc \
                --propagation private -- \
                bash -c "$PRIVATE_SETUP" private "$ROOT" "" "$@"
        else
            unshare --net --mount --propagation unchanged -- \
                bash -c "$REBIND_ROOT" rebind \
                unshare --mount --pid --fork --mount-proc \
                --propagation private -- \
                bash -c "$PRIVATE_SETUP" private "$ROOT" "" "$@"
        fi
        return
    fi
    if ! unshare --map-root-user --net --mount true 2>/dev/null; then
        fail "bin/test runs in a network and mount namespace of its own," \
             "and this kernel refuses them to users (unshare" \
             "--map-root-user failed): run bin/test as root (sudo bin/test)"
    fi
    unshare --map-root-user --net --mount --pid --fork --mount-proc \
        --propagation private -- \
        bash -c "$PRIVATE_SETUP" private "$ROOT" "$(id -u):$(id -g)" "$@"
}
