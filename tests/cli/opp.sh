#!/usr/bin/env bash
# Opportunities end to end: add, edit, stage, lines, competitors, custom
# fields, show, list with filters; subtypes, stages and fields; every bad
# input refused with one sentence and nothing changed.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
ME=$(id -un)
sql "INSERT INTO user(login, name, role_id, created_at) VALUES
     ('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'),
     ('nima', 'نیما رضایی', 3, '2025-01-01T00:00:00Z')"
run --format json date today
YEAR=$(json 'j["jalali"][:4]')
TODAY=$(json 'j["gregorian"]')

run contact add --name "علی کریمی" --mobile 09121234567
expect_rc 0; ALI=$OUT
run contact add --name "علی رضایی"
expect_rc 0
run contact add --name "شرکت فولاد مبارکه" --kind org
expect_rc 0; FOOLAD=$OUT
run product add --code LAPTOP --name "لپ‌تاپ ایسوس" --price 10000000
expect_rc 0
run product add --code SRV --name "نصب و راه‌اندازی" --kind service
expect_rc 0
run product add --code OLD --name "چاپگر قدیمی" --price 5000000 --not-sellable
expect_rc 0
run campaign add "نمایشگاه الکامپ"
expect_rc 0

# ---- add -----------------------------------------------------------------
run opp add --contact "علی کریمی" --title "خرید لپ‌تاپ برای دفتر مرکزی" --type "سفارش انبوه" \
    --source exhibition --campaign "نمایشگاه الکامپ" --close-date ۱۴۰۰/۰۳/۰۱ --probability ۴۰ \
    --purchase-process group --competitor "شرکت فولاد مبارکه" --competitor "رایانه پارس"
expect_rc 0; expect_out_is "1"
expect_eq "$(sql "SELECT number FROM opportunity WHERE id = 1")" "OPP-$YEAR-000001" "number"
expect_eq "$(sql "SELECT count(*) FROM stage_log WHERE opp_id = 1 AND from_stage_id IS NULL")" "1" "creation logged"
run --format json opp show OPP-$YEAR-000001
expect_rc 0
expect_eq "$(json 'j["title"]')" "خرید لپ‌تاپ برای دفتر مرکزی" "title"
expect_eq "$(json 'j["contact"]')" "علی کریمی" "contact"
expect_eq "$(json 'j["subtype"]')" "default" "subtype"
expect_eq "$(json 'j["stage"]')" "contact" "first stage"
expect_eq "$(json 'j["type"]')" "bulk" "type"
expect_eq "$(json 'j["assigned"]')" "$ME" "assigned defaults to the creator"
expect_eq "$(json 'j["source"]')" "exhibition" "source"
expect_eq "$(json 'j["campaign"]')" "نمایشگاه الکامپ" "campaign"
expect_eq "$(json 'j["close_date"]')" "2021-05-22" "close date (Jalali in, ISO out)"
expect_eq "$(json 'j["probability"]')" "40" "probability"
expect_eq "$(json 'j["purchase_process"]')" "group" "purchase process"
expect_eq "$(json 'j["version"]')" "1" "version"
expect_eq "$(json '[c["name"] for c in j["competitors"]]')" "['شرکت فولاد مبارکه', 'رایانه پارس']" "competitors"
expect_eq "$(json 'j["competitors"][0]["identity_id"]')" "$FOOLAD" "organization linked"
expect_eq "$(json 'j["competitors"][1]["identity_id"]')" "None" "free-text competitor"
expect_eq "$(json 'j["final_amount"], j["amount_manual"], j["expected_amount"]')" "(0, False, 0)" "no amount yet"

# JSON output of add is the whole record.
run --format json opp add --contact "$ALI" --title "تمدید پشتیبانی شبکه" --amount "۵٬۰۰۰٬۰۰۰" --probability 50
expect_rc 0
expect_eq "$(json 'j["number"], j["final_amount"], j["amount_manual"], j["expected_amount"]')" \
    "('OPP-$YEAR-000002', 5000000, True, 2500000)" "add as JSON"

