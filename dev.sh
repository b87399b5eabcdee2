#!/usr/bin/env bash
# Sets up everything wirewatch needs in ./.venv, then runs the demo or the test suite.
#   ./dev.sh demo          build the demo database from the sample corpus and show it
#   ./dev.sh test [ARGS]   run the test suite (ARGS go to pytest)
#   ./dev.sh setup         only set up
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "dev.sh: need root (or sudo) to run: $*" >&2; exit 2; fi
}

apt_install() {
    # Debian packages the project needs that pip cannot provide.
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || { echo "dev.sh: please install: ${missing[*]}" >&2; exit 2; }
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup() {
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
        echo "dev.sh: wirewatch needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2; exit 2; }
    if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install "python3-venv"
    fi
    if [ ! -x .venv/bin/python ]; then
        "$PYTHON" -m venv .venv
    fi
    # pip's own chatter (build-backend deprecation notices) goes to a log, shown only on failure.
    if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
           .venv/bin/python -m pip install --disable-pip-version-check -e '.[test]'; } >.venv/pip.log 2>&1; then
        tail -n 30 .venv/pip.log >&2
        echo "dev.sh: installing wirewatch's dependencies failed (full log: .venv/pip.log)" >&2
        exit 1
    fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
    setup) setup ;;
    demo) setup; .venv/bin/wirewatch demo "$@"
          echo "(the command is .venv/bin/wirewatch; 'source .venv/bin/activate' puts it on your PATH)" ;;
    test) setup
          # The browser tests drive Debian's Chromium with Playwright (browser downloads are impossible here);
          # the store tests start a throwaway PostgreSQL server from Debian's package (tests/pg.py).
          apt_install chromium postgresql
          .venv/bin/python -m pytest "$@" ;;
    *) echo "usage: ./dev.sh demo | test [pytest args] | setup" >&2; exit 2 ;;
esac
