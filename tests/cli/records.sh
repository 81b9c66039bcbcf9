#!/usr/bin/env bash
# The records part end to end: notes and follow-ups on an opportunity, a
# contact, a document and a product; the due list (overdue first), done and
# undone, reminders typed in Jalali with Persian digits; tags; the important
# flag; the records listing; the morning view; who may see and change what;
# every refused command changes nothing.  Today is 2026-11-27 (1405/09/06).
. "$(dirname "$0")/lib.sh"
export FORSAT_TODAY=2026-11-27


run init
expect_rc 0
ME=$(id -un)
sql "INSERT INTO user(login, name, role_id, created_at) VALUES
     ('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'),
     ('nima', 'نیما رضایی', 3, '2025-01-01T00:00:00Z')"
run contact add --name "علی کریمی"
ALI=$OUT
run product add --code LAPTOP --name "لپ‌تاپ ایسوس" --price 10000000
run opp add --contact "علی کریمی" --title "خرید لپ‌تاپ" --close-date 1405/08/29 --assigned sara
OPP=$OUT
run opp line add "$OPP" --product LAPTOP --qty 2
run opp invoice "$OPP"; INV=$OUT
run doc approve "$INV"
expect_rc 0
NUM=$(sql "SELECT number FROM opportunity WHERE id = $OPP")

# ---- notes ------------------------------------------------------------------
run note add --opp "$NUM" مشتری قیمت نهایی را خواست
expect_rc 0; N1=$OUT
expect_eq "$(sql "SELECT item_kind, item_id, body FROM note WHERE id = $N1")" \
    "opportunity|$OPP|مشتری قیمت نهایی را خواست" "note stored on the opportunity"
run --as sara --format json note add --opp "$OPP" "پیش‌فاکتور ارسال شد"
expect_rc 0
expect_eq "$(json 'j["text"]')" "پیش‌فاکتور ارسال شد" "note text as JSON"
expect_eq "$(json 'j["user"], j["item_kind"]')" "('sara', 'opportunity')" "note as JSON"
run note add --contact "علی کریمی" "تغییر آدرس"
expect_rc 0
run --format json note list --opp "$OPP"
expect_eq "$(json '[n["user"] for n in j]')" "['sara', '$ME']" "newest first"
run note list --contact "$ALI"
expect_out "تغییر آدرس"
expect_out "$ME"

snapshot
run note add --opp "$OPP" "   "
expect_refused 2 "text"
run note add --opp "$OPP" --contact "$ALI" "دو مورد"
expect_refused 2 "--opp, --contact"
run note add --opp 999 "x"
expect_refused 4 "not found"
run --as nima note add --opp "$OPP" "یادداشت نیما"
expect_refused 4 "not found"
run --as nima note list --opp "$OPP"
expect_refused 4 "not found"
run note add --opp "$OPP"
expect_refused 2 "usage"

# ---- follow-ups ------------------------------------------------------------------
run followup add --opp "$OPP" --due today --remind "۱۴۰۵/۰۹/۰۷ ۰۹:۳۰" --text "تماس با آقای کریمی" --user sara
expect_rc 0; F1=$OUT
# 09:30 in Tehran is 06:00 UTC.
expect_eq "$(sql "SELECT due_from, due_to, remind_at, user_id = (SELECT id FROM user WHERE login = 'sara') FROM followup WHERE id = $F1")" \
    "2026-11-27|2026-11-27|2026-11-28T06:00:00Z|1" "follow-up stored"
run followup add --doc "$INV" --due 1405/08/25 --due-to 1405/09/01 --text "پیگیری پرداخت فاکتور" --user sara
expect_rc 0; F2=$OUT
run --format json followup add --contact "$ALI" --due +5 --text "ارسال کاتالوگ" --user sara
expect_rc 0
F3=$(json 'j["id"]')
expect_eq "$(json 'j["item"], j["due_from"], j["remind_at"], j["overdue"]')" "('علی کریمی', '2026-12-02', None, False)" "add as JSON"
run followup add --product LAPTOP --due 1405/09/05 --text "بررسی قیمت جدید"
expect_rc 0; F4=$OUT

snapshot
run followup add --opp "$OPP" --text "بدون تاریخ"
expect_refused 2 "due"
run followup add --opp "$OPP" --due 1405/09/10 --due-to 1405/09/01 --text "x"
expect_refused 2 "due_to"
run followup add --opp "$OPP" --due 1404/12/30 --text "x"
expect_refused 2 "due"
run followup add --opp "$OPP" --due today --remind "فردا" --text "x"
expect_refused 2 "remind"
run followup add --opp "$OPP" --due today
expect_refused 2 "text"
run followup add --opp "$OPP" --due today --text "x" --user nobody
expect_refused 2 "user"
run --as nima followup add --opp "$OPP" --due today --text "x"
expect_refused 4 "not found"

