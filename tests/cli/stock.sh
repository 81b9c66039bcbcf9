#!/usr/bin/env bash
# Warehouses and stock from the command line: movements and on hand, the
# over-stock warning, frozen stock from approved proformas (written with
# SQL: documents are another module), serial warehousing and who sees it.
. "$(dirname "$0")/lib.sh"

ME=$(id -un)
C="انبار مرکزی"

run init
expect_rc 0

# ---- warehouses ----
run warehouse add "انبار شیراز"
expect_rc 0; SHIRAZ=$OUT
snapshot
run warehouse add "انبار مركزي"
expect_rc 4; expect_err "already exists"
run warehouse add ""
expect_rc 2
expect_unchanged
run --format json warehouse list
expect_rc 0
expect_eq "$(json '[(w["name"], w["active"], w["can_issue"]) for w in j]')" \
    "[('انبار مرکزی', True, True), ('انبار شیراز', True, False)]" "warehouses (init grants the default one to its admin)"

run product add --code LAP-001 --name "لپ‌تاپ ایسوس" --stock --price 450000000
expect_rc 0; LAP=$OUT
run product add --code SRV-01 --name "نصب و راه‌اندازی" --kind service
expect_rc 0

# A movement needs the right to issue remittances from the warehouse.
snapshot
run stock in --product LAP-001 --warehouse "$SHIRAZ" --qty 10
expect_rc 3; expect_err "warehouse grant"
expect_unchanged
run warehouse grant "$SHIRAZ" "$ME"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM warehouse_user")" "2" "grants"

# ---- quantity warehousing: in 10, out 3 → 7 ----
run stock in --product LAP-001 --warehouse "$C" --qty 10 --description "خرید از تأمین‌کننده"
expect_rc 0
expect_eq "$(sql "SELECT kind, qty, description FROM stock_move WHERE id = $OUT")" "in|100000|خرید از تأمین‌کننده" "stock in row"
run stock out --product LAP-001 --warehouse "$C" --qty ۳ --date 1404/01/15
expect_rc 0; expect_eq "$ERR" "" "no warning within stock"
expect_eq "$(sql "SELECT kind, qty, date FROM stock_move WHERE id = $OUT")" "out|30000|2025-04-04" "stock out row"
run stock in --product LAP-001 --warehouse "انبار شیراز" --qty 2.5
expect_rc 0
run --format json stock show LAP-001
expect_rc 0
expect_out_is '{"product":"LAP-001","warehouses":[{"warehouse":"انبار مرکزی","on_hand":7,"frozen":0,"available":7,"active":true},{"warehouse":"انبار شیراز","on_hand":2.5,"frozen":0,"available":2.5,"active":true}]}'
run stock show lap-001
expect_rc 0; expect_out "warehouse"; expect_out "2.5"

# Refused movements change nothing.
snapshot
for args in "--qty 0" "--qty abc" "--qty 1.23456" "--qty 1 --date 1404/12/30" "--qty 1 --serial SN-1" ""; do
    # shellcheck disable=SC2086
    run stock in --product LAP-001 --warehouse "$C" $args
    expect_rc 2
done
run stock in --product SRV-01 --warehouse "$C" --qty 1
expect_rc 2; expect_err "not stock-tracked"
run stock in --product LAP-001 --warehouse "انبار تبریز" --qty 1
expect_rc 2; expect_err "warehouse"
run stock show SRV-01
expect_rc 2; expect_err "not stock-tracked"
run stock mode serial
expect_rc 4; expect_err "cannot change"
expect_unchanged

# ---- frozen stock: approved, unexpired, uninvoiced proformas ----
sql "INSERT INTO identity(kind, name, name_key, created_at, updated_at) VALUES ('org', 'شرکت فولاد مبارکه', 'شرکت فولاد مبارکه', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')"
# proforma KIND STATUS EXPIRY-SQL INVOICED-BY QTY WAREHOUSE-SQL
proforma() {
    sql "INSERT INTO document(kind, identity_id, issue_date, expiry_date, seller_id, status, tax_bp, duties_bp, invoiced_by_id, created_at, created_by, updated_at)
         VALUES ('$1', 1, '2025-01-01', $3, 1, '$2', 0, 0, $4, '2025-01-01T00:00:00Z', 1, '2025-01-01T00:00:00Z');
         INSERT INTO doc_line(doc_id, position, product_id, name, qty, unit_price, total, final, warehouse_id)
         VALUES (last_insert_rowid(), 1, $LAP, 'لپ‌تاپ ایسوس', $5 * 10000, 1000, 1000, 1000, $6);
         SELECT doc_id FROM doc_line WHERE id = last_insert_rowid();"
}
proforma proforma approved "date('now', '+10 days')" NULL 2 1 >/dev/null
stock_of() { json '[(w["on_hand"], w["frozen"], w["available"]) for w in j["warehouses"]]'; }
run --format json stock show LAP-001
expect_eq "$(stock_of)" "[(7, 2, 5), (2.5, 0, 2.5)]" "an approved proforma freezes 2"
INVOICE=$(proforma invoice draft NULL NULL 1 1)
proforma proforma approved "date('now', '-10 days')" NULL 3 1 >/dev/null   # expired
proforma proforma rejected NULL NULL 3 1 >/dev/null                         # rejected
proforma proforma pending NULL NULL 3 1 >/dev/null                          # not approved yet
proforma proforma approved NULL "$INVOICE" 3 1 >/dev/null                   # invoiced
run --format json stock show LAP-001
expect_eq "$(stock_of)" "[(7, 2, 5), (2.5, 0, 2.5)]" "expired, rejected, pending and invoiced proformas freeze nothing"
# A line without a warehouse freezes the first active warehouse.
proforma proforma approved NULL NULL 1 NULL >/dev/null
run --format json stock show LAP-001
expect_eq "$(stock_of)" "[(7, 3, 4), (2.5, 0, 2.5)]" "a line without a warehouse"
run warehouse disable "$C"
expect_rc 0
run --format json stock show LAP-001
expect_eq "$(json '[(w["frozen"], w["active"]) for w in j["warehouses"]]')" "[(2, False), (1, True)]" "disabled warehouse"
snapshot
run stock in --product LAP-001 --warehouse "$C" --qty 1
expect_rc 2; expect_err "disabled"
expect_unchanged
run warehouse enable "$C"
expect_rc 0

