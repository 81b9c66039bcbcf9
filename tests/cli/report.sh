#!/usr/bin/env bash
# Reports end to end with figures worked out by hand: pipeline (counts,
# sums, cards, overdue, the 30-day window of the final columns), moving a
# card, forecast per month/user/stage, won/lost, cycle time, campaign
# analysis with the realized amount, the opportunity report, the bar chart
# (right to left under --lang fa), what a sales rep sees, and bad options
# refused with nothing changed.  Today is 2026-11-27 (1405/09/06).
. "$(dirname "$0")/lib.sh"
export FORSAT_TODAY=2026-11-27


run init
expect_rc 0
sql "INSERT INTO user(login, name, role_id, created_at) VALUES
     ('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'),
     ('nima', 'نیما رضایی', 3, '2025-01-01T00:00:00Z')"
run contact add --name "علی کریمی"
run contact add --name "شرکت فولاد مبارکه" --kind org
run product add --code LAPTOP --name "لپ‌تاپ ایسوس" --price 10000000
run campaign add "نمایشگاه الکامپ"
run campaign add "کمپین پاییز"

# O1  sara  contact  4 laptops = 40,000,000 × 40 % = 16,000,000   close 1405/08/29 (overdue)  الکامپ
# O2  nima  needs     5,000,000 × 50 % =  2,500,000               close 1405/09/24
# O3  sara  needs    12,000,002 × 25 % =  3,000,000.5 → 3,000,001 close 1405/10/20
# O4  sara  won 2026-11-24 (price)  2 laptops = 20,000,000 × 90 % = 18,000,000; approved invoice; الکامپ
# O5  sara  lost 2026-11-17 (competitor)  3,000,000 × 30 % = 900,000
run opp add --contact "علی کریمی" --title "خرید لپ‌تاپ" --probability 40 --close-date 1405/08/29 \
    --assigned sara --type standard --source phone --campaign "نمایشگاه الکامپ"
expect_rc 0; O1=$OUT
run opp line add "$O1" --product LAPTOP --qty 4
run opp add --contact "شرکت فولاد مبارکه" --title "تمدید پشتیبانی" --amount 5000000 --probability 50 \
    --close-date 1405/09/24 --assigned nima --stage needs --type bulk --source exhibition
expect_rc 0; O2=$OUT
run opp add --contact "علی کریمی" --title "سرور بایگانی" --amount 12000002 --probability 25 \
    --close-date 1405/10/20 --assigned sara --stage needs --type standard --source phone
expect_rc 0; O3=$OUT
run opp add --contact "شرکت فولاد مبارکه" --title "تجهیز اتاق جلسات" --probability 90 --assigned sara \
    --type standard --source phone --campaign "نمایشگاه الکامپ"
expect_rc 0; O4=$OUT
run opp line add "$O4" --product LAPTOP --qty 2
FORSAT_TODAY=2026-11-24 run opp stage "$O4" won --reason price
expect_rc 0
run opp add --contact "علی کریمی" --title "نصب شبکه" --amount 3000000 --probability 30 --assigned sara --source phone
expect_rc 0; O5=$OUT
FORSAT_TODAY=2026-11-17 run opp stage "$O5" lost --reason competitor
expect_rc 0
sql "UPDATE opportunity SET created_at = '2026-11-04T08:00:00Z' WHERE id = $O4"
run opp proforma "$O1"; PRO=$OUT
run doc approve "$PRO"
expect_rc 0
run opp invoice "$O4"; INV=$OUT
run doc approve "$INV"
expect_rc 0
run opp invoice "$O4"   # a draft: counts nowhere
expect_rc 0

# ---- pipeline ------------------------------------------------------------
run --format json report pipeline
expect_rc 0
expect_eq "$(json '[(c["stage"], c["count"], c["final"], c["expected"]) for c in j["columns"]]')" \
    "[('contact', 1, 40000000, 16000000), ('needs', 2, 17000002, 5500001), ('proforma', 0, 0, 0), ('negotiation', 0, 0, 0), ('won', 1, 20000000, 18000000), ('lost', 1, 3000000, 900000)]" \
    "pipeline columns"
