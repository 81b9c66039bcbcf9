#!/usr/bin/env bash
# Proformas, invoices and returns from the command line: exact figures with
# tax only on taxable products, issuing from an opportunity, the status
# flow and its permissions, stock moves, conversion, and numbering that
# stays gap-free with 8 processes approving at once.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
NOW="'2025-01-01T00:00:00Z'"
run contact add --name "شرکت فولاد مبارکه" --kind org
expect_rc 0; FOOLAD=$OUT
run contact add --name "علی کریمی" --kind person
expect_rc 0; ALI=$OUT
sql "INSERT INTO product(code, code_key, name, name_key, unit_price, taxable, stock_tracked, created_at, updated_at)
     VALUES ('LP-100', 'lp-100', 'لپ‌تاپ ایسوس', 'لپتاپ ایسوس', 10000000, 1, 1, $NOW, $NOW),
            ('SV-1', 'sv-1', 'نصب و راه‌اندازی', 'نصب و راهاندازی', 1234567, 0, 0, $NOW, $NOW),
            ('CB-5', 'cb-5', 'کابل شبکه', 'کابل شبکه', 15, 1, 0, $NOW, $NOW)"
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('sara', 'سارا', 3, '2025-01-01T00:00:00Z')"
run --format json date today
YEAR=$(json 'j["jalali"][:4]')

# ---- an invoice with exact figures -------------------------------------
run doc add --kind invoice --contact "شرکت فولاد مبارکه"
expect_rc 0; INV=$OUT
expect_eq "$(sql "SELECT kind || ' ' || status || ' ' || identity_id FROM document WHERE id = $INV")" \
    "invoice draft $FOOLAD" "new invoice"
run doc line add "$INV" --product LP-100 --qty 4 --discount-percent 3
expect_rc 0; expect_out_is "1"
run doc line add "$INV" --product SV-1 --qty 2.5
expect_rc 0; expect_out_is "2"
run doc line add "$INV" --product cb-5 --qty ۱
expect_rc 0; expect_out_is "3"
run --format json doc show "$INV"
expect_rc 0
# 4 × 10,000,000 − 3 % = 38,800,000 + 10 % tax; 2.5 × 1,234,567 = 3,086,418
# untaxed (a service); 15 + 10 % = 16.5 → 17.
expect_eq "$(json '[l["tax"] for l in j["lines"]]')" "[3880000, 0, 2]" "line taxes"
expect_eq "$(json '[l["final"] for l in j["lines"]]')" "[42680000, 3086418, 17]" "line finals"
expect_eq "$(json '(j["total"], j["discount"], j["tax"], j["duties"], j["final"])')" \
    "(43086433, 1200000, 3880002, 0, 45766435)" "document totals"
expect_eq "$(json 'j["lines"][0]["name"]')" "لپ‌تاپ ایسوس" "line name"
expect_eq "$(json '(j["number"], j["status"], j["contact"])')" "(None, 'draft', 'شرکت فولاد مبارکه')" "header"
run doc show "$INV"
expect_rc 0; expect_out "45,766,435"; expect_out "3,880,002"

# Refused input changes nothing.
snapshot
run doc line add "$INV" --product LP-100 --qty 0
expect_rc 2; expect_err "qty"
run doc line add "$INV" --product NOPE --qty 1
expect_rc 2; expect_err "product"
run doc line add "$INV" --product LP-100 --qty 1 --discount-percent 3 --discount 1000
expect_rc 2; expect_err "not both"
run doc line add "$INV" --product LP-100 --qty 1 --discount 10000001
expect_rc 2; expect_err "discount"
run doc add --kind invoice
expect_rc 2; expect_err "contact"
run doc add --kind quote --contact "$ALI"
expect_rc 2; expect_err "kind"
run doc add --kind invoice --contact "$ALI" --expiry +3
expect_rc 2; expect_err "expiry"
run doc show 999
expect_rc 4
expect_unchanged