# ---- stock out beyond on hand: a warning, exit 0 ----
run stock out --product LAP-001 --warehouse "$C" --qty 10
expect_rc 0; expect_err "warning:"; expect_err "had 7"
run --format json stock show LAP-001
expect_eq "$(stock_of)" "[(-3, 3, -6), (2.5, 0, 2.5)]" "negative stock under quantity warehousing"

# ---- who sees stock under quantity warehousing ----
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('ali', 'علی کریمی', 3, '2025-01-01T00:00:00Z'), ('zahra', 'زهرا احمدی', 5, '2025-01-01T00:00:00Z')"
run --as ali --format json stock show LAP-001
expect_rc 0; expect_eq "$(json 'len(j["warehouses"])')" "2" "a sales rep sees every warehouse"
run --as zahra stock show LAP-001
expect_rc 3; expect_err "stock.view"
snapshot
run --as ali stock mode serial
expect_rc 3; expect_err "admin.model"
run --as ali warehouse grant "$C" ali
expect_rc 3
run --as ali stock in --product LAP-001 --warehouse "$C" --qty 1
expect_rc 3
expect_unchanged

# ---- serial warehousing (a second database) ----
export FORSAT_DB="$T/serial.db"
run init
expect_rc 0
run stock mode
expect_out_is "quantity"
run stock mode serial
expect_rc 0; expect_out_is "serial"
expect_eq "$(sql "SELECT value FROM setting WHERE key = 'warehousing_mode'")" "serial" "mode setting"
run warehouse add "انبار شیراز"
run product add --code PHN-01 --name "گوشی سامسونگ" --serial
expect_rc 0
expect_eq "$(sql "SELECT stock_tracked, serial FROM product WHERE code = 'PHN-01'")" "1|1" "--serial is stock-tracked"
run warehouse grant "$C" "$ME"
run warehouse grant "انبار شیراز" "$ME"
run stock in --product PHN-01 --warehouse "$C" --serial SN-1001 --serial SN-1002 --serial ۱۰۰۳
expect_rc 0
expect_eq "$(sql "SELECT group_concat(serial, ',') FROM (SELECT serial FROM serial_item ORDER BY id)")" "SN-1001,SN-1002,1003" "serials"
run --format json stock show PHN-01
expect_eq "$(stock_of)" "[(3, 0, 3), (0, 0, 0)]" "serials on hand"
snapshot
run stock in --product PHN-01 --warehouse "انبار شیراز" --serial SN-1002
expect_rc 4; expect_err "already in"
run stock out --product PHN-01 --warehouse "انبار شیراز" --serial SN-1001
expect_rc 2; expect_err "not in"
run stock out --product PHN-01 --warehouse "$C" --serial SN-1001 --serial SN-9999
expect_rc 2; expect_err "SN-9999"
run stock in --product PHN-01 --warehouse "$C" --qty 1
expect_rc 2; expect_err "serial"
run stock in --product PHN-01 --warehouse "$C" --serial SN-1004 --description "رسید"
expect_rc 2; expect_err "description"
expect_unchanged
run stock out --product PHN-01 --warehouse "$C" --serial SN-1001
expect_rc 0; expect_eq "$ERR" "" "no warning"
run --format json stock show PHN-01
expect_eq "$(stock_of)" "[(2, 0, 2), (0, 0, 0)]" "after a remittance"

# Under serial warehousing only holders of the warehouse right see it.
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('ali', 'علی کریمی', 3, '2025-01-01T00:00:00Z')"
run --as ali --format json stock show PHN-01
expect_rc 0; expect_out_is '{"product":"PHN-01","warehouses":[]}'
run --as ali stock show PHN-01
expect_rc 0; expect_no_out "انبار"
run warehouse grant "$C" ali
expect_rc 0
run --as ali --format json stock show PHN-01
expect_eq "$(json '[w["warehouse"] for w in j["warehouses"]]')" "['انبار مرکزی']" "granted warehouse only"
run warehouse revoke "$C" ali
expect_rc 0
run --as ali --format json stock show PHN-01
expect_eq "$(json 'len(j["warehouses"])')" "0" "revoked"

finish