# ---- lines (SPEC §6.2 worked example) --------------------------------------
run opp line add 1 --product LAPTOP --qty 4 --discount-percent 3
expect_rc 0; expect_out_is "1"
run opp line add 1 --product SRV --qty 1.5 --price "2,000,000" --discount 300000 --description "نصب در محل"
expect_rc 0; expect_out_is "2"
run --format json opp show 1
expect_eq "$(json '[(l["product_code"], l["qty"], l["unit_price"], l["total"], l["discount"], l["final"]) for l in j["lines"]]')" \
    "[('LAPTOP', 4, 10000000, 40000000, 1200000, 38800000), ('SRV', 1.5, 2000000, 3000000, 300000, 2700000)]" "lines"
expect_eq "$(json 'j["lines"][1]["discount_bp"]')" "1000" "percent computed from the amount"
expect_eq "$(json 'j["final_amount"], j["amount_manual"], j["expected_amount"]')" "(41500000, False, 16600000)" \
    "amount is the sum of the lines"
run opp line list 1
expect_rc 0; expect_out "38,800,000"; expect_out "41,500,000"; expect_out "لپ‌تاپ ایسوس"
run opp line move 1 2 1
expect_rc 0
expect_eq "$(sql "SELECT group_concat(p.code, ',') FROM (SELECT product_id FROM opp_line WHERE opp_id = 1 ORDER BY position) l JOIN product p ON p.id = l.product_id")" \
    "SRV,LAPTOP" "moved line"
run opp line edit 1 1 --qty 3
expect_rc 0
expect_eq "$(sql "SELECT total, discount, final FROM opp_line WHERE opp_id = 1 AND position = 1")" "6000000|600000|5400000" \
    "edited line keeps its percentage"
run opp line remove 1 1
expect_rc 0
expect_eq "$(sql "SELECT count(*), sum(final) FROM opp_line WHERE opp_id = 1")" "1|38800000" "line removed"
expect_eq "$(sql "SELECT final_amount FROM opportunity WHERE id = 1")" "38800000" "amount follows the lines"
run opp line add 1 --product OTHER --qty 2 --price 150000 --name "کابل شبکه"
expect_rc 0
expect_eq "$(sql "SELECT name FROM opp_line WHERE opp_id = 1 AND position = 2")" "کابل شبکه" "Other renamed"

# Manual amount and back.
run opp edit 1 --amount 50000000
expect_rc 0
expect_eq "$(sql "SELECT final_amount, amount_manual FROM opportunity WHERE id = 1")" "50000000|1" "manual amount"
run opp edit 1 --amount-auto
expect_rc 0
expect_eq "$(sql "SELECT final_amount, amount_manual FROM opportunity WHERE id = 1")" "39100000|0" "automatic again"

# ---- competitors -----------------------------------------------------------
run opp competitor add 1 "داده‌پردازان" --note "قیمت پایین‌تر"
expect_rc 0
run opp competitor list 1
expect_rc 0; expect_out "داده‌پردازان"; expect_out "قیمت پایین‌تر"
run opp competitor remove 1 "رایانه پارس"
expect_rc 0
expect_eq "$(sql "SELECT group_concat(name, ',') FROM opp_competitor WHERE opp_id = 1")" "شرکت فولاد مبارکه,داده‌پردازان" \
    "competitor removed"

# ---- stages and reasons ------------------------------------------------------
run opp stage 1 won --reason quality
expect_rc 0
expect_eq "$(sql "SELECT won_at, lost_at IS NULL FROM opportunity WHERE id = 1")" "$TODAY|1" "win date today"
run --format json opp show 1
expect_eq "$(json 'j["stage"], j["win_reason"], j["won_at"], j["days_to_close"]')" "('won', 'quality', '$TODAY', 0)" "won"
run opp stage 1 "ناموفق" --reason "رقیب"
expect_rc 0
expect_eq "$(sql "SELECT won_at IS NULL, win_reason_id IS NULL, lost_at FROM opportunity WHERE id = 1")" "1|1|$TODAY" \
    "lost clears the win"
