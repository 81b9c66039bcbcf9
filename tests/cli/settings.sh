#!/usr/bin/env bash
# Settings and role permissions (SPEC §7.1, §3) and `export report`:
# setting the proforma tax to ۹ percent changes a new proforma's tax while
# an old one keeps its own; bad values exit 2 and change nothing; granting
# and revoking a role's permission reaches its users; the last holder of
# admin.users is kept; `export report NAME` is the CSV of
# `--format csv report NAME`.  Today is 2026-11-27 (1405/09/06).
. "$(dirname "$0")/lib.sh"
export FORSAT_TODAY=2026-11-27

run init
expect_rc 0
run contact add --name "شرکت فولاد مبارکه" --kind org
expect_rc 0; ORG=$OUT
run product add --code LP-100 --name "لپ‌تاپ" --price 10000000
expect_rc 0

# ---- settings ----------------------------------------------------------------
run setting list
expect_rc 0; expect_out "tax.proforma"; expect_out "Tax on proformas"; expect_out "proforma_valid_days"
run --format json setting list
expect_eq "$(json '[(s["name"], s["value"], s["stored"]) for s in j if s["name"] in ("tax.proforma", "proforma_valid_days")]')" \
    "[('tax.proforma', '10', 1000), ('proforma_valid_days', '30', 30)]" "defaults"
run --format csv setting list
expect_rc 0; expect_out '"duties.invoice","Duties on invoices","0","%","0"'
run --lang fa setting list
expect_rc 0; expect_out "مالیات پیش‌فاکتورها"

# An old proforma made with the default 10 %.
run doc add --kind proforma --contact "$ORG" --date 1405/09/01
expect_rc 0; OLD=$OUT
run doc line add "$OLD" --product LP-100 --qty 1
expect_rc 0

# ۹ percent, typed in Persian digits.
run setting set tax.proforma ۹
expect_rc 0; expect_out "tax.proforma"; expect_out "900"
expect_eq "$(sql "SELECT value FROM setting WHERE key = 'tax_bp.proforma'")" "900" "stored tax"
expect_eq "$(sql "SELECT old_value || '>' || new_value || ' ' || (SELECT login FROM user WHERE id = user_id) FROM change_log WHERE item_kind = 'setting'")" \
    "1000>900 $(id -un)" "the change in the history"
run setting set proforma_valid_days ۱۵
expect_rc 0
run setting set duties_bp.invoice 1.5
expect_rc 0
expect_eq "$(sql "SELECT value FROM setting WHERE key = 'duties_bp.invoice'")" "150" "stored duties (by key)"

run doc add --kind proforma --contact "$ORG" --date 1405/09/01
expect_rc 0; NEW=$OUT
run doc line add "$NEW" --product LP-100 --qty 1
expect_rc 0
expect_eq "$(sql "SELECT tax_bp || ' ' || expiry_date FROM document WHERE id = $OLD")" "1000 2026-12-22" "old proforma"
expect_eq "$(sql "SELECT tax_bp || ' ' || expiry_date FROM document WHERE id = $NEW")" "900 2026-12-07" "new proforma"
run --format json doc show "$OLD"
expect_eq "$(json 'j["tax_bp"]')" "1000" "old proforma's tax shown"
run --format json doc show "$NEW"
expect_eq "$(json 'j["tax_bp"]')" "900" "new proforma's tax shown"
# An invoice keeps the invoice's own 10 %.
run doc add --kind invoice --contact "$ORG"
expect_rc 0
expect_eq "$(sql "SELECT tax_bp || ' ' || duties_bp FROM document WHERE id = $OUT")" "1000 150" "new invoice"

# Bad values and names exit 2 and change nothing.
snapshot
for args in "tax.proforma 101" "tax.proforma -1" "tax.proforma 9.125" "tax.proforma ده" "proforma_valid_days 0" \
            "proforma_valid_days 3651" "proforma_valid_days 2.5" "vat 9" "duties.return"; do
    run setting set $args
    expect_rc 2
done
run setting set proforma_valid_days 0
expect_refused 2 "proforma_valid_days"
run setting set tax.proforma 101
expect_refused 2 "tax.proforma"
run setting set vat 9
expect_refused 2 "not a setting"

# ---- roles -------------------------------------------------------------------
run user add sara --name "سارا احمدی" --role sales_rep
expect_rc 0
run role list
expect_rc 0; expect_out "sales_rep"; expect_out "Sales rep"
run --format json role list
expect_eq "$(json '[r["permissions"] for r in j if r["role"] == "sales_rep"][0]')" \
    "opp.select_product opp.rename_other balance.view stock.view" "sales rep's permissions"
run --as sara export contacts
expect_rc 3; expect_err "export"
run --format json role grant sales_rep export
expect_rc 0; expect_eq "$(json 'j[0]["permissions"]')" \
    "opp.select_product opp.rename_other balance.view stock.view export" "the role as printed"
expect_eq "$(sql "SELECT count(*) FROM role_perm WHERE role_id = 3 AND perm = 'export'")" "1" "granted"
run --as sara export contacts
expect_rc 0; expect_out "شرکت فولاد مبارکه"
run role revoke sales_rep balance.view
expect_rc 0
run --as sara balance --contact "$ORG"
expect_rc 3; expect_err "balance.view"
run role grant sales_rep fly
expect_rc 2; expect_err "not a permission"
run role grant boss export
expect_rc 2; expect_err "role"
snapshot
run --as sara role grant sales_rep admin.users
expect_refused 3 "admin.users"
# The admin role is the only one with admin.users: revoking it is refused.
run role revoke admin admin.users
expect_refused 4 "admin.users"
# Held by another role but by no active user: still refused.
run role grant warehouse_keeper admin.users
expect_rc 0
snapshot
run role revoke admin admin.users
expect_refused 4 "no active user"
# Held by sara's role too: it may go from either, but not from both.
run role grant sales_rep admin.users
expect_rc 0
run role revoke warehouse_keeper admin.users
expect_rc 0
run role revoke sales_rep admin.users
expect_rc 0
expect_eq "$(sql "SELECT group_concat(role_id) FROM role_perm WHERE perm = 'admin.users'")" "1" "who holds admin.users"
snapshot
run role revoke admin admin.users
expect_refused 4 "at least one role"

# ---- export report -----------------------------------------------------------
run opp add --contact "$ORG" --title "تجهیز اتاق جلسات" --amount 5000000 --probability 50 --close-date 1405/09/24
expect_rc 0
for r in "pipeline" "forecast --by stage" "campaign" "list" "won-lost" "cycle"; do
    run --format csv report $r
    expect_rc 0
    WANT=$OUT
    run export report $r
    expect_rc 0
    expect_eq "$OUT" "$WANT" "export report $r"
done
run export report list --bom
expect_rc 0
expect_eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM"
run --format csv --calendar gregorian report list
WANT=$OUT
run export report list --dates iso
expect_rc 0; expect_eq "$OUT" "$WANT" "ISO dates"
expect_out "2026-12-15"
run export report list
expect_out "1405/09/24"
run export report list --dates roman
expect_rc 2; expect_err "--dates"
run export report move 1 next
expect_rc 2; expect_err "usage"
run export report
expect_rc 2
# Exporting needs the export permission.
run role revoke sales_rep export
run --as sara export report pipeline
expect_rc 3; expect_err "export"

finish