# ---- approval needs the permission; approved is immutable --------------
run --as sara doc submit "$INV"
expect_rc 0
expect_eq "$(sql "SELECT status FROM document WHERE id = $INV")" "pending" "submitted"
snapshot
run --as sara doc approve "$INV"
expect_rc 3; expect_err "doc.approve"
run --as sara doc reject "$INV"
expect_rc 3
expect_unchanged
expect_eq "$(sql "SELECT count(*) FROM stock_move")" "0" "no stock moved before approval"
run doc approve "$INV"
expect_rc 0; expect_out_is "INV-$YEAR-000001"
expect_eq "$(sql "SELECT number FROM document WHERE id = $INV")" "INV-$YEAR-000001" "number"
expect_eq "$(sql "SELECT kind || ':' || warehouse_id || ':' || qty FROM stock_move WHERE doc_id = $INV")" \
    "invoice:1:40000" "stock out for the laptops only"
snapshot
run --as sara doc line add "$INV" --product CB-5 --qty 1
expect_rc 3; expect_err "doc.edit_approved"
run --as sara doc line remove "$INV" 1
expect_rc 3
run --as sara doc edit "$INV" --description "تحویل فوری"
expect_rc 3
run doc approve "$INV"
expect_rc 4; expect_err "already"
expect_unchanged
# An admin holds doc.edit_approved: the stock follows the new quantity.
run doc line edit "$INV" 1 --qty 5
expect_rc 0
expect_eq "$(sql "SELECT qty FROM stock_move WHERE doc_id = $INV")" "50000" "stock follows the edit"
run --format json doc show "INV-$YEAR-000001"
expect_eq "$(json '(j["lines"][0]["discount"], j["lines"][0]["final"])')" "(1500000, 53350000)" \
    "3 % kept on the new quantity"

# ---- draft and rejected documents count nowhere ------------------------
run doc add --kind invoice --contact "$ALI"
expect_rc 0; DRAFT=$OUT
run doc line add "$DRAFT" --product LP-100 --qty 2
expect_rc 0
run --format json balance --contact "$ALI"
expect_rc 0; expect_out_is '{"balance":0,"status":"none"}'
run doc reject "$DRAFT"
expect_rc 0
snapshot
run doc line add "$DRAFT" --product CB-5 --qty 1
expect_rc 4; expect_err "read-only"
run doc approve "$DRAFT"
expect_rc 4
expect_unchanged
expect_eq "$(sql "SELECT count(*) FROM stock_move WHERE doc_id = $DRAFT")" "0" "rejected: no stock"
run --format json balance --contact "$ALI"
expect_out_is '{"balance":0,"status":"none"}'

# ---- issuing from an opportunity ---------------------------------------
sql "INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, assigned_id,
       stage_changed_at, created_at, created_by, updated_at, updated_by)
     VALUES ('OPP-1404-000001', 1, (SELECT id FROM stage WHERE key = 'needs'), $FOOLAD, 'تجهیز دفتر مرکزی',
       'تجهیز دفتر مرکزی', 1, $NOW, $NOW, 1, $NOW, 1)"
OPP=$(sql "SELECT id FROM opportunity WHERE number = 'OPP-1404-000001'")
sql "INSERT INTO opp_line(opp_id, position, product_id, name, qty, unit_price, discount_bp, discount, total, final,
       description)
     VALUES ($OPP, 1, (SELECT id FROM product WHERE code = 'LP-100'), 'لپ‌تاپ ایسوس', 30000, 9500000, 175, 500000,
       28500000, 28000000, 'با کیف و ماوس'),
            ($OPP, 2, (SELECT id FROM product WHERE builtin), 'کابل‌کشی ساختمان', 10000, 5000000, 1000, 500000,
       5000000, 4500000, NULL)"
run opp proforma OPP-1404-000001
expect_rc 0
PRO=$OUT
expect_eq "$(sql "SELECT count(*) FROM document WHERE id = '$PRO' AND kind = 'proforma'")" "1" "opp proforma prints the id"
run --format json doc show "$PRO"
expect_eq "$(json '(j["status"], j["opp"], j["contact"], j["number"])')" \
    "('draft', $OPP, 'شرکت فولاد مبارکه', None)" "proforma header"
