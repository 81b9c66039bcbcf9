#!/usr/bin/env bash
# Admin tools: users and permissions, CSV import and export (all or
# nothing, --skip-bad, round trips), change history, init --shared.
. "$(dirname "$0")/lib.sh"
ME=$(id -un)

run init
expect_rc 0

# ---- users -----------------------------------------------------------------
run user add sara --name "سارا احمدی" --role sales_rep
expect_rc 0; expect_out_is "2"
expect_eq "$(sql "SELECT name || '|' || (SELECT key FROM role WHERE id = role_id) FROM user WHERE login = 'sara'")" \
    "سارا احمدی|sales_rep" "sara's row"
run user add reza --name "رضا کریمی" --role sales_manager
expect_rc 0
run user add kian --name "کیان موسوی" --role sales_rep
expect_rc 0
run user add sara --name "دیگری"
expect_rc 4; expect_err "already a user"
run user add "bad login" --name X
expect_rc 2; expect_err "login"
run user add nima --role boss
expect_rc 2; expect_err "role: must be one of"

run user list
expect_rc 0; expect_out "سارا احمدی"; expect_out "sales_manager"
run --format json user list
# In the order they were added: the OS user who ran init first.
expect_rc 0; expect_eq "$(json '[u["login"] for u in j]')" "['$ME', 'sara', 'reza', 'kian']" "logins"

run user edit sara --name "سارا احمدی‌نیا" --role sales_manager
expect_rc 0
expect_eq "$(sql "SELECT name FROM user WHERE login = 'sara'")" "سارا احمدی‌نیا" "edited name"
run user edit sara
expect_rc 2
run user edit nobody --name X
expect_rc 2; expect_err "nobody"

# Per-user grants and revocations on top of the role.
run user grant sara export
expect_rc 0
run user revoke sara opp.view_all
expect_rc 0
run user grant sara fly
expect_rc 2; expect_err "not a permission"
run --format json user list
expect_eq "$(json '[u["permissions"] for u in j if u["login"] == "sara"][0]')" "+export -opp.view_all" "overrides"

# A user without admin.users changes nothing (exit 3).
snapshot
for args in "user add nima --name نیما" "user edit reza --role admin" "user disable reza" "user grant sara admin.users" \
            "user revoke reza export"; do
    run --as sara $args
    expect_rc 3; expect_err "admin.users"
done
expect_unchanged

# Disabling: the user can no longer act; an admin cannot disable themself.
run user disable reza
expect_rc 0
run --as reza contact list
expect_rc 3; expect_err "disabled"
run user disable "$ME"
expect_rc 2; expect_err "yourself"
run user enable reza
expect_rc 0
run --as reza contact list
expect_rc 0

# ---- CSV import ----------------------------------------------------------------
# Persian headers, a BOM and CRLF; line 3 has a bad phone; line 4's notes
# run over two lines, so the next record (an unknown source) is line 6.
printf '\xEF\xBB\xBFنام,تلفن,موبایل,نوع,منبع,یادداشت\r\n' >"$T/c.csv"
printf 'علی کریمی,021-8888 1234,0912 111 2233,حقیقی,phone,\r\n' >>"$T/c.csv"
printf 'رضا احمدی,021-abc,,person,,\r\n' >>"$T/c.csv"
printf 'شرکت فولاد مبارکه,031 5555 0000,,org,exhibition,"یادداشت, دو\r\nخطی با ""نقل‌قول"""\r\n' >>"$T/c.csv"
printf 'مریم رضایی,,09351234567,person,nosuch,\r\n' >>"$T/c.csv"
printf 'زهرا موسوی,,0912-111-2233,,,\r\n' >>"$T/c.csv"

snapshot
run import contacts "$T/c.csv"
expect_rc 2
expect_err "line 3, column تلفن: phone"
expect_err "line 6, column منبع: source"
expect_err "line 7, column موبایل: mobile: 09121112233 is also on line 2 of this file."
expect_err "nothing was imported"
expect_unchanged
run import contacts "$T/c.csv" --dry-run
expect_rc 2
expect_unchanged
run import contacts "$T/c.csv" --dry-run --skip-bad
expect_rc 0; expect_out "would import 2, skip 3"
expect_unchanged
run --as kian import contacts "$T/c.csv" --skip-bad
expect_rc 3; expect_err "bulk_edit"
expect_unchanged