expect_eq "$(sql "SELECT key FROM list_item WHERE id = (SELECT loss_reason_id FROM opportunity WHERE id = 1)")" "competitor" \
    "loss reason"
run opp stage 1 negotiation
expect_rc 0
expect_eq "$(sql "SELECT lost_at IS NULL, loss_reason_id IS NULL FROM opportunity WHERE id = 1")" "1|1" "reopened"
expect_eq "$(sql "SELECT count(*) FROM stage_log WHERE opp_id = 1")" "4" "stage log rows"

# ---- custom fields -----------------------------------------------------------
run field add payment --type choice --fa "شیوه پرداخت" --en "Payment method" --choices "نقدی،اقساطی,چک" --required
expect_rc 0
run field add deadline --type date --fa "مهلت پرداخت" --en "Deadline"
expect_rc 0
run field list
expect_rc 0; expect_out "payment"; expect_out "نقدی,اقساطی,چک"
snapshot
run opp edit 1 --probability 60
expect_refused 2 "Payment method"
run opp field set 1 "payment=نسیه"
expect_refused 2 "Payment method: must be one of"
run opp field set 1 "deadline=1404/12/30"
expect_refused 2 "Deadline"
run opp edit 1 --probability 60 --field "شیوه پرداخت=اقساطي" --field deadline=1404/12/29
expect_rc 0
run --format json opp show 1
expect_eq "$(json 'j["fields"]')" "{'payment': 'اقساطی', 'deadline': '2026-03-20'}" "custom values"
run opp show 1
expect_out "Payment method: اقساطی"; expect_out "Deadline: 1404/12/29"
run opp field set 1 deadline=
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM opp_field_value WHERE opp_id = 1")" "1" "value cleared"
# A disabled field is no longer required (its stored values stay).
run field disable payment
expect_rc 0

# ---- history -----------------------------------------------------------------
expect_eq "$(sql "SELECT old_value || ' > ' || new_value FROM change_log WHERE item_id = 1 AND field = 'probability'")" \
    "40 > 60" "history of probability"
run --format json opp show 1 --history
expect_rc 0
expect_eq "$(json 'len([h for h in j["history"] if h["field"] == "stage_log"])')" "4" "stage log in the history"
run opp show 1 --history
expect_rc 0; expect_out "probability"; expect_out "field.payment"

# ---- version conflict --------------------------------------------------------
V=$(sql "SELECT version FROM opportunity WHERE id = 1")
run opp edit 1 --title "عنوان تازه" --version "$V"
expect_rc 0
snapshot
run opp edit 1 --title "عنوان کهنه" --version "$V"
expect_refused 4 "someone else saved it since you opened it (version $V → $((V + 1)))"