# Sara's due list: the overdue one (due to 1405/09/01) first, then today's;
# the catalogue (in 5 days) only looking ahead.
run --as sara --format json followup list
expect_eq "$(json '[(f["id"], f["overdue"]) for f in j]')" "[($F2, True), ($F1, False)]" "due list"
expect_eq "$(json 'j[1]["remind_at"], j[0]["item"][:4]')" "('2026-11-28 09:30', 'INV-')" "remind and item"
run --as sara --format json followup list --days 5
expect_eq "$(json '[f["id"] for f in j]')" "[$F2, $F1, $F3]" "looking 5 days ahead"
run --as sara followup list
expect_out "1405/09/07 09:30"
expect_out "پیگیری پرداخت فاکتور"
run --format json followup list
expect_eq "$(json '[f["id"] for f in j]')" "[$F4]" "my own due list"
run --format json followup list --user sara
expect_eq "$(json 'len(j)')" "2" "admin sees sara's list"
snapshot
run --as nima followup list --user sara
expect_refused 3 "permission denied"
run --as nima followup done "$F1"
expect_refused 3 "permission denied"
run followup done 999
expect_refused 4 "not found"

run --as sara followup done "$F2"
expect_rc 0
expect_eq "$(sql "SELECT done FROM followup WHERE id = $F2")" "1" "done"
run --as sara --format json followup list
expect_eq "$(json '[f["id"] for f in j]')" "[$F1]" "done ones leave the due list"
run --as sara --format json followup list --all
expect_eq "$(json '[(f["id"], f["done"]) for f in j]')" "[($F1, False), ($F3, False), ($F2, True)]" "--all"
run --as sara followup done "$F2" --undo
expect_eq "$(sql "SELECT done FROM followup WHERE id = $F2")" "0" "undone"

# ---- tags and the important flag -----------------------------------------------------
run tag add --opp "$OPP" "مشتری ویژه"
expect_rc 0
run tag add --contact "$ALI" VIP
expect_rc 0
snapshot
run tag add --opp "$OPP" "مشتري ويژه"
expect_refused 4 "already"
run tag remove --opp "$OPP" "ناموجود"
expect_refused 4 "no tag"
run tag add --opp "$OPP" " "
expect_refused 2 "tag"
run tag list --opp "$OPP"
expect_out_is "$(printf 'tag\nمشتری ویژه')"
run tag remove --opp "$OPP" "مشتري ويژه"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM tag WHERE item_kind = 'opportunity'")" "0" "tag removed by its variant"

run records important --opp "$OPP"
expect_rc 0; expect_out_is "$OPP"
expect_eq "$(sql "SELECT important FROM opportunity WHERE id = $OPP")" "1" "important"
run --format json opp show "$OPP"
expect_eq "$(json 'j["important"]')" "True" "shown on the opportunity"
snapshot
run --as nima records important --opp "$OPP" --off
expect_refused 4 "not found"
run records important --opp "$OPP" --off
expect_eq "$(sql "SELECT important FROM opportunity WHERE id = $OPP")" "0" "not important"

# ---- the records part --------------------------------------------------------------------
sql "UPDATE document SET created_at = '2026-11-20T08:00:00Z'; UPDATE note SET created_at = '2026-11-22T08:00:00Z';
     UPDATE followup SET created_at = '2026-11-23T08:00:00Z'"
run --format json records show --opp "$OPP"
expect_rc 0
expect_eq "$(json '[r["record"] for r in j]')" "['followup', 'note', 'note', 'document']" "opportunity records, newest first"
expect_eq "$(json 'j[3]["kind"], j[3]["status"], j[3]["amount"]')" "('invoice', 'approved', 20000000)" "the invoice"
run --format json records show --contact "$ALI"
expect_eq "$(json 'sorted(r["record"] for r in j)')" \
    "['document', 'followup', 'followup', 'note', 'note', 'note']" "identity records include its opportunity's"
run --as nima --format json records show --contact "$ALI"
expect_eq "$(json 'sorted(r["record"] for r in j)')" "['document', 'followup', 'note']" "nima: not the opportunity's"
run --format json records show --doc "$INV"
expect_eq "$(json '[r["id"] for r in j]')" "[$F2]" "document records"
run records show --product LAPTOP
expect_out "بررسی قیمت جدید"

# ---- morning ---------------------------------------------------------------------------
run --as sara morning
expect_rc 0
expect_out "Overdue close dates: 1"
expect_out "Follow-ups due: 2"
expect_out "$NUM"
run --as sara --format json morning
expect_eq "$(json 'j["overdue_count"], [o["id"] for o in j["overdue"]], [f["id"] for f in j["due"]]')" \
    "(1, [$OPP], [$F2, $F1])" "morning as JSON"
run --as nima --format json morning
expect_eq "$(json 'j["overdue_count"], j["due"]')" "(0, [])" "nothing for nima"

finish
