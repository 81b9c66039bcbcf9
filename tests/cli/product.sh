#!/usr/bin/env bash
# The product catalogue from the command line: the group tree and its
# leaf rule, products, Persian type-ahead, code search, edits with
# versions, the protected «سایر» product and deletion rules.
. "$(dirname "$0")/lib.sh"

run init
expect_rc 0

# ---- the group tree ----
run group add "کالای دیجیتال"
expect_rc 0; DIGITAL=$OUT
run group add "لپ‌تاپ" --parent "کالای دیجیتال"
expect_rc 0; LAPTOPS=$OUT
run group add "لوازم جانبی" --parent "$DIGITAL"
expect_rc 0
run group add "لوازم اداری"
expect_rc 0
expect_eq "$(sql "SELECT parent_id FROM product_group WHERE id = $LAPTOPS")" "$DIGITAL" "parent of لپ‌تاپ"
run --format json group list
expect_rc 0
expect_eq "$(json '[(g["name"], g["depth"], g["leaf"]) for g in j]')" \
    "[('لوازم اداری', 0, True), ('کالای دیجیتال', 0, False), ('لوازم جانبی', 1, True), ('لپ\u200cتاپ', 1, True)]" "group tree"
# Sibling names are unique ignoring spelling variants (Arabic kaf and yeh).
snapshot
run group add "كالاي ديجيتال"
expect_rc 4; expect_err "already exists"
expect_unchanged

# ---- adding products ----
run product add --code LAP-001 --name "لپ‌تاپ ایسوس" --group "لپ‌تاپ" --price "450,000,000" --stock --taxable
expect_rc 0; LAP=$OUT
expect_eq "$(sql "SELECT code, code_key, unit_price, stock_tracked, taxable, sellable, active FROM product WHERE id = $LAP")" \
    "LAP-001|lap-001|450000000|1|1|1|1" "stored product"

# Products go only in a leaf group …
snapshot
run product add --code LAP-002 --name "لپ‌تاپ لنوو" --group "کالای دیجیتال"
expect_rc 2; expect_err "sub-groups"
expect_unchanged
# … and a group that holds products gets no sub-groups.
run group add "گیمینگ" --parent "لپ‌تاپ"
expect_rc 2; expect_err "holds products"
expect_unchanged

# Codes are unique ignoring case.
run product add --code lap-001 --name "لپ‌تاپ لنوو"
expect_rc 4; expect_err "LAP-001"
expect_unchanged
# Other invalid input changes nothing.
run product add --code "LAP 002" --name "لپ‌تاپ لنوو"
expect_rc 2; expect_err "code:"
run product add --code LAP-002 --name "لپ‌تاپ لنوو" --price "-5"
expect_rc 2; expect_err "price"
run product add --code LAP-002 --name "لپ‌تاپ لنوو" --kind goods
expect_rc 2; expect_err "kind"
run product add --code LAP-002 --name "خدمات" --kind service --stock
expect_rc 2; expect_err "service"
run product add --code LAP-002 --name "لپ‌تاپ لنوو" --unit "بشکه"
expect_rc 2; expect_err "unit"
run product add --code LAP-002
expect_rc 2; expect_err "--name"
expect_unchanged

run product add --code BAG-01 --name "کیف لپ تاپ" --group "لوازم جانبی" --price 3500000
expect_rc 0
run product add --code SRV-01 --name "نصب و راه‌اندازی" --kind service --unit hour --price "2,000,000 ریال"
expect_rc 0
run product add --code PAP-01 --name "کاغذ A4" --group "لوازم اداری" --unit "جعبه" --not-sellable
expect_rc 0
expect_eq "$(sql "SELECT li.key, p.kind, p.unit_price FROM product p JOIN list_item li ON li.id = p.unit_id WHERE code = 'SRV-01'")" \
    "hour|service|2000000" "service unit and price"
expect_eq "$(sql "SELECT sellable FROM product WHERE code = 'PAP-01'")" "0" "not sellable"

run --format json product add --code LAP-002 --name "لپ‌تاپ لنوو" --group "لپ‌تاپ"
expect_rc 0
expect_eq "$(json 'j["code"], j["group"], j["unit"], j["unit_price"], j["version"]')" \
    "('LAP-002', 'لپ\u200cتاپ', 'piece', None, 1)" "json of the new product"

# ---- show ----
run --format json product show lap-001
expect_rc 0
expect_eq "$(json '[j[k] for k in ("id","code","name","group","kind","unit","unit_price","sellable","stock_tracked","serial","taxable","name_editable","active","version")]')" \
    "[$LAP, 'LAP-001', 'لپ\u200cتاپ ایسوس', 'لپ\u200cتاپ', 'product', 'piece', 450000000, True, True, False, True, False, True, 1]" "product show json"
run product show LAP-001
expect_rc 0; expect_out "unit price: 450,000,000"; expect_out "name: لپ‌تاپ ایسوس"
run product show NOPE-9
expect_rc 2; expect_err "no product matches"