# ---- bad input: exit 2, one sentence naming the field, nothing changed --------
snapshot
run opp add --contact "علی کریمی"
expect_refused 2 "title"
run opp add --contact "ناشناس" --title "فرصت"
expect_refused 2 "contact"
run opp add --contact "علی" --title "فرصت"
expect_refused 2 "ambiguous"
run opp add --title "فرصت"
expect_refused 2 "contact"
run opp add --contact "علی کریمی" --title "فرصت" --probability 101
expect_refused 2 "probability"
run opp add --contact "علی کریمی" --title "فرصت" --amount -5
expect_refused 2 "amount"
run opp add --contact "علی کریمی" --title "فرصت" --amount "12abc"
expect_refused 2 "amount"
run opp add --contact "علی کریمی" --title "فرصت" --close-date 1405/13/01
expect_refused 2 "close_date"
run opp add --contact "علی کریمی" --title "فرصت" --close-date "فردا پس"
expect_refused 2 "close_date"
run opp add --contact "علی کریمی" --title "$(printf 'ب%.0s' $(seq 201))"
expect_refused 2 "title"
run opp add --contact "علی کریمی" --title "فرصت" --frobnicate
expect_refused 2 "unknown option"
run opp edit 2 --reason price
expect_refused 2 "reason"
run opp stage 2 negotiation --reason price
expect_refused 2 "reason"
run opp add --contact "علی کریمی" --title "فرصت" --type "ناموجود"
expect_refused 2 "type"
run list disable source advertising
expect_rc 0
snapshot
run opp edit 2 --source advertising
expect_refused 2 "source"
run opp line add 2 --product OLD --qty 1
expect_refused 2 "OLD"
run opp line add 2 --product SRV --qty 1
expect_refused 2 "price"
run opp line add 2 --product LAPTOP --qty 0
expect_refused 2 "qty"
run opp line add 2 --product LAPTOP --qty 1 --discount 20000000
expect_refused 2 "discount"
run opp line add 2 --product LAPTOP --qty 1 --discount 1 --discount-percent 1
expect_refused 2 "discount"
run opp line add 2 --product LAPTOP --qty 1 --name "لپ‌تاپ دیگر"
expect_refused 2 "name"
run opp line remove 2 5
expect_refused 2 "line"
run opp show 99
expect_refused 4 "not found"
run opp frobnicate
expect_refused 2 "unknown command"

# ---- permissions and visibility ----------------------------------------------
run --as sara opp add --contact "علی کریمی" --title "فرصت سارا"
expect_rc 0; SARA_OPP=$OUT
snapshot
run --as sara opp line add "$SARA_OPP" --product LAPTOP --qty 1 --price 9000000
expect_refused 3 "opp.edit_price"
run --as nima opp show "$SARA_OPP"
expect_refused 4 "not found"
run --as nima opp edit "$SARA_OPP" --probability 10
expect_refused 4 "not found"
run --as sara stage add extra --fa "مرحله اضافه"
expect_refused 3 "admin.model"
run --as nima --format json opp list
expect_rc 0; expect_eq "$(json 'j["totals"]["count"]')" "0" "nima sees none"
run --as sara opp edit "$SARA_OPP" --assigned nima
expect_rc 0
run --as nima --format json opp list
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[$SARA_OPP]" "nima sees what he is assigned"

# ---- list ----------------------------------------------------------------------
run opp list
expect_rc 0; expect_out "OPP-$YEAR-000001"; expect_out "total: 3"
run --format json opp list
expect_eq "$(json 'j["totals"]["count"], j["totals"]["final"], j["totals"]["expected"]')" "(3, 44100000, 25960000)" "totals"
run --format json opp list --overdue
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "overdue"
run --format json opp list --overdue --not
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[2, $SARA_OPP]" "inverse of overdue"
run --format json opp list --product LAPTOP
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "by product"
run --format json opp list --stage negotiation
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "by stage"
run --format json opp list --status open --assigned nima
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[$SARA_OPP]" "by assigned"
run --format json opp list --text "کریمی"
expect_eq "$(json 'j["totals"]["count"]')" "3" "text: contact name"
run --format json opp list --text "تمدید"
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[2]" "text: title start"
run --format json opp list --close-from 1400/01/01 --close-to 1400/12/29
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "close-date range"
run --format json opp list --campaign "نمایشگاه الکامپ" --type bulk
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "campaign and type"
run --format json opp list --limit 2
expect_eq "$(json 'len(j["rows"]), j["next_after"], j["totals"]["count"]')" "(2, 2, 3)" "first page"
run --format json opp list --limit 2 --after 2
expect_eq "$(json '[r["id"] for r in j["rows"]], j["next_after"]')" "([$SARA_OPP], None)" "second page"
run --format csv opp list --limit 1
expect_rc 0; expect_out '"id","number","title"'
run opp stage 2 lost --reason no_budget
expect_rc 0
run --format json opp list --reason no_budget
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[2]" "by reason"
run --format json opp list --lost-from today --lost-to today
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[2]" "lost today"
run --format json opp list --realized-min 1
expect_eq "$(json 'j["totals"]["count"]')" "0" "nothing realized yet"
# An approved invoice issued from the opportunity is its realized amount.
run opp invoice 1
expect_rc 0; INV=$OUT
run doc approve "$INV"
expect_rc 0
run --format json opp list --realized-min 39100000 --realized-max "39,100,000"
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "by realized amount"
run --format json opp list --realized-max 0
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[2, $SARA_OPP]" "nothing realized"
run --format json opp show 1
expect_eq "$(json 'j["realized_amount"]')" "39100000" "realized amount in show"
snapshot
run opp list --limit 0
expect_refused 2 "limit"
run opp list --close-from 1400/02/31x
expect_refused 2 "close date from: "
run opp list --won-to 1405/13/01
expect_refused 2 "won to: "
run opp list --realized-min abc
expect_refused 2 "realized from: "
run --lang fa opp list --lost-from 1405/13/01
expect_refused 2 "شکست از: "

