#!/usr/bin/env bash
# Scripted screen test (as tig's test suite does): builds a database with the
# test's setup commands, runs the screens with keys from NAME.keys, and
# compares every screen the script saved with NAME.expected/<screen>.
#   run.sh NAME            (FORSAT must point at the binary)
#   FORSAT_UPDATE_SCREENS=1 run.sh NAME   rewrites the expected screens
set -u
here=$(cd "$(dirname "$0")" && pwd)
name=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export FORSAT_DB="$T/forsat.db" LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE= TZ=Asia/Tehran
export FORSAT_TODAY=2026-11-27 FORSAT_NOW=2026-11-27T08:30:00Z TERM=xterm-256color
export FORSAT_LOCALEDIR="${FORSAT_LOCALEDIR:-}"
unset NO_COLOR XDG_DATA_HOME
f() { "$FORSAT" "$@" >/dev/null || { echo "setup command failed: forsat $*"; exit 1; }; }

f init
# The setup script uses f to run forsat commands.
[ -f "$here/$name.setup" ] && . "$here/$name.setup"

mkdir -p "$T/screens"
size=${SIZE:-100x30}
lang_opt=()
[ -n "${UI_LANG:-}" ] && lang_opt=(--lang "$UI_LANG")
# The first line of the keys file may say "# args: --lang fa --bidi terminal".
# NAME.keys runs first; NAME.2.keys, NAME.3.keys … are later sessions on the
# same database (a restart after a dropped connection, say).
for keys in "$here/$name.keys" "$here/$name".[0-9].keys; do
    [ -f "$keys" ] || continue
    args=$(sed -n '1s/^# args: //p' "$keys")
    COLUMNS=${size%x*} LINES=${size#*x} FORSAT_SCRIPT="$keys" FORSAT_SCREEN_DIR="$T/screens" \
        "$FORSAT" $args tui 2>"$T/stderr"
    rc=$?
    if [ $rc != 0 ]; then
        echo "forsat tui exited $rc on $(basename "$keys"): $(cat "$T/stderr")"
        exit 1
    fi
    if [ -s "$T/stderr" ]; then
        echo "the script $(basename "$keys") reported problems:"; cat "$T/stderr"; exit 1
    fi
done
# The header names the login running the test: make it the same everywhere.
me=$(id -un)
for got in "$T/screens/"*; do
    [ -f "$got" ] && sed -i "s/\b$me\b/LOGIN/g" "$got"
done
fails=0
if [ "${FORSAT_UPDATE_SCREENS:-}" = 1 ]; then
    mkdir -p "$here/$name.expected"
    cp "$T/screens/"* "$here/$name.expected/"
    echo "updated $(ls "$T/screens" | wc -l) screens"
    exit 0
fi
for exp in "$here/$name.expected/"*; do
    s=$(basename "$exp")
    if [ ! -f "$T/screens/$s" ]; then
        echo "FAIL: the script did not save screen $s"; fails=$((fails + 1)); continue
    fi
    if ! diff -u "$exp" "$T/screens/$s"; then
        echo "FAIL: screen $s differs (above: - expected, + actual)"; fails=$((fails + 1))
    fi
done
for got in "$T/screens/"*; do
    [ -f "$here/$name.expected/$(basename "$got")" ] || { echo "FAIL: unexpected screen $(basename "$got")"; fails=$((fails + 1)); }
done
# Checks on the database after the script (NAME.check: bash using sql()).
sql() { sqlite3 -batch -noheader "$FORSAT_DB" "$1"; }
expect_eq() { [ "$1" = "$2" ] || { echo "FAIL: ${3:-value} is \"$1\", expected \"$2\""; fails=$((fails + 1)); }; }
[ -f "$here/$name.check" ] && . "$here/$name.check"
[ -n "${KEEP_DB:-}" ] && cp "$FORSAT_DB" "$KEEP_DB"
echo "$(ls "$here/$name.expected" | wc -l) screens compared, $fails failed"
[ $fails = 0 ]