run import contacts "$T/c.csv" --skip-bad
expect_rc 0; expect_out_is "imported 2, skipped 3"
expect_err "line 3, column تلفن"
expect_eq "$(sql "SELECT count(*) FROM identity")" "2" "contacts imported"
expect_eq "$(sql "SELECT notes FROM identity WHERE kind = 'org'")" "$(printf 'یادداشت, دو\nخطی با "نقل‌قول"')" "quoted notes (CRLF stored as LF)"
run contact search کریم
expect_rc 0; expect_out "علی کریمی"

run import contacts "$T/none.csv"
expect_rc 2; expect_err "none.csv"
run import people "$T/c.csv"
expect_rc 2
run import contacts
expect_rc 2

# ---- export and round trip ------------------------------------------------------
run user revoke sara export
run --as sara export contacts
expect_rc 3; expect_eq "$OUT" "" "output of a refused export"

run export contacts --dates iso
expect_rc 0
cp "$T/out" "$T/contacts.csv"
expect_eq "$(head -1 "$T/contacts.csv" | tr -d '\r')" \
    '"id","kind","name","phone","mobile","email","address","national_id","economic_code","source","owner","notes","created"' "header"
expect_out '"1","person","علی کریمی","02188881234","09121112233"'
expect_out "$(date +%Y-%m-%d)"
run export contacts
expect_out "\"$($FORSAT date today | cut -d' ' -f1)\""
run export contacts --bom
expect_eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM"
run export contacts --dates roman
expect_rc 2

run group add "لپ‌تاپ"
printf 'code,name,group,unit,unit_price,kind,taxable\n' >"$T/p.csv"
printf 'ASUS-X515,لپ‌تاپ ایسوس,لپ‌تاپ,piece,"10,000,000",product,yes\n' >>"$T/p.csv"
printf 'SRV-1,نصب و راه‌اندازی,,hour,500000,service,no\n' >>"$T/p.csv"
printf 'asus-x515,تکراری,,,,,\n' >>"$T/p.csv"
run import products "$T/p.csv"
expect_rc 2; expect_err "line 4, column code: code: asus-x515 is also on line 2 of this file."
run import products "$T/p.csv" --skip-bad
expect_rc 0; expect_out "imported 2, skipped 1"
run export products
expect_rc 0; cp "$T/out" "$T/products.csv"

printf 'opp_ref,contact,title,stage,product_code,qty,unit_price,discount_percent,probability,close_date\n' >"$T/o.csv"
printf 'A,علی کریمی,فروش لپ‌تاپ,needs,ASUS-X515,4,,3,40,1405/10/01\n' >>"$T/o.csv"
printf 'A,,,,SRV-1,2.5,,,,\n' >>"$T/o.csv"
printf 'B,2,خدمات سالانه,won,SRV-1,10,,,,\n' >>"$T/o.csv"
run import opportunities "$T/o.csv"
expect_rc 0; expect_out "imported 2, skipped 0"
expect_eq "$(sql "SELECT final_amount FROM opportunity WHERE id = 1")" "40050000" "imported opportunity amount"
run export opportunities --dates iso
expect_rc 0; cp "$T/out" "$T/opportunities.csv"
expect_out '"OPP-'
expect_out '"ASUS-X515","","4","10000000","3"'

# Into a fresh database: contacts, products, opportunities; exporting again
# gives the same files.
run --db "$T/b.db" init
run --db "$T/b.db" group add "لپ‌تاپ"
for what in contacts products opportunities; do
    run --db "$T/b.db" import $what "$T/$what.csv"
    expect_rc 0; expect_out "skipped 0"
done
for what in contacts products opportunities; do
    run --db "$T/b.db" export $what --dates iso
    expect_rc 0
    check; cmp -s "$T/out" "$T/$what.csv" || fail "the $what round trip differs: $(diff "$T/$what.csv" "$T/out" | head -5)"
done

# One hundred thousand contacts in one transaction.
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("name,mobile,source\n")
    for i in range(100000):
        f.write("مشتری شماره %d,0935%07d,phone\n" % (i, i))
' "$T/big.csv"
start=$(date +%s.%N)
run import contacts "$T/big.csv"
end=$(date +%s.%N)
expect_rc 0; expect_out "imported 100000, skipped 0"
python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); print('imported 100000 contacts in %.1f s: %.0f rows/s' % (t, 100000/t))" "$start" "$end"
expect_eq "$(sql "SELECT count(*) FROM identity")" "100002" "contacts after the big import"
# A file this large has its name index and count built once at the end
# (csv_io.c, fts_defer): the schema is whole again, the count and the
# search index hold every new contact.
SCHEMA_SQL="SELECT group_concat(name || ':' || sql, ';') FROM (SELECT name, sql FROM sqlite_schema
            WHERE type IN ('index', 'trigger') ORDER BY name)"