expect_eq "$(json 'j["totals"]["count"], j["totals"]["final"], j["totals"]["expected"]')" \
    "(5, 80000002, 40400001)" "pipeline totals"
expect_eq "$(json 'j["since"]')" "2026-10-29" "window start"
run --format json report pipeline --cards 5
expect_eq "$(json '[(k["id"], k["overdue"]) for c in j["columns"] for k in c["cards"]]')" \
    "[($O1, True), ($O2, False), ($O3, False), ($O4, False), ($O5, False)]" "cards in order, overdue"
expect_eq "$(json 'j["columns"][1]["cards"][1]["contact"]')" "علی کریمی" "card contact"
# A 7-day window drops the loss of 2026-11-17.
run --format json report pipeline --days 7
expect_eq "$(json '[c["count"] for c in j["columns"]]')" "[1, 2, 0, 0, 1, 0]" "7-day window"
run --format json report pipeline --assigned nima
expect_eq "$(json 'j["totals"]["count"], j["totals"]["final"]')" "(1, 5000000)" "nima's board"
# The table: one row per stage, the largest Σ final gets the full bar.
run report pipeline --cards 3
expect_rc 0
expect_out "████████████████████"
expect_out "40,000,000"
expect_out "OPP-"
expect_eq "$(grep -c '^contact ' "$T/out")" "2" "contact row and its card"
BAR=$(grep '^contact ' "$T/out" | head -1 | grep -o '█*')
expect_eq "${#BAR}" "20" "full bar for the largest column"
# 17,000,002 of 40,000,000 → 68 eighths: 8 full cells and ▌.
expect_eq "$(grep '^needs ' "$T/out" | head -1 | grep -o '█*▌')" "████████▌" "needs bar"
run --lang fa report pipeline
expect_rc 0
expect_out "برقراری ارتباط"
# Right to left: padding first, the ragged end (▐) on the left, full blocks last.
expect_eq "$(grep '^needs ' "$T/out" | grep -o ' ▐█*$')" " ▐████████" "needs bar, right to left"
run --format csv report pipeline
expect_eq "$(head -1 "$T/out" | tr -d '\r"')" "stage,title,kind,count,final,expected" "CSV header (no chart)"
expect_eq "$(sed -n 2p "$T/out" | tr -d '\r"')" "contact,Establishing contact,open,1,40000000,16000000" "CSV row"

# Visibility: sara sees hers only; nima only his.
run --as sara --format json report pipeline
expect_eq "$(json '[c["count"] for c in j["columns"]]')" "[1, 1, 0, 0, 1, 1]" "sara's pipeline"
run --as nima --format json report pipeline
expect_eq "$(json 'j["totals"]["count"]')" "1" "nima's pipeline"

# ---- forecast --------------------------------------------------------------
run --format json report forecast
expect_rc 0
expect_eq "$(json 'len(j["rows"]), j["rows"][0]["month"], j["rows"][11]["month"]')" "(12, '1405/09', '1406/08')" "12 months"
expect_eq "$(json '[(r["month"], r["count"], r["final"], r["expected"]) for r in j["rows"] if r["count"]]')" \
    "[('1405/09', 1, 5000000, 2500000), ('1405/10', 1, 12000002, 3000001)]" "forecast by month"
expect_eq "$(json 'j["totals"]["final"], j["totals"]["expected"]')" "(17000002, 5500001)" "forecast totals"
run --format json report forecast --from 1405/08/01 --to 1405/08/30
expect_eq "$(json '[(r["month"], r["final"], r["expected"]) for r in j["rows"]]')" \
    "[('1405/08', 40000000, 16000000)]" "Aban: the overdue one"
run --format json report forecast --by user
expect_eq "$(json '[(r["user"], r["final"], r["expected"]) for r in j["rows"]]')" \
    "[('nima', 5000000, 2500000), ('sara', 12000002, 3000001)]" "forecast by user"
