#!/usr/bin/env bash
# forsat contact add|edit|show|list|search: identities from the command line.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0

# A contact saved with Arabic yeh and kaf, a mobile in Persian digits and
# the source named by its Persian label.
run contact add --name "علي كريمي" --mobile "۰۹۱۲ ۱۲۳ ۴۵۶۷" --source "نمایشگاه" --email ali@example.ir \
    --national-id "۰۰۱۲۳۴۵۶۷۸" --address "تهران، خیابان ولیعصر"
expect_rc 0; expect_out_is "1"
expect_eq "$(sql "SELECT mobile || ' ' || national_id FROM identity WHERE id = 1")" "09121234567 0012345678" "stored numbers"
expect_eq "$(sql "SELECT li.key FROM identity i JOIN list_item li ON li.id = i.source_id")" "exhibition" "source"
expect_eq "$(sql "SELECT login FROM identity i JOIN user u ON u.id = i.owner_id")" "$(id -un)" "default owner"

run --format json contact add --name "شرکت فولاد مبارکه" --kind org --phone "031-5252 0000" --economic-code 411122223333
expect_rc 0
expect_eq "$(json 'j["id"], j["kind"], j["phone"], j["economic_code"], j["version"]')" "(2, 'org', '03152520000', '411122223333', 1)" "created record"

# Found by the standard spelling, by a word prefix, by Persian digits.
run contact search "علی کریمی"
expect_rc 0; expect_out "علي كريمي"; expect_out "09121234567"
run contact search "کریم"
expect_rc 0; expect_out "علي كريمي"; expect_no_out "فولاد"
run contact search "۰۹۱۲"
expect_rc 0; expect_out "علي كريمي"
expect_eq "$(wc -l <"$T/out")" "2" "lines for one match"
run contact search مبارکه
expect_rc 0; expect_out "شرکت فولاد مبارکه"
run --format json contact search "فولاد مب"
expect_rc 0; expect_eq "$(json '[r["id"] for r in j]')" "[2]" "json search"
run contact search "رضا کریمی"
expect_rc 0; expect_eq "$(wc -l <"$T/out")" "1" "header only when nothing matches"

# Result count and limit.
for i in $(seq 1 12); do
    run contact add --name "رضا نمونه $i" --mobile "0935000$(printf %04d "$i")"
    [ "$RC" = 0 ] || fail "adding رضا نمونه $i"
done
run --format json contact search رضا --limit 5
expect_rc 0; expect_eq "$(json 'len(j)')" "5" "limited result count"
run contact search رضا --limit 5
expect_rc 0; expect_eq "$(wc -l <"$T/out")" "6" "table lines for 5 results"; expect_err "more identities match"
run --format json contact search رضا
expect_rc 0; expect_eq "$(json 'len(j)')" "12" "default limit holds all 12"

# Show: key/value lines; JSON with every field.
run contact show 1
expect_rc 0; expect_out "name: علي كريمي"; expect_out "source: Exhibition"; expect_out "version: 1"
run --lang fa contact show 1
expect_rc 0; expect_out "نمایشگاه"
run --digits persian contact show 1
expect_rc 0; expect_out "۰۹۱۲۱۲۳۴۵۶۷"
run --format json contact show 1
expect_rc 0
expect_eq "$(json 'sorted(j.keys())')" \
    "['address', 'created_at', 'economic_code', 'email', 'id', 'kind', 'mobile', 'name', 'national_id', 'notes', 'owner', 'phone', 'source', 'updated_at', 'version']" "json keys"
expect_eq "$(json 'j["source"], j["national_id"], j["phone"]')" "('exhibition', '0012345678', None)" "json values"
run contact show "شرکت فولاد"
expect_rc 0; expect_out "شرکت فولاد مبارکه"

