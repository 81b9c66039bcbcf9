#!/usr/bin/env bash
# Balances from the command line: the help page's example, receipts linked
# to an invoice but not to the opportunity, signs and status words, links
# that must agree, and who may see a balance.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
NOW="'2025-01-01T00:00:00Z'"
run contact add --name "شرکت فولاد مبارکه" --kind org
expect_rc 0; FOOLAD=$OUT
run contact add --name "علی کریمی" --kind person
expect_rc 0; ALI=$OUT
sql "INSERT INTO product(code, code_key, name, name_key, unit_price, created_at, updated_at)
     VALUES ('PRJ-1', 'prj-1', 'پروژه شبکه', 'پروژه شبکه', 20000000, $NOW, $NOW),
            ('PRJ-2', 'prj-2', 'پشتیبانی سالانه', 'پشتیبانی سالانه', 3000000, $NOW, $NOW)"
sql "INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, assigned_id,
       stage_changed_at, created_at, created_by, updated_at, updated_by)
     VALUES ('OPP-1404-000001', 1, 1, $FOOLAD, 'تجهیز دفتر مرکزی', 'تجهیز دفتر مرکزی', 1, $NOW, $NOW, 1, $NOW, 1),
            ('OPP-1404-000002', 1, 1, $ALI, 'خرید لپ‌تاپ', 'خرید لپ‌تاپ', 1, $NOW, $NOW, 1, $NOW, 1)"
OPP=$(sql "SELECT id FROM opportunity WHERE number = 'OPP-1404-000001'")
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('sara', 'سارا', 3, '2025-01-01T00:00:00Z'),
       ('karim', 'کریم', 4, '2025-01-01T00:00:00Z')"

# Nothing financial yet: "none".
run balance --opp OPP-1404-000001
expect_rc 0; expect_out_is "0 none"
run --format json balance --opp "$OPP"
expect_out_is '{"balance":0,"status":"none"}'

# A draft invoice of 20,000,000 linked to the opportunity counts for nothing.
run doc add --kind invoice --opp OPP-1404-000001
expect_rc 0; INV=$OUT
expect_eq "$(sql "SELECT identity_id FROM document WHERE id = $INV")" "$FOOLAD" "identity from the opportunity"
run doc line add "$INV" --product PRJ-1 --qty 1
expect_rc 0
run --format json balance --opp "$OPP"
expect_out_is '{"balance":0,"status":"none"}'

# The seed: approved, it makes the opportunity 20,000,000 debtor ...
run doc approve "$INV"
expect_rc 0; INVNO=$OUT
run balance --opp OPP-1404-000001
expect_rc 0; expect_out_is "20,000,000 debtor"
run --format json balance --opp "$OPP"
expect_out_is '{"balance":20000000,"status":"debtor"}'
# ... and a receipt of 5,000,000 linked to it brings it to 15,000,000.
run receipt add --contact "شرکت فولاد مبارکه" --amount 5,000,000 --opp OPP-1404-000001
expect_rc 0
expect_eq "$(sql "SELECT kind || ' ' || amount || ' ' || opp_id FROM money_item WHERE id = '$OUT'")" \
    "receipt 5000000 $OPP" "receipt row"
run --format json balance --opp "$OPP"
expect_out_is '{"balance":15000000,"status":"debtor"}'
run --lang fa --digits persian balance --opp "$OPP"
expect_out_is "۱۵٬۰۰۰٬۰۰۰ بدهکار"

# A receipt linked to the invoice only: the identity's balance moves, the
# opportunity's does not.  Toman typed, Rial stored.
run receipt add --doc "$INVNO" --amount "500000 تومان"
expect_rc 0
expect_eq "$(sql "SELECT identity_id || ' ' || amount || ' ' || coalesce(opp_id, '-') FROM money_item WHERE id = '$OUT'")" \
    "$FOOLAD 5000000 -" "receipt on the invoice"
run --format json balance --opp "$OPP"
expect_out_is '{"balance":15000000,"status":"debtor"}'
run --format json balance --contact "شرکت فولاد مبارکه"
expect_out_is '{"balance":10000000,"status":"debtor"}'

# Payment and contract add, a return subtracts; below zero is creditor,
# exactly zero is settled.
run contract add --contact "$ALI" --amount 3000000 --opp OPP-1404-000002
expect_rc 0
run receipt add --contact "$ALI" --amount 4000000 --opp OPP-1404-000002
expect_rc 0
run balance --opp OPP-1404-000002
expect_out_is "1,000,000 creditor"
run --format json balance --contact "$ALI"
expect_out_is '{"balance":-1000000,"status":"creditor"}'
run payment add --contact "$ALI" --amount 1000000 --date 1404/01/15
expect_rc 0
expect_eq "$(sql "SELECT date FROM money_item WHERE id = '$OUT'")" "2025-04-04" "payment date"
run --format json balance --contact "$ALI"
expect_out_is '{"balance":0,"status":"settled"}'
run --lang fa balance --contact "$ALI"
expect_out_is "0 تسویه"
run doc add --kind return --contact "$ALI"
RET=$OUT
run doc line add "$RET" --product PRJ-2 --qty 1
run doc approve "$RET"
expect_rc 0
run --format json balance --contact "$ALI"
expect_out_is '{"balance":-3000000,"status":"creditor"}'
run --format json balance --opp OPP-1404-000002
expect_out_is '{"balance":-1000000,"status":"creditor"}'

# Lists.
run --format json receipt list --opp "$OPP"
expect_rc 0
expect_eq "$(json '[(r["amount"], r["contact"]) for r in j]')" "[(5000000, 'شرکت فولاد مبارکه')]" "receipts of the opportunity"
run --format json receipt list --contact "$FOOLAD"
expect_eq "$(json '[r["doc_number"] for r in j]')" "['', '$INVNO']" "receipts of the identity"
run --format json payment list
expect_eq "$(json 'len(j)')" "1" "payments"

# Refused: nothing changes.
snapshot
run receipt add --contact "$ALI" --amount 1000 --opp OPP-1404-000001
expect_rc 2; expect_err "opp"
run receipt add --contact "$ALI" --amount 1000 --doc "$INVNO"
expect_rc 2; expect_err "doc"
run receipt add --contact "$ALI" --amount 0
expect_rc 2; expect_err "amount"
run receipt add --contact "$ALI" --amount -5
expect_rc 2
run receipt add --amount 1000
expect_rc 2; expect_err "contact"
run receipt add --contact "$ALI"
expect_rc 2
run receipt add --contact "$ALI" --amount 1000 --date 1404/12/30
expect_rc 2; expect_err "date"
run balance --opp 1 --contact 1
expect_rc 2
run balance
expect_rc 2
run balance --opp 999
expect_rc 4
run --as karim balance --contact "$ALI"
expect_rc 3; expect_err "balance.view"
run --as sara balance --opp OPP-1404-000001
expect_rc 4
run --as sara receipt add --contact "$FOOLAD" --amount 1000 --opp OPP-1404-000001
expect_rc 4
expect_unchanged
run --as sara --format json balance --contact "$FOOLAD"
expect_rc 0; expect_out_is '{"balance":10000000,"status":"debtor"}'

finish