expect_eq "$(sql "$SCHEMA_SQL")" "$(sqlite3 "$T/b.db" "$SCHEMA_SQL")" "indexes and triggers after the big import"
expect_eq "$(sql "SELECT n FROM row_count WHERE tbl = 'identity'")" "100002" "kept contact count"
expect_eq "$(sql "SELECT v FROM identity_fts_config WHERE k = 'automerge'")" "4" "search index setting restored"
expect_eq "$(sql "PRAGMA integrity_check")" "ok" "integrity after the big import"
run contact search "مشتري شماره 99999"
expect_rc 0; expect_out "09350099999"
run contact search 0935009999
expect_rc 0; expect_out "مشتری شماره 99999"
expect_eq "$(sql "EXPLAIN QUERY PLAN SELECT id FROM identity WHERE name_key = 'x'" | grep -c identity_name_key)" "1" \
    "the name index is used again"
# A large file with one duplicate number far into it: nothing is written,
# the error names both lines, and the schema and count are as before.
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("name,mobile\n")
    for i in range(100000):
        f.write("خریدار %d,0936%07d\n" % (i, i))
    f.write("خریدار تکراری,0936%07d\n" % 4321)
' "$T/big2.csv"
BEFORE=$(sql "$SCHEMA_SQL")
run import contacts "$T/big2.csv"
expect_rc 2; expect_err "line 100002"; expect_err "line 4323"
expect_eq "$(sql "SELECT count(*), (SELECT n FROM row_count WHERE tbl = 'identity') FROM identity")" "100002|100002" \
    "nothing written by the failed big import"
expect_eq "$(sql "$SCHEMA_SQL")" "$BEFORE" "schema after the failed big import"

# ---- change history ------------------------------------------------------------
run contact edit 1 --name "علی کریمی‌نژاد"
expect_rc 0
run contact edit 1 --email ali@example.com
expect_rc 0
run history contact 1
expect_rc 0
expect_eq "$(sed -n 2p "$T/out" | grep -c Email)" "1" "newest change first"
expect_out "علی کریمی‌نژاد"; expect_out "$ME"
run --format json history contact 1
expect_rc 0
expect_eq "$(json '[(c["field"], c["old"], c["user"]) for c in j]')" \
    "[('email', None, '$ME'), ('name', 'علی کریمی', '$ME')]" "history as JSON"
expect_eq "$(json 'j[1]["new"]')" "علی کریمی‌نژاد" "new name in the history"
run --format csv history contact 1
expect_out '"at","user","field","old","new"'
run opp edit 1 --probability 55
expect_rc 0
run history opp 1
expect_rc 0; expect_out "Probability"; expect_out "40%"; expect_out "55%"
run history opp OPP-9999-000001
expect_rc 4
run --as sara history opp 1
expect_rc 4; expect_err "not found"
run history product ASUS-X515
expect_rc 0
run history planet 1
expect_rc 2

# ---- init --shared --------------------------------------------------------------
run --db "$T/shared/f.db" init --shared no-such-group-forsat
expect_rc 2; expect_err "no Unix group"
check; [ ! -e "$T/shared/f.db" ] || fail "a refused init --shared created the database"
if [ "$(id -u)" = 0 ] && command -v groupadd >/dev/null; then
    G=forsat-t$$
    groupadd "$G"
    trap 'groupdel "$G" 2>/dev/null; rm -rf "$T"' EXIT
    mkdir "$T/shared"
    run --db "$T/shared/f.db" init --shared "$G"
    expect_rc 0; expect_out "shared with the group $G"
    expect_eq "$(stat -c '%a %G' "$T/shared")" "2770 $G" "directory mode and group"
    for f in f.db f.db-wal f.db-shm; do
        expect_eq "$(stat -c '%a %G' "$T/shared/$f")" "660 $G" "$f mode and group"
    done
    # An existing database can be shared too; the home directory cannot.
    run --db "$T/b.db" init --shared "$G"
    expect_rc 0
    expect_eq "$(stat -c '%a %G' "$T/b.db")" "660 $G" "existing database shared"
    HOME="$T/shared" run --db "$T/shared/f.db" init --shared "$G"
    expect_rc 2; expect_err "directory of its own"
else
    echo "init --shared: skipped (needs root to create a group)"
fi

finish
