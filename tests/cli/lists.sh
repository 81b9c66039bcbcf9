#!/usr/bin/env bash
# forsat list … (system lists) and forsat campaign … from the command line.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0
# A sales rep, who may not change lists.
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z')"

order() { sql "SELECT group_concat(key, ',') FROM (SELECT key FROM list_item WHERE list = '$1' ORDER BY position)"; }
positions() { sql "SELECT group_concat(position, ',') FROM (SELECT position FROM list_item WHERE list = '$1' ORDER BY position)"; }

run list show source
expect_rc 0; expect_out "تماس تلفنی"; expect_out "Phone call"
expect_eq "$(wc -l <"$T/out")" "9" "header and 8 sources"
run --format json list show win-reason
expect_rc 0
expect_eq "$(json '[(r["position"], r["key"], r["active"]) for r in j]')" \
    "[(1, 'price', True), (2, 'quality', True), (3, 'relationship', True), (4, 'delivery_time', True)]" "win reasons"
run list show purchase_process
expect_rc 0; expect_out "تصمیم‌گیری گروهی"

# Add, rename, move.
run list add source --key instagram --fa "اینستاگرام" --en "Instagram"
expect_rc 0
expect_eq "$OUT" "$(sql "SELECT id FROM list_item WHERE key = 'instagram'")" "printed id"
expect_eq "$(sql "SELECT position FROM list_item WHERE key = 'instagram'")" "9" "added last"
run --format json list add loss-reason --fa "کیفیت پایین" --en "Low quality"
expect_rc 0; expect_eq "$(json 'j[0]["key"], j[0]["position"]')" "('low_quality', 6)" "derived key"

run list rename type bulk --fa "سفارش عمده"
expect_rc 0
expect_eq "$(sql "SELECT label_fa || '|' || label_en FROM list_item WHERE list = 'type' AND key = 'bulk'")" \
    "سفارش عمده|Bulk order" "renamed fa label only"
run --lang fa list show type
expect_out "سفارش عمده"
run list rename type "Bulk order" --en "Wholesale"
expect_rc 0
expect_eq "$(sql "SELECT label_en FROM list_item WHERE key = 'bulk'")" "Wholesale" "renamed by its label"

run list move source direct 1
expect_rc 0
expect_eq "$(order source)" "direct,phone,advertising,exhibition,referral,seminar,partner,customers,instagram" "moved first"
run list move source instagram ۲
expect_rc 0
expect_eq "$(order source)" "direct,instagram,phone,advertising,exhibition,referral,seminar,partner,customers" "moved second"
expect_eq "$(positions source)" "1,2,3,4,5,6,7,8,9" "no gaps"

# An item in use: not deleted, but disabled; it stays on the old record
# and cannot be chosen for a new one.
run contact add --name "شرکت فولاد مبارکه" --kind org --source exhibition
expect_rc 0; who=$OUT
snapshot
run list delete source exhibition
expect_rc 4; expect_err "disable it instead"; expect_err "identities"
expect_unchanged
run list disable source exhibition
expect_rc 0
expect_eq "$(sql "SELECT active FROM list_item WHERE key = 'exhibition'")" "0" "disabled"
run --format json list show source
expect_eq "$(json '[r["active"] for r in j if r["key"] == "exhibition"]')" "[False]" "shown as disabled"
run contact show "$who"
expect_rc 0; expect_out "source: Exhibition"
snapshot
run contact add --name "علی کریمی" --source exhibition
expect_rc 2; expect_err "disabled"
expect_unchanged
run list enable source exhibition
expect_rc 0
expect_eq "$(sql "SELECT active FROM list_item WHERE key = 'exhibition'")" "1" "enabled"

run list delete source seminar
expect_rc 0
expect_eq "$(order source)" "direct,instagram,phone,advertising,exhibition,referral,partner,customers" "deleted"
expect_eq "$(positions source)" "1,2,3,4,5,6,7,8" "closed up"
run list delete unit piece
expect_rc 4; expect_err "products"

# Refused commands change nothing.
snapshot
run --as sara list add source --key radio --fa "رادیو" --en "Radio"
expect_rc 3; expect_err "admin.lists"
run --as sara list rename source phone --fa "تلفن"
expect_rc 3
run --as sara list move source phone 1
expect_rc 3
run --as sara list disable source phone
expect_rc 3
run --as sara list delete source instagram
expect_rc 3
run --as sara campaign add "جشنواره پاییز"
expect_rc 3
run list show colours
expect_rc 2; expect_err "purchase-process"
run list add source --key instagram --fa "اینستا" --en "Insta"
expect_rc 4; expect_err "instagram"
run list add source --key tv --fa "تبليغات" --en "TV"
expect_rc 4; expect_err "Persian label"
run list add source --key "9x" --fa "نه" --en "Nine"
expect_rc 2; expect_err "key"
run list add source --key radio
expect_rc 2; expect_err "label"
run list rename source nosuch --fa "هیچ"
expect_rc 2; expect_err "no item"
run list rename source phone
expect_rc 2
run list move source phone 0
expect_rc 2; expect_err "position"
run list move source phone
expect_rc 2
run list delete type phone
expect_rc 2
expect_unchanged
# …and the rep still reads them.
run --as sara list show unit
expect_rc 0; expect_out "کیلوگرم"

# Campaigns.
run campaign add "جشنواره نوروز ۱۴۰۴" --start 1404/01/01 --end ۱۴۰۴/۰۱/۱۳
expect_rc 0; nowruz=$OUT
expect_eq "$(sql "SELECT start_date || ' ' || end_date FROM campaign WHERE id = $nowruz")" "2025-03-21 2025-04-02" "dates"
run campaign add "نمایشگاه کیش"
expect_rc 0
run campaign list
expect_rc 0; expect_out "1404/01/13"; expect_out "نمایشگاه کیش"
snapshot
run campaign add "نمايشگاه كيش"
expect_rc 4; expect_err "already called"
run campaign add "تابستان" --start 1404/04/01 --end 1404/03/31
expect_rc 2; expect_err "end date"
run campaign add "تابستان" --start 1404/12/30
expect_rc 2
run campaign add ""
expect_rc 2
run campaign disable "جشنواره تابستان"
expect_rc 2
expect_unchanged
run campaign disable "جشنواره نوروز"
expect_rc 0
run --format json campaign list --active
expect_eq "$(json '[r["name"] for r in j]')" "['نمایشگاه کیش']" "active campaigns"
run --format json campaign list
expect_eq "$(json '[(r["name"], r["active"]) for r in j]')" "[('جشنواره نوروز ۱۴۰۴', False), ('نمایشگاه کیش', True)]" "all campaigns"
run campaign enable "$nowruz"
expect_rc 0
expect_eq "$(sql "SELECT active FROM campaign WHERE id = $nowruz")" "1" "enabled again"

finish
