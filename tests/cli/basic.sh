#!/usr/bin/env bash
# The command-line skeleton: help, version, init, date, error style.
. "$(dirname "$0")/lib.sh"

run --version
expect_rc 0; expect_out "forsat "

run --help
expect_rc 0; expect_out "--db PATH"; expect_out "date [JALALI|GREGORIAN]"

run summary
expect_rc 4; expect_err "forsat init"

run init
expect_rc 0; expect_out "$FORSAT_DB"
expect_eq "$(sql "SELECT login FROM user JOIN role ON role.id = role_id WHERE role.key = 'admin'")" "$(id -un)" "admin login"
expect_eq "$(sql "PRAGMA journal_mode")" "wal" "journal mode"
expect_eq "$(sql "SELECT count(*) FROM list_item WHERE list = 'source'")" "8" "sources seeded"
expect_eq "$(sql "SELECT title_fa FROM subtype WHERE is_default")" "فرصت پیش‌فرض" "default subtype"
expect_eq "$(sql "SELECT group_concat(key, ',') FROM (SELECT key FROM stage ORDER BY position)")" \
    "contact,needs,proforma,negotiation,won,lost" "stage chain"
expect_eq "$(sql "SELECT name FROM product WHERE builtin")" "سایر" "Other product"
expect_eq "$(sql "SELECT count(*) FROM warehouse")" "1" "default warehouse"

snapshot
run init
expect_rc 4; expect_err "already initialised"
expect_unchanged

run summary
expect_rc 0; expect_out "opportunities: 0"

run date 1403/12/30
expect_rc 0; expect_out "1403/12/30"; expect_out "2025-03-20"
run date ۱۴۰۴/۰۱/۰۱
expect_rc 0; expect_out "2025-03-21"
run date 2025-03-20
expect_rc 0; expect_out "1403/12/30"
run --digits persian date 2025-03-20
expect_rc 0; expect_out "۱۴۰۳/۱۲/۳۰"
run --format json date 1404/1/1
expect_rc 0; expect_eq "$(json 'j["gregorian"]')" "2025-03-21" "json gregorian"

for bad in 1404/12/30 1403/13/01 1403/01/32 1403/1/1xyz "" 99999/01/01; do
    run date "$bad"
    expect_rc 2
    expect_eq "$(wc -l <"$T/err")" "1" "lines on stderr for \"$bad\""
done

run date 1403/1/1 extra
expect_rc 2
run --frobnicate
expect_rc 2; expect_err "unknown option"
run frobnicate
expect_rc 2; expect_err "unknown command"

# A file that is not a forsat database is refused and left unchanged.
echo "hello" >"$T/junk.db"
run --db "$T/junk.db" summary
expect_rc 2; expect_eq "$(cat "$T/junk.db")" "hello" "foreign file content"

finish
