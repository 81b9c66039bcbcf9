#!/usr/bin/env bash
# Saved filters of the opportunity list from the command line: `opp list …
# --save NAME`, `opp list --filter NAME`, `filter list|show|rename|delete`;
# Persian names; each user's own; every bad input refused with one sentence
# and nothing changed.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z')"
run contact add --name "علی کریمی"
ALI=$OUT
run contact add --name "سارا تهرانی"
run opp add --contact "علی کریمی" --title "خرید سرور" --amount 900000000 --close-date 1400/01/01
run opp add --contact "سارا تهرانی" --title "قرارداد پشتیبانی" --amount 120000000 --close-date 1400/02/01
run opp add --contact "علی کریمی" --title "لپ‌تاپ" --amount 300000000 --close-date 1499/01/01
run opp list --overdue
expect_out "total: 2"

# ---- save while listing ------------------------------------------------------
NAME="فرصت‌های معوق تهران"
run --format json opp list --overdue --contact "علی کریمی" --save "  $NAME  "
expect_rc 0
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "listed as it saved"
expect_eq "$(sql "SELECT name FROM saved_filter")" "$NAME" "stored trimmed"
expect_eq "$(sql "SELECT args FROM saved_filter")" "$(printf 'forsat-filter 1\ncontact=%s\noverdue=1' "$ALI")" "stored args"
run opp list --text "کریمی" --close-from 1399/01/01 --close-to 1500/12/29 --not --save "همه جز کریمی"
expect_rc 0; expect_err "saved the filter as 2."
expect_out "قرارداد پشتیبانی"; expect_no_out "خرید سرور"

# ---- apply ---------------------------------------------------------------------
run --format json opp list --filter "$NAME"
expect_rc 0; expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "by its name"
run --format json opp list --filter "فرصتهای معوق"
expect_rc 0; expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[1]" "by the start of another spelling"
run --format json opp list --filter ۱ --limit 1
expect_rc 0; expect_eq "$(json 'j["totals"]["count"]')" "1" "by id in Persian digits"
run --format json opp list --filter "همه جز"
expect_eq "$(json '[r["id"] for r in j["rows"]]')" "[2]" "inverse kept"

# ---- filter list / show ----------------------------------------------------------
run filter list
expect_rc 0; expect_out "$NAME"; expect_out "only overdue: yes"; expect_out "contact: علی کریمی"
expect_out "close date from: 1399/01/01"
run --format json filter list
expect_eq "$(json '"|".join(r["name"] for r in j)')" "$NAME|همه جز کریمی" "listed by name"
run --format csv filter list
expect_rc 0; expect_out '"id","name","fields"'
expect_out '"2","همه جز کریمی","close date from: 1399/01/01; close date to: 1500/12/29; text: کریمی; inverse: yes"'
run filter show "$NAME"
expect_rc 0; expect_out "name: $NAME"; expect_out "contact: علی کریمی ($ALI)"
run --format json filter show "همه جز کریمی"
expect_eq "$(json 'j["filter"]["close_from"], j["filter"]["text"], j["filter"]["invert"]')" \
    "('2020-03-20', 'کریمی', True)" "shown as stored"
run --lang fa filter show "$NAME"
expect_rc 0; expect_out "علی کریمی"

# ---- every bad input: exit 2, one sentence, nothing changed -----------------------
snapshot
run opp list --filter "$NAME" --overdue
expect_refused 2 "give no other filter options"
run opp list --filter "$NAME" --text x
expect_refused 2 "give no other filter options"
run opp list --overdue --replace
expect_refused 2 "--replace goes with --save"
run opp list --filter "هیچ"
expect_refused 2 "no saved filter named"
run opp list --overdue --save "   "
expect_refused 2 "needs a name"
run opp list --overdue --save "$(printf 'ف%.0s' $(seq 101))"
expect_refused 2 "at most 100 characters"
run opp list --overdue --save "$(printf 'دو\nخط')"
expect_refused 2 "control characters"
run opp list --close-from 1405/13/01 --save "تاریخ بد"
expect_refused 2 "close date from"
run opp list --text "$(printf 'خ%.0s' $(seq 61))" --save "متن بلند"
expect_refused 2 "at most 60 characters"
run opp list --save
expect_refused 2 "save"
run filter show
expect_refused 2 "usage"
run filter show "هیچ"
expect_refused 2 "no saved filter named"
run filter rename "$NAME"
expect_refused 2 "usage"
run filter rename "$NAME" ""
expect_refused 2 "needs a name"
run filter delete "هیچ"
expect_refused 2 "no saved filter named"
run filter frobnicate
expect_refused 2 "unknown command"
run filter show ""
expect_refused 2 "name a saved filter"
# A name in use: a conflict (4) unless replacing.
run opp list --status won --save "فرصتهاي معوق تهران"
expect_refused 4 "already have a saved filter"
run filter rename "همه جز کریمی" "$NAME"
expect_refused 4 "already have a saved filter"

# ---- replace, rename, delete ----------------------------------------------------------
run --format json opp list --status open --save "$NAME" --replace
expect_rc 0; expect_eq "$(json 'j["totals"]["count"]')" "3" "replaced and listed"
expect_eq "$(sql "SELECT id || ':' || args FROM saved_filter WHERE name = '$NAME'")" \
    "$(printf '1:forsat-filter 1\nstatus=open')" "same id, new fields"
run --format json opp list --filter "$NAME" --save "باز"
expect_rc 0
expect_eq "$(sql "SELECT args FROM saved_filter WHERE name = 'باز'")" "$(printf 'forsat-filter 1\nstatus=open')" "copied"
run filter rename "باز" "فرصت‌های باز"
expect_rc 0; expect_out "renamed saved filter 3."
expect_eq "$(sql "SELECT name FROM saved_filter WHERE id = 3")" "فرصت‌های باز" "renamed"
snapshot
run filter show "فرصت‌های"
expect_refused 2 "ambiguous"
run filter delete "فرصت‌های باز"
expect_rc 0; expect_out "deleted saved filter 3."
expect_eq "$(sql "SELECT count(*) FROM saved_filter")" "2" "deleted"

# ---- each user's own ------------------------------------------------------------------
run --as sara filter list
expect_rc 0; expect_no_out "$NAME"
snapshot
run --as sara opp list --filter "$NAME"
expect_refused 2 "no saved filter named"
run --as sara filter delete 1
expect_refused 2 "no saved filter named"
run --as sara opp list --save "$NAME"
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM saved_filter WHERE name = '$NAME'")" "2" "sara's own of the same name"

# ---- stored filters gone stale or damaged --------------------------------------------------
run --format json opp list --contact "سارا تهرانی" --save "مشتری سارا"
expect_rc 0
sql "PRAGMA foreign_keys = OFF; DELETE FROM identity WHERE name = 'سارا تهرانی'"
snapshot
run opp list --filter "مشتری سارا"
expect_refused 4 "saved filter \"مشتری سارا\": the contact it filters on no longer exists"
sql "UPDATE saved_filter SET args = 'garbage' || char(10) || 'overdue=1' WHERE name = 'مشتری سارا'"
snapshot
run opp list --filter "مشتری سارا"
expect_refused 2 "is damaged"
run filter list
expect_rc 0; expect_out "is damaged"
sql "UPDATE saved_filter SET args = 'forsat-filter 2' || char(10) || 'colour=blue' || char(10) || 'overdue=1' WHERE name = 'مشتری سارا'"
run --format json opp list --filter "مشتری سارا"
expect_rc 0; expect_eq "$(json 'j["totals"]["count"]')" "2" "a newer version's unknown key ignored"

finish
