# lib.sh — sourced by every command-line test.  Runs the real `forsat`
# binary ($FORSAT) over a fresh database in a temporary directory and checks
# exit status, output and database contents the way a user would.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export FORSAT_DB="$T/forsat.db"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
export TZ=Asia/Tehran
unset XDG_DATA_HOME
FAILS=0
CHECKS=0

# run ARGS...: runs forsat; stdout in $OUT, stderr in $ERR, status in $RC.
run() {
    "$FORSAT" "$@" >"$T/out" 2>"$T/err"
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

fail() {
    FAILS=$((FAILS + 1))
    printf 'FAIL (%s:%s): %s\n' "${BASH_SOURCE[1]##*/}" "${BASH_LINENO[0]}" "$*"
    printf '  command stdout: %s\n  command stderr: %s\n' "$(head -c 600 "$T/out")" "$(head -c 600 "$T/err")"
}

check() { CHECKS=$((CHECKS + 1)); }

# expect_rc N: the last command's exit status.
expect_rc() { check; [ "$RC" = "$1" ] || fail "exit status $RC, expected $1"; }
# expect_out TEXT: stdout contains TEXT.
expect_out() { check; grep -qF -- "$1" "$T/out" || fail "stdout lacks \"$1\""; }
expect_no_out() { check; ! grep -qF -- "$1" "$T/out" || fail "stdout has \"$1\""; }
# expect_out_is TEXT: stdout is exactly TEXT.
expect_out_is() { check; [ "$OUT" = "$1" ] || fail "stdout is \"$OUT\", expected \"$1\""; }
# expect_err TEXT: stderr contains TEXT.
expect_err() { check; grep -qF -- "$1" "$T/err" || fail "stderr lacks \"$1\""; }
# expect_eq ACTUAL EXPECTED [what]
expect_eq() { check; [ "$1" = "$2" ] || fail "${3:-value} is \"$1\", expected \"$2\""; }

# sql QUERY: prints the result of a query on the test database.
sql() { sqlite3 -batch -noheader -cmd ".timeout 5000" "$FORSAT_DB" "$1"; }

# snapshot / expect_unchanged: the database's whole content is the same.
snapshot() { sqlite3 "$FORSAT_DB" .dump >"$T/snap"; }
expect_unchanged() {
    check
    sqlite3 "$FORSAT_DB" .dump >"$T/snap2"
    cmp -s "$T/snap" "$T/snap2" || fail "the database changed: $(diff "$T/snap" "$T/snap2" | head -5)"
}

# expect_refused RC TEXT: the command failed with RC, one line on stderr
# holding TEXT (the field it names), and the database is as it was at the
# last snapshot.
expect_refused() {
    expect_rc "$1"
    expect_err "$2"
    expect_eq "$(wc -l <"$T/err")" "1" "lines on stderr"
    expect_unchanged
}

# json FILTER: evaluates a python expression over the JSON on stdout (j).
json() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/out" "$1"; }

finish() {
    echo "$CHECKS checks, $FAILS failed"
    [ "$FAILS" = 0 ]
}