# An ambiguous name lists the candidates and changes nothing.
run contact add --name "محمد رضایی" --mobile 09191111111
expect_rc 0; first=$OUT
run contact add --name "محمد رضايي" --mobile 09192222222
expect_rc 0; second=$OUT
snapshot
run contact show "محمد رضایی"
expect_rc 2; expect_err "ambiguous"; expect_err "$first محمد رضایی"; expect_err "$second محمد رضايي"
run contact edit "محمد رضایی" --notes "x"
expect_rc 2; expect_err "ambiguous"
expect_unchanged

# Refused commands: exit status, one sentence, nothing changed.
snapshot
run contact add --kind person
expect_rc 2; expect_err "name: required"
run contact add --name "علی" --kind robot
expect_rc 2; expect_err "kind"
run contact add --name "علی" --email "ali karimi@example.ir"
expect_rc 2; expect_err "email"
run contact add --name "علی" --phone "0912-abc"
expect_rc 2; expect_err "phone"
run contact add --name "علی" --national-id "12-ab"
expect_rc 2; expect_err "national id"
run contact add --name "$(printf 'ب%.0s' $(seq 1 201))"
expect_rc 2; expect_err "at most 200"
run contact add --name "علی" --source "تلویزیون"
expect_rc 2; expect_err "source"
run contact add --name "علی" --owner nobody
expect_rc 2; expect_err "owner"
run contact add --name "علی" --frobnicate
expect_rc 2; expect_err "unknown option"
run contact add --name "علی کریمی دوم" --mobile "+98 912 123 4567"
expect_rc 4; expect_err "identity 1"; expect_err "--force"
run contact search "   "
expect_rc 2
run contact search علی --limit 0
expect_rc 2; expect_err "limit"
run contact list --kind robot
expect_rc 2
run contact show 999
expect_err "999"; [ "$RC" = 0 ] && fail "show of a missing identity succeeded"
run contact edit 1 --name ""
expect_rc 2; expect_err "name: required"
expect_eq "$(wc -l <"$T/err")" "1" "one line on stderr"
expect_unchanged

# --force keeps a duplicate on purpose.
run contact add --name "علی کریمی (دفتر)" --mobile "09121234567" --force
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM identity WHERE mobile = '09121234567'")" "2" "forced duplicate"

# Edit with a version: the current one saves and logs, an old one is refused.
run contact edit 1 --name "علی کریمی" --phone "021 8888 1234" --version 1
expect_rc 0; expect_out_is "1"
expect_eq "$(sql "SELECT name || ' ' || phone || ' ' || version FROM identity WHERE id = 1")" "علی کریمی 02188881234 2" "edited"
expect_eq "$(sql "SELECT old_value || ' → ' || new_value FROM change_log WHERE item_kind = 'identity' AND item_id = 1 AND field = 'name'")" \
    "علي كريمي → علی کریمی" "name history"
expect_eq "$(sql "SELECT count(*) FROM change_log WHERE item_id = 1 AND field = 'phone' AND old_value IS NULL")" "1" "phone history"
snapshot
run contact edit 1 --notes "نسخه قدیمی" --version 1
expect_rc 4; expect_err "version 2"
expect_unchanged
run --format json contact edit 1 --source "" --owner ""
expect_rc 0; expect_eq "$(json 'j["source"], j["owner"], j["version"]')" "(None, None, 3)" "cleared source and owner"

# Keyset pages.
run contact list --limit 2
expect_rc 0; expect_eq "$(wc -l <"$T/out")" "3" "page of 2"; expect_err "--after 2"
run --format json contact list --after 2 --limit 3
expect_rc 0; expect_eq "$(json '[r["id"] for r in j]')" "[3, 4, 5]" "second page"
run --format json contact list --kind org
expect_rc 0; expect_eq "$(json '[r["name"] for r in j]')" "['شرکت فولاد مبارکه']" "org filter"
run --format csv contact list --limit 1
expect_rc 0; expect_out '"id","kind","name","phone","mobile","email"'; expect_out '"1","person","علی کریمی"'

finish