# ---- search: Persian spelling variants, groups, codes ----
run --format json product search "ايسوس"
expect_rc 0; expect_eq "$(json '[p["code"] for p in j]')" "['LAP-001']" "search with Arabic yeh"
run --format json product search "كيف"
expect_eq "$(json '[p["code"] for p in j]')" "['BAG-01']" "search with Arabic kaf"
run --format json product search "لپ"
expect_eq "$(json '[p["code"] for p in j]')" "['LAP-001', 'LAP-002', 'BAG-01']" "name prefix first, then word prefix"
run --format json product search لپ تاپ
expect_eq "$(json '[p["code"] for p in j]')" "['BAG-01']" "two words"
run --format json product search "لپ" --group "لوازم جانبی"
expect_eq "$(json '[p["code"] for p in j]')" "['BAG-01']" "search in a group"
run --format json product list --group "کالای دیجیتال"
expect_rc 0
expect_eq "$(json '[p["code"] for p in j]')" "['LAP-001', 'BAG-01', 'LAP-002']" "list of a group and its sub-groups"
run --format json product search lap --code
expect_eq "$(json '[p["code"] for p in j]')" "['LAP-001', 'LAP-002']" "code prefix search"
run --format json product search LAP-002 --code
expect_eq "$(json '[p["code"] for p in j]')" "['LAP-002']" "exact code search"
run --format json product search "کاغذ" --pickable
expect_eq "$(json 'len(j)')" "0" "unsellable products are not pickable"
run product search
expect_rc 2

# ---- paging ----
run --format json product list --limit 2
expect_eq "$(json 'len(j)')" "2" "first page"
LAST=$(json 'j[-1]["id"]')
run --format json product list --after "$LAST" --limit 2
expect_eq "$(json '[p["id"] > '"$LAST"' for p in j]')" "[True, True]" "second page after the first"

# ---- edit ----
run product edit LAP-001 --name "لپ‌تاپ ایسوس ویووبوک" --price "480,000,000"
expect_rc 0
expect_eq "$(sql "SELECT name, unit_price, version FROM product WHERE code = 'LAP-001'")" \
    "لپ‌تاپ ایسوس ویووبوک|480000000|2" "edited product"
expect_eq "$(sql "SELECT group_concat(c, ',') FROM (SELECT field || ':' || old_value || '>' || new_value AS c FROM change_log WHERE item_kind = 'product' AND item_id = $LAP ORDER BY id)")" \
    "name:لپ‌تاپ ایسوس>لپ‌تاپ ایسوس ویووبوک,unit_price:450000000>480000000" "change history"
snapshot
run product edit LAP-001 --taxable no --version 1
expect_rc 4; expect_err "changed by someone else"
expect_unchanged
run product edit LAP-001 --active maybe
expect_rc 2; expect_err "--active"
run product edit LAP-001 --group "کالای دیجیتال"
expect_rc 2; expect_err "sub-groups"
run product edit LAP-001 --code BAG-01
expect_rc 4
expect_unchanged
run product edit LAP-001 --price "" --version 2
expect_rc 0
expect_eq "$(sql "SELECT unit_price IS NULL, version FROM product WHERE code = 'LAP-001'")" "1|3" "price cleared"

run product edit BAG-01 --serial yes
expect_rc 0
expect_eq "$(sql "SELECT stock_tracked, serial FROM product WHERE code = 'BAG-01'")" "1|1" "--serial yes implies stock"
snapshot
run product edit BAG-01 --serial yes --stock no
expect_rc 2; expect_err "serial"
expect_unchanged

# ---- the built-in «سایر» product ----
snapshot
run product delete OTHER
expect_rc 4; expect_err "سایر"
run product edit OTHER --active no
expect_rc 2; expect_err "deactivated"
run product edit سایر --sellable no
expect_rc 2; expect_err "sellable"
expect_unchanged
run product edit OTHER --name "سایر کالاها"
expect_rc 0

# ---- deleting: only a product used nowhere ----
run warehouse grant "انبار مرکزی" "$(id -un)"
expect_rc 0
run stock in --product LAP-001 --warehouse "انبار مرکزی" --qty 1
expect_rc 0
snapshot
run product delete LAP-001
expect_rc 4; expect_err "deactivate"
expect_unchanged
run product edit LAP-001 --active no
expect_rc 0
run --format json product search "ایسوس" --pickable
expect_eq "$(json 'len(j)')" "0" "inactive products are not pickable"
run product delete PAP-01
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM product WHERE code = 'PAP-01'")" "0" "deleted product"

# ---- rights: a sales rep reads but does not change the catalogue ----
sql "INSERT INTO user(login, name, role_id, created_at) VALUES ('ali', 'علی کریمی', 3, '2025-01-01T00:00:00Z')"
snapshot
run --as ali product add --code MOU-01 --name "ماوس بی‌سیم"
expect_rc 3; expect_err "admin.lists"
run --as ali product edit BAG-01 --price 1
expect_rc 3
run --as ali group add "موبایل"
expect_rc 3
run --as ali product delete SRV-01
expect_rc 3
expect_unchanged
run --as ali product show BAG-01
expect_rc 0; expect_out "کیف لپ تاپ"

finish
