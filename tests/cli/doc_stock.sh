#!/usr/bin/env bash
# Document lines against stock (SPEC §6.3): more than a warehouse holds is a
# warning under quantity warehousing and refused under serial warehousing
# when a warehouse is chosen.
. "$(dirname "$0")/lib.sh"

run init; expect_rc 0
run contact add --name "علی کریمی"; expect_rc 0
run product add --code LT-1 --name "لپ‌تاپ" --price 450000000 --stock; expect_rc 0
run stock in --product LT-1 --warehouse 1 --qty 2; expect_rc 0
run doc add --kind invoice --contact "علی کریمی"; expect_rc 0; DOC=$OUT
run doc line add "$DOC" --product LT-1 --qty 5 --warehouse 1
expect_rc 0; expect_err "warning: quantity: 5 of LT-1 is more than the 2 available"
expect_eq "$(sql "SELECT qty FROM doc_line WHERE doc_id = $DOC")" "50000" "the line is added"
run doc line add "$DOC" --product LT-1 --qty 1 --warehouse 1
expect_rc 0
check; [ ! -s "$T/err" ] || fail "a line within stock warned: $ERR"

# Serial warehousing: a fresh database in serial mode.
export FORSAT_DB="$T/serial.db"
run init; expect_rc 0
run stock mode serial; expect_rc 0
run contact add --name "علی کریمی"; expect_rc 0
run product add --code PH-1 --name "گوشی" --price 90000000 --serial; expect_rc 0
run stock in --product PH-1 --warehouse 1 --serial SN-1 --serial SN-2; expect_rc 0
run doc add --kind invoice --contact "علی کریمی"; expect_rc 0; DOC=$OUT
snapshot
run doc line add "$DOC" --product PH-1 --qty 3 --warehouse 1
expect_rc 2; expect_err "quantity:"
expect_unchanged
run doc line add "$DOC" --product PH-1 --qty 2 --warehouse 1
expect_rc 0

finish
