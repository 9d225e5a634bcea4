#!/usr/bin/env bash
# Gradescope runs this once, as root, in its Ubuntu image, when it builds
# the autograder: it installs what bin/check needs (packages, bubblewrap,
# the system account of its disposable servers), as bin/check's own
# setup does on any Debian or Ubuntu (docs/check.md, "Gradescope").
set -eu
cd /autograder/source/project
apt-get update
apt-get install -y python3
bash -c '. bin/lib.sh && setup_check'