# ---- subtypes, stages, fields -------------------------------------------------------
run subtype add project --fa "فرصت پروژه‌ای" --en "Project opportunity"
expect_rc 0; PROJECT=$OUT
expect_eq "$(sql "SELECT group_concat(key, ',') FROM (SELECT key FROM stage WHERE subtype_id = $PROJECT ORDER BY position)")" \
    "contact,needs,proforma,negotiation,won,lost" "new subtype copies the chain"
run subtype list
expect_rc 0; expect_out "فرصت پروژه‌ای"
run subtype rename project --fa "پروژه"
expect_rc 0
expect_eq "$(sql "SELECT title_fa, title_en FROM subtype WHERE id = $PROJECT")" "پروژه|Project opportunity" "renamed"
run stage add tender --fa "مناقصه" --en "Tender" --position 2 --subtype project
expect_rc 0
expect_eq "$(sql "SELECT group_concat(key, ',') FROM (SELECT key FROM stage WHERE subtype_id = $PROJECT ORDER BY position)")" \
    "contact,tender,needs,proforma,negotiation,won,lost" "stage inserted"
run stage move tender 5 --subtype project
expect_rc 0
expect_eq "$(sql "SELECT position FROM stage WHERE subtype_id = $PROJECT AND key = 'tender'")" "5" "stage moved"
run stage rename tender --en "Public tender" --subtype project
expect_rc 0
run --format json opp add --contact "علی کریمی" --title "پروژه شهرداری" --subtype project --stage tender
expect_rc 0; P=$(json 'j["id"]')
expect_eq "$(json 'j["subtype"], j["stage"]')" "('project', 'tender')" "added in the project subtype"
snapshot
run stage disable tender --subtype project
expect_refused 2 "replace"
run stage disable won --subtype project
expect_refused 2 "won"
# Open opportunities never land in a final stage without a reason.
run stage disable tender --subtype project --replace won
expect_refused 2 "same kind"
run stage delete tender --subtype project --replace lost
expect_refused 2 "same kind"
run stage disable tender --subtype project --replace "ارسال پیش‌فاکتور"
expect_rc 0; expect_out "1 opportunity moved"
expect_eq "$(sql "SELECT s.key FROM opportunity o JOIN stage s ON s.id = o.stage_id WHERE o.id = $P")" "proforma" "moved"
expect_eq "$(sql "SELECT count(*) FROM stage_log WHERE opp_id = $P")" "2" "move logged"
snapshot
run opp edit "$P" --stage tender
expect_refused 2 "stage"
run stage enable tender --subtype project
expect_rc 0
run opp stage "$P" tender
expect_rc 0
run stage delete tender --subtype project --replace negotiation
expect_rc 0
run stage list --subtype project
expect_rc 0; expect_no_out "tender"
expect_eq "$(sql "SELECT deleted FROM stage WHERE key LIKE 'tender~%'")" "1" "deleted stage kept for the log"
run stage add tender --fa "مناقصه" --subtype project
expect_rc 0
# Another subtype without a stage: the stage with the same key there; the
# old subtype's custom values go (and are recorded).
run --format json opp edit 1 --subtype project
expect_rc 0
expect_eq "$(json 'j["subtype"], j["stage"], j["fields"]')" "('project', 'negotiation', {})" "subtype changed"
expect_eq "$(sql "SELECT count(*) FROM change_log WHERE item_id = 1 AND field = 'field.payment' AND new_value IS NULL")" \
    "1" "dropped value recorded"