expect_eq "$(json '" | ".join("%s %s %s %s %s" % (l["product_code"], l["name"], l["qty"], l["unit_price"], l["discount"]) for l in j["lines"])')" \
    "LP-100 لپ‌تاپ ایسوس 3 9500000 500000 | OTHER کابل‌کشی ساختمان 1 5000000 500000" \
    "copied lines"
expect_eq "$(json '[l["description"] for l in j["lines"]]')" "['با کیف و ماوس', None]" "copied descriptions"
expect_eq "$(sql "SELECT discount_bp FROM doc_line WHERE doc_id = $PRO ORDER BY position")" "175
1000" "copied discount percentages"
expect_eq "$(json 'j["expiry_date"] > j["issue_date"]')" "True" "proforma expiry"
run opp invoice "$OPP"
expect_rc 0
expect_eq "$(sql "SELECT kind || ' ' || count(*) FROM doc_line JOIN document d ON d.id = doc_id WHERE d.id = '$OUT'")" \
    "invoice 2" "opp invoice copies the lines"

# ---- proforma → invoice ------------------------------------------------
snapshot
run doc convert "$PRO"
expect_rc 4; expect_err "not approved"
expect_unchanged
run doc approve "$PRO"
expect_rc 0; expect_out_is "PRO-$YEAR-000001"
run doc convert "PRO-$YEAR-000001"
expect_rc 0; CONV=$OUT
expect_eq "$(sql "SELECT kind || ' ' || status || ' ' || source_doc_id || ' ' || opp_id FROM document WHERE id = '$CONV'")" \
    "invoice draft $PRO $OPP" "converted invoice"
expect_eq "$(sql "SELECT invoiced_by_id IS NULL FROM document WHERE id = $PRO")" "1" "still frozen until approved"
run doc approve "$CONV"
expect_rc 0; expect_out_is "INV-$YEAR-000002"
expect_eq "$(sql "SELECT invoiced_by_id FROM document WHERE id = $PRO")" "$CONV" "proforma invoiced"
run doc convert "$PRO"
expect_rc 4; expect_err "already invoiced"

run --format json doc list --kind invoice --status approved
expect_rc 0
expect_eq "$(json '[r["number"] for r in j]')" "['INV-$YEAR-000001', 'INV-$YEAR-000002']" "approved invoices"
run --format json doc list --opp "$OPP" --limit 1
expect_eq "$(json '[r["id"] for r in j]')" "[$PRO]" "first page by opportunity"
run --format json doc list --opp "$OPP" --after "$PRO"
expect_eq "$(json 'len(j)')" "2" "next page by opportunity"

# ---- numbering is gap-free with 8 processes approving at once ----------
IDS=()
for i in $(seq 40); do
    run doc add --kind return --contact "$ALI" --description "برگشت $i"
    IDS+=("$OUT")
    run doc line add "$OUT" --product CB-5 --qty 1
done
expect_eq "$(sql "SELECT count(*) FROM doc_line JOIN document d ON d.id = doc_id WHERE d.kind = 'return'")" "40" "40 returns"
for p in $(seq 0 7); do
    (
        for ((k = p; k < 40; k += 8)); do
            "$FORSAT" doc approve "${IDS[$k]}" >/dev/null 2>>"$T/approve-err" || echo "approve ${IDS[$k]} failed" >>"$T/approve-err"
        done
    ) &
done
wait
expect_eq "$(cat "$T/approve-err" 2>/dev/null)" "" "errors of concurrent approvals"
expect_eq "$(sql "SELECT group_concat(number, ' ') FROM (SELECT number FROM document WHERE kind = 'return' ORDER BY number)")" \
    "$(for n in $(seq 40); do printf "RET-$YEAR-%06d " "$n"; done | sed 's/ $//')" "return numbers 1…40"
expect_eq "$(sql "SELECT count(DISTINCT number) FROM document WHERE kind = 'return'")" "40" "distinct numbers"
expect_eq "$(sql "SELECT last FROM counter WHERE kind = 'return' AND year = $YEAR")" "40" "counter"
expect_eq "$(sql "SELECT count(*) FROM stock_move WHERE kind = 'return'")" "0" "cables are not stock-tracked"

finish