run --format json report forecast --by stage --from 1405/08/01
expect_eq "$(json '[(r["stage"], r["count"], r["final"]) for r in j["rows"]]')" \
    "[('contact', 1, 40000000), ('needs', 2, 17000002)]" "forecast by stage"
run --lang fa --digits persian report forecast
expect_out "آذر ۱۴۰۵"
expect_out "۵٬۰۰۰٬۰۰۰"

# ---- won / lost --------------------------------------------------------------
run --format json report won-lost
expect_eq "$(json '[(r["reason"], r["list"], r["won"], r["won_amount"], r["lost"], r["lost_amount"]) for r in j["rows"]]')" \
    "[('price', 'win_reason', 1, 20000000, 0, 0), ('competitor', 'loss_reason', 0, 0, 1, 3000000)]" "by reason"
run --format json report won-lost --by product
expect_eq "$(json '[(r["product"], r["won"], r["won_amount"]) for r in j["rows"]], j["totals"]')" \
    "([('LAPTOP', 1, 20000000)], {'won_amount': 20000000, 'lost_amount': 0})" "by product"
run --format json report won-lost --by source --from 1405/09/01
expect_eq "$(json '[(r["source"], r["won"], r["lost"]) for r in j["rows"]]')" "[('phone', 1, 0)]" "period drops the loss"
run --format json report won-lost --recent
expect_eq "$(json '[(r["days"], r["won"], r["won_amount"], r["lost"]) for r in j]')" \
    "[(1, 0, 0, 0), (7, 1, 20000000, 0), (30, 1, 20000000, 1), (90, 1, 20000000, 1)]" "last 1/7/30/90 days"

# ---- cycle time --------------------------------------------------------------
run --format json report cycle --by user
expect_eq "$(json '[(r["user"], r["won"], r["average_days"], r["median_days"]) for r in j["rows"]]')" \
    "[('sara', 1, 20, 20)]" "cycle by user"
run report cycle --by source
expect_out "phone"
expect_out "20"

# ---- campaigns ---------------------------------------------------------------
run --format json report campaign
expect_eq "$(json '[(r["name"], r["opportunities"], r["won"], r["final"], r["proformas"], r["invoices"], r["realized"]) for r in j["rows"]]')" \
    "[('نمایشگاه الکامپ', 2, 1, 60000000, 1, 1, 20000000), ('کمپین پاییز', 0, 0, 0, 0, 0, 0)]" "campaign analysis"
run --as nima --format json report campaign
expect_eq "$(json 'j["totals"]["opportunities"], j["totals"]["realized"]')" "(0, 0)" "nima sees none of them"

# ---- the opportunity report ----------------------------------------------------
run --format json report list --status won
expect_eq "$(json '[r["id"] for r in j["rows"]], j["totals"]["final"]')" "([$O4], 20000000)" "report list"
run --format csv report list --overdue
expect_eq "$(tail -n +2 "$T/out" | wc -l)" "1" "CSV export of the overdue ones"

# ---- moving a card -------------------------------------------------------------
run report move "$O2" next
expect_rc 0; expect_out_is "proforma"
run --format json report move "$O2" prev
expect_eq "$(json 'j["stage"], j["stage_kind"]')" "('needs', 'open')" "moved back"
expect_eq "$(sql "SELECT count(*) FROM stage_log WHERE opp_id = $O2")" "3" "each move logged"
snapshot
run report move "$O1" prev
expect_refused 2 "already in the first stage"
run report move "$O5" next
expect_refused 2 "already in the last stage"
run --as nima report move "$O1" next
expect_refused 4 "not found"
run report move "$O1" up
expect_refused 2 "next, prev"

# ---- bad options ----------------------------------------------------------------
run report forecast --by week
expect_refused 2 "--by"
run report pipeline --days -1
expect_refused 2 "days"
run report forecast --from 1405/13/01
expect_refused 2 "from"
run report forecast --from 1405/09/01 --to 1405/08/01
expect_refused 2 "to"
run report won-lost --type nothing
expect_refused 2 "type"
run report nothing
expect_refused 2 "report nothing"

finish
