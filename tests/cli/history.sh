#!/usr/bin/env bash
# The change history as a user reads it (SPEC §8 "Changes", §9): field
# labels, list items and stages by label, users by name, dates in the
# chosen calendar and digits, amounts with separators; CSV/JSON keep the
# stored values next to the display text.  And --currency toman (SPEC §9):
# amounts shown in Toman, stored and exported in Rial.
. "$(dirname "$0")/lib.sh"
ME=$(id -un)
TODAY=$(date +%F)

run init
expect_rc 0
run user add sara --name "سارا احمدی" --role sales_rep
expect_rc 0
run contact add --name "علی کریمی"
expect_rc 0
run opp add --contact "علی کریمی" --title "خرید لپ‌تاپ" --amount 50000000 --probability 40
expect_rc 0
run opp edit 1 --amount 60000000 --assigned sara
expect_rc 0
run opp stage 1 lost --reason competitor
expect_rc 0
J_TODAY=$("$FORSAT" date "$TODAY" | grep -o '1[0-9]\{3\}/[0-9]\{2\}/[0-9]\{2\}' | head -1)
P_TODAY=$(printf '%s' "$J_TODAY" | sed 'y/0123456789/۰۱۲۳۴۵۶۷۸۹/')

# ---- English -------------------------------------------------------------------
run --lang en history opp 1
expect_rc 0
expect_out "Loss reason"; expect_out "Competitor"; expect_out "Lost on"; expect_out "$J_TODAY"
expect_out "Final amount"; expect_out "50,000,000"; expect_out "60,000,000"
expect_out "Assigned to"; expect_out "سارا احمدی"
for raw in loss_reason lost_at final_amount competitor "$TODAY" " lost " stage_log; do
    expect_no_out "$raw"
done
# Old and new in their own columns, in that order: "Establishing contact" then "Lost".
check; grep -qE '  Stage +Establishing contact +Lost *$' "$T/out" || fail "stage row: $(grep Stage "$T/out")"
check; grep -qE "^$J_TODAY [0-9]{2}:[0-9]{2} " "$T/out" || fail "when: $(sed -n 2p "$T/out")"

# ---- Persian --------------------------------------------------------------------
run --lang fa history opp 1
expect_rc 0
expect_out "دلیل شکست"; expect_out "رقیب"; expect_out "مرحله فروش"; expect_out "ناموفق"; expect_out "مبلغ نهایی"
expect_no_out "loss_reason"; expect_no_out "Competitor"
run --lang fa --digits persian history opp 1
expect_rc 0
expect_out "$P_TODAY"; expect_out "۵۰٬۰۰۰٬۰۰۰"; expect_out "۶۰٬۰۰۰٬۰۰۰"

# ---- JSON and CSV: stored values for scripts, display text next to them ---------
run --lang en --format json history opp 1
expect_rc 0
expect_eq "$(json '[(c["field"], c["old"], c["new"], c["label"], c["new_text"]) for c in j if c["field"] == "loss_reason"]')" \
    "[('loss_reason', None, 'competitor', 'Loss reason', 'Competitor')]" "loss reason in JSON"
expect_eq "$(json '[(c["old"], c["new"], c["old_text"], c["new_text"]) for c in j if c["field"] == "final_amount"]')" \
    "[('50000000', '60000000', '50,000,000', '60,000,000')]" "amount in JSON"
expect_eq "$(json '[(c["new"], c["new_text"]) for c in j if c["field"] == "lost_at"]')" \
    "[('$TODAY', '$J_TODAY')]" "date in JSON"
expect_eq "$(json '[(c["user"], c["user_name"]) for c in j][0][0]')" "$ME" "login in JSON"
run --lang fa --format csv history opp 1
expect_rc 0
expect_out '"at","user","field","old","new","user_name","label","old_text","new_text"'
check; grep -q '"loss_reason",.*"competitor",.*"دلیل شکست",.*"رقیب"' "$T/out" || fail "CSV row: $(grep loss_reason "$T/out")"

# A contact's history: labels there too.
run contact edit 1 --email ali@example.com
expect_rc 0
run --lang en history contact 1
expect_rc 0; expect_out "Email"; expect_out "ali@example.com"; expect_no_out " email "

# ---- --currency toman -----------------------------------------------------------
run opp add --contact "علی کریمی" --title "تمدید پشتیبانی" --amount 50000000
expect_rc 0
run --lang en --currency toman opp show 2
expect_rc 0; expect_out "final amount: 5,000,000 Toman"; expect_no_out "50,000,000"
run --lang fa --digits persian --currency toman opp show 2
expect_rc 0; expect_out "۵٬۰۰۰٬۰۰۰ تومان"
run --lang en --currency toman opp list
expect_rc 0
expect_out "final amount (Toman)"
# The total of the list: 60,000,000 + 50,000,000 Rial = 11,000,000 Toman.
check; tail -1 "$T/out" | grep -q "11,000,000" || fail "list total: $(tail -1 "$T/out")"
expect_no_out "110,000,000"
run --lang en --currency toman history opp 1
expect_rc 0; expect_out "6,000,000 Toman"
run --lang en --currency rial opp show 2
expect_rc 0; expect_out "final amount: 50,000,000 ("
# Exports stay in Rial.
run --currency toman --format json opp show 2
expect_rc 0; expect_eq "$(json 'j["final_amount"]')" "50000000" "JSON stays in Rial"
run --currency toman --format csv opp list
expect_rc 0; expect_out "50000000"; expect_no_out "5000000,"
# Input in Toman is still taken by its unit word.
run --currency toman opp edit 2 --amount "7,000,000 toman"
expect_rc 0
expect_eq "$(sql "SELECT final_amount FROM opportunity WHERE id = 2")" "70000000" "Toman input stored in Rial"
run --currency dollar opp show 2
expect_rc 2; expect_err "--currency"

finish