run subtype default project
expect_rc 0
run --format json opp add --contact "علی کریمی" --title "در زیرنوع پیش‌فرض تازه"
expect_eq "$(json 'j["subtype"]')" "project" "new default subtype"
run subtype default default
expect_rc 0
run field add seats --type number --fa "تعداد کاربران" --subtype project
expect_rc 0
run field list --all
expect_rc 0; expect_out "payment"
snapshot
run field add bad --type colour --fa "رنگ"
expect_refused 2 "type"
run field add "bad key" --type text --fa "کلید"
expect_refused 2 "key"
run field add pick --type choice --fa "انتخاب"
expect_refused 2 "choices"
run subtype add default --fa "تکراری"
expect_refused 4 "default"

# ---- hostile text ---------------------------------------------------------------
# What a terminal would obey never reaches the database: ESC sequences, BEL,
# C1 (U+009B is CSI), bidi overrides; the visible text stays.
run --format json opp add --contact "علی کریمی" --title "$(printf 'Evil\033[31mRED\342\200\256abc\a\302\233X')"
expect_rc 0
HOSTILE=$(json 'j["id"]')
expect_eq "$(sql "SELECT title FROM opportunity WHERE id = $HOSTILE")" "Evil[31mREDabcX" "stored title without controls"
# Text an older version stored (written here behind forsat's back) is
# escaped in JSON and sanitised in CSV written to a terminal.
sql "UPDATE opportunity SET title = 'Old' || char(27) || '[2J' || char(155) || 'x' || char(8238) || 'y' WHERE id = $HOSTILE"
run --format json opp show $HOSTILE
expect_rc 0
check; grep -qF 'Old\u001b[2J\u009bx\u202ey' "$T/out" || fail "JSON does not escape the controls: $(grep -o '"title":"[^"]*"' "$T/out")"
expect_eq "$(json 'j["title"]')" "$(printf 'Old\033[2J\302\233x\342\200\256y')" "JSON decodes to the stored text"
script -qec "'$FORSAT' --format csv opp list --after $((HOSTILE - 1)) --limit 1" /dev/null >"$T/tty" 2>&1
check; grep -q "Old\[2Jxy" "$T/tty" || fail "CSV on a terminal not sanitised: $(grep -a Old "$T/tty" | od -c | head -3)"
check; ! grep -qaP '\x1b\[2J|\xc2\x9b|\xe2\x80\xae' "$T/tty" || fail "CSV on a terminal carries controls"
"$FORSAT" --format csv opp list --after $((HOSTILE - 1)) --limit 1 >"$T/file.csv"
check; grep -qaP 'Old\x1b\[2J' "$T/file.csv" || fail "CSV to a file should keep the stored text as it is"


# ---- bulk-add: one opportunity for each of many identities -----------------------
run contact add --name "مریم حسینی"
expect_rc 0; MARYAM=$OUT
run contact add --name "رضا احمدی"
expect_rc 0; REZA=$OUT
BEFORE=$(sql "SELECT count(*) FROM opportunity")
LASTNUM=$(sql "SELECT max(number) FROM opportunity")
printf '%s\n\n%s\n%s\n' "مریم حسینی" "$REZA" "شرکت فولاد مبارکه" >"$T/contacts.txt"
snapshot
run --format json opp bulk-add --contacts-from "$T/contacts.txt" --title "تمدید قرارداد پشتیبانی" \
    --line LAPTOP=2 --line SRV --probability 30 --close-date ۱۴۰۵/۰۳/۰۱
expect_refused 2 "line 2"
run opp bulk-add --contacts-from "$T/contacts.txt" --title "تمدید قرارداد پشتیبانی" --line LAPTOP=2 \
    --probability 30 --close-date ۱۴۰۵/۰۳/۰۱ --source exhibition
expect_rc 0
expect_eq "$(echo "$OUT" | wc -l)" "3" "one id a line"
IDS=$(echo "$OUT" | paste -sd,)
expect_eq "$(sql "SELECT count(*) FROM opportunity")" "$((BEFORE + 3))" "three created"
expect_eq "$(sql "SELECT group_concat(i.name, '|') FROM (SELECT i.name FROM opportunity o JOIN identity i ON i.id = o.identity_id WHERE o.id IN ($IDS) ORDER BY o.id) i")" \
    "مریم حسینی|رضا احمدی|شرکت فولاد مبارکه" "contacts in order"
expect_eq "$(sql "SELECT DISTINCT title || '|' || probability || '|' || final_amount FROM opportunity WHERE id IN ($IDS)")" \
    "تمدید قرارداد پشتیبانی|30|20000000" "template copied with the line sum"
expect_eq "$(sql "SELECT count(*) FROM opp_line l JOIN product p ON p.id = l.product_id WHERE opp_id IN ($IDS) AND p.code = 'LAPTOP' AND qty = 20000")" \
    "3" "a line each"
N1=$(sql "SELECT number FROM opportunity WHERE id IN ($IDS) ORDER BY id LIMIT 1")
expect_eq "${N1##*-}" "$(printf '%06d' $((10#${LASTNUM##*-} + 1)))" "numbers continue the sequence"
expect_eq "$(sql "SELECT count(*) FROM stage_log WHERE opp_id IN ($IDS) AND from_stage_id IS NULL")" "3" "each logged"
# --contact is repeatable; standard input works too; JSON lists them.
"$FORSAT" --format json opp bulk-add --contacts-from - --contact "$MARYAM" --title "بازدید دوره‌ای" \
    >"$T/out" 2>"$T/err" <<<"علی کریمی"
RC=$?
expect_rc 0
expect_eq "$(json '[o["contact"] for o in j]')" "['مریم حسینی', 'علی کریمی']" "JSON list with contacts"
expect_eq "$(json 'j[0]["number"] < j[1]["number"]')" "True" "consecutive numbers"
# Bad input exits 2 and writes nothing.
snapshot
run opp bulk-add --contact "$MARYAM" --contact "مریم حسینی" --title "تکراری"
expect_refused 2 "more than once"
printf '%s\n%s\n' "مریم حسینی" "ناشناس هیچ‌کس" >"$T/bad.txt"
run opp bulk-add --contacts-from "$T/bad.txt" --title "ناشناس"
expect_refused 2 "line 2"
run opp bulk-add --contacts-from "$T/nothing.txt" --title "بی‌پرونده"
expect_refused 2 "contacts-from"
run opp bulk-add --title "بی‌مخاطب"
expect_refused 2 "--contacts-from"
run opp bulk-add --contact "$MARYAM" --contact "$REZA"
expect_refused 2 "title"
run opp bulk-add --contact "$MARYAM" --title "محصول بد" --line NOPE=1
expect_refused 2 "product"
run opp bulk-add --contact "$MARYAM" --contact 99999 --title "شناسه بد"
expect_refused 2 "99999"
# Without bulk_edit (a sales rep): refused, nothing written.
run --as sara opp bulk-add --contact "$MARYAM" --contact "$REZA" --title "بدون مجوز"
expect_refused 3 "bulk_edit"

finish
