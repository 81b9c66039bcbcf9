#!/usr/bin/env bash
# `forsat demo`: the small demo through the domain functions, and the bulk
# path of the large demo scaled down (--scale 1000: 1,000 identities, 100
# products, 1,000 opportunities).  The full large demo is a benchmark, not a
# test.
. "$(dirname "$0")/lib.sh"
# A pinned today (1405/03/25) makes dates and numbers predictable.
export FORSAT_TODAY=2026-06-15

count() { sql "SELECT count(*) FROM $1"; }

# ---- refused options --------------------------------------------------------
run demo --size huge
expect_rc 2; expect_err "--size"
run demo --scale 10
expect_rc 2; expect_err "--scale"
run demo --size large --scale 0
expect_rc 2; expect_err "scale"
expect_eq "$(test -e "$FORSAT_DB" && echo exists || echo absent)" "absent" "database after refused options"

# ---- small ---------------------------------------------------------------------
run demo
expect_rc 0
expect_out "created the demo database $FORSAT_DB"
expect_out "300 identities"
expect_eq "$(wc -l <"$T/out")" "1" "summary lines"

check; [ "$(count identity)" -ge 250 ] || fail "identities: $(count identity)"
check; [ "$(count "product WHERE NOT builtin")" -ge 30 ] || fail "products: $(count product)"
check; [ "$(count opportunity)" -ge 100 ] || fail "opportunities: $(count opportunity)"
expect_eq "$(sql "SELECT group_concat(key, ',') FROM (SELECT DISTINCT s.key FROM opportunity o
                  JOIN stage s ON s.id = o.stage_id ORDER BY s.position)")" \
    "contact,needs,proforma,negotiation,won,lost" "stages in use"
expect_eq "$(sql "SELECT group_concat(login || ':' || r.key, ' ') FROM (SELECT * FROM user ORDER BY login) u
                  JOIN role r ON r.id = u.role_id WHERE login <> '$(id -un)'")" \
    "ali:warehouse_keeper hamid:sales_rep maryam:financial_manager reza:sales_manager sara:sales_rep" "users"
expect_eq "$(sql "SELECT name FROM user WHERE login = 'sara'")" "سارا محمدی" "sara's name"
expect_eq "$(sql "SELECT group_concat(name, '|') FROM (SELECT name FROM warehouse ORDER BY id)")" \
    "انبار مرکزی|انبار شعبه اصفهان" "warehouses"
expect_eq "$(sql "SELECT group_concat(name, '|') FROM (SELECT name FROM campaign ORDER BY id)")" \
    "نمایشگاه الکامپ ۱۴۰۵|کمپین پیامکی نوروز" "campaigns"
expect_eq "$(sql "SELECT p.name FROM product_group g JOIN product_group p ON p.id = g.parent_id
                  WHERE g.name = 'لپ‌تاپ'")" "رایانه" "group tree"
expect_eq "$(sql "SELECT name || ' ' || unit_price || ' ' || stock_tracked || taxable FROM product WHERE code = 'LT-1001'")" \
    "لپ‌تاپ ایسوس ویووبوک ۱۵ 450000000 11" "a laptop"
expect_eq "$(sql "SELECT unit_price FROM product WHERE code = 'AC-3001'")" "2500000" "a mouse"
check; [ "$(count "product WHERE kind = 'service'")" -ge 1 ] || fail "no service product"

# Names as people type them: Arabic ي/ك, ZWNJ; numbers typed in Persian
# digits or with spaces are stored as digits.
expect_eq "$(sql "SELECT name FROM identity WHERE id = 1")" "علي كريمي" "Arabic spelling kept"
check; [ "$(count "identity WHERE name LIKE '%ي%'")" -ge 5 ] || fail "few Arabic-letter names"
check; [ "$(count "identity WHERE instr(name, char(8204)) > 0")" -ge 5 ] || fail "few names with ZWNJ"
check; [ "$(count "identity WHERE kind = 'org' AND name LIKE 'شرکت %'")" -ge 10 ] || fail "few companies"
expect_eq "$(count "identity WHERE (phone || mobile) GLOB '*[^0-9]*'")" "0" "numbers not stored as digits"
check; [ "$(count "identity WHERE mobile LIKE '0912%'")" -ge 20 ] || fail "few 0912 mobiles"
check; [ "$(count "identity WHERE source_id IS NOT NULL")" -ge 200 ] || fail "few sources"

run contact search کریم
expect_rc 0; expect_out "علي كريمي"; expect_out "کریمی"
run contact search "علی کریمی"
expect_rc 0; expect_out "علي كريمي"

# Opportunities: owners, lines, reasons and dates as the domain set them.
check; [ "$(sql "SELECT count(DISTINCT assigned_id) FROM opportunity")" -ge 3 ] || fail "few sellers"
expect_eq "$(sql "SELECT count(*) FROM opportunity o WHERE final_amount <>
                  (SELECT sum(final) FROM opp_line WHERE opp_id = o.id)")" "0" "final amount = Σ lines"
expect_eq "$(sql "SELECT min(c) || '-' || max(c) FROM (SELECT count(*) c FROM opp_line GROUP BY opp_id)")" "1-4" "lines per opportunity"
check; [ "$(count "opp_line WHERE discount > 0")" -ge 10 ] || fail "few discounts"
check; [ "$(count opp_competitor)" -ge 10 ] || fail "few competitors"
check; [ "$(count "opp_competitor WHERE identity_id IS NOT NULL")" -ge 3 ] || fail "competitors not linked"
expect_eq "$(sql "SELECT group_concat(key, ',') FROM (SELECT key FROM custom_field ORDER BY position)")" \
    "budget,payment_method" "custom fields"
check; [ "$(count "opp_field_value v JOIN custom_field f ON f.id = v.field_id
                    WHERE f.key = 'payment_method' AND v.value IN ('نقد', 'اقساط', 'چک')")" -ge 10 ] || fail "payment values"
WON=$(sql "SELECT o.id FROM opportunity o JOIN stage s ON s.id = stage_id WHERE s.key = 'won' ORDER BY o.id LIMIT 1")
LOST=$(sql "SELECT o.id FROM opportunity o JOIN stage s ON s.id = stage_id WHERE s.key = 'lost' ORDER BY o.id LIMIT 1")
expect_eq "$(sql "SELECT win_reason_id IS NOT NULL, won_at BETWEEN substr(created_at, 1, 10) AND '2026-06-15',
                  lost_at IS NULL FROM opportunity WHERE id = $WON")" "1|1|1" "won opportunity"
expect_eq "$(sql "SELECT loss_reason_id IS NOT NULL, lost_at BETWEEN substr(created_at, 1, 10) AND '2026-06-15',
                  won_at IS NULL FROM opportunity WHERE id = $LOST")" "1|1|1" "lost opportunity"
# A year of history written through the domain, each record at its day:
# opportunities created over twelve months, closed weeks later, documents
# and the stage log at their days, nothing after today.
check; [ "$(sql "SELECT count(DISTINCT substr(created_at, 1, 7)) FROM opportunity")" -ge 12 ] || fail "creation months"
check; [ "$(sql "SELECT count(DISTINCT won_at) FROM opportunity WHERE won_at IS NOT NULL")" -ge 10 ] || fail "win days"
expect_eq "$(sql "SELECT count(*) FROM opportunity WHERE coalesce(won_at, lost_at) < substr(created_at, 1, 10)
                  OR created_at > '2026-06-16' OR coalesce(won_at, lost_at, '') > '2026-06-15'")" "0" "dates in order"
expect_eq "$(sql "SELECT count(*) FROM identity i WHERE created_at > (SELECT min(created_at) FROM opportunity
                  WHERE identity_id = i.id)")" "0" "identities before their opportunities"
expect_eq "$(sql "SELECT count(*) FROM document d JOIN opportunity o ON o.id = d.opp_id
                  WHERE d.issue_date < substr(o.created_at, 1, 10) OR d.issue_date > '2026-06-15'")" "0" "documents dated after their opportunity"
check; [ "$(sql "SELECT count(DISTINCT substr(at, 1, 10)) FROM stage_log")" -ge 30 ] || fail "stage log days"
expect_eq "$(sql "SELECT count(*) FROM opportunity o JOIN stage s ON s.id = stage_id
                  WHERE (s.kind = 'won') <> (win_reason_id IS NOT NULL AND won_at IS NOT NULL)
                     OR (s.kind = 'lost') <> (loss_reason_id IS NOT NULL AND lost_at IS NOT NULL)")" "0" "reasons and dates"
check; [ "$(count "opportunity WHERE close_date < '2026-06-15' AND stage_id IN
                   (SELECT id FROM stage WHERE kind = 'open')")" -ge 3 ] || fail "no overdue opportunity"
# Moves stage by stage: a won opportunity went through all five stages.
expect_eq "$(sql "SELECT count(*) FROM stage_log WHERE opp_id = $WON")" "5" "stage log of a won opportunity"
check; [ "$(count "change_log WHERE item_kind = 'opportunity' AND field = 'stage'")" -ge 100 ] || fail "stage history"
run opp show "$WON" --history
expect_rc 0

# Documents and money: approved proformas and invoices, receipts.
check; [ "$(count "document WHERE kind = 'invoice' AND status = 'approved'")" -ge 5 ] || fail "no approved invoice"
check; [ "$(count "document WHERE kind = 'proforma' AND status = 'approved'")" -ge 5 ] || fail "no approved proforma"
check; [ "$(count "document WHERE status IN ('draft', 'pending')")" -ge 3 ] || fail "no draft"
expect_eq "$(sql "SELECT number FROM document WHERE kind = 'invoice' AND status = 'approved' ORDER BY id LIMIT 1")" \
    "INV-1404-000001" "first invoice number (a year of history: the Jalali year 1404)"
check; [ "$(count "stock_move WHERE kind = 'invoice'")" -ge 5 ] || fail "approved invoices took no stock"
check; [ "$(count "money_item WHERE kind = 'receipt'")" -ge 5 ] || fail "no receipts"
DEBTOR=$(sql "SELECT d.opp_id FROM document d WHERE d.kind = 'invoice' AND d.status = 'approved'
              AND d.final > (SELECT coalesce(sum(amount), 0) FROM money_item m WHERE m.opp_id = d.opp_id)
              ORDER BY d.id LIMIT 1")
run --format json balance --opp "$DEBTOR"
expect_rc 0; expect_eq "$(json 'j["status"]')" "debtor" "balance of opportunity $DEBTOR"
SETTLED=$(sql "SELECT d.opp_id FROM document d WHERE d.kind = 'invoice' AND d.status = 'approved'
               AND d.final = (SELECT coalesce(sum(amount), 0) FROM money_item m WHERE m.opp_id = d.opp_id)
               ORDER BY d.id LIMIT 1")
run --format json balance --opp "$SETTLED"
expect_rc 0; expect_eq "$(json 'j["status"]')" "settled" "balance of opportunity $SETTLED"
# Stock: most stock-tracked products are in stock, some in both warehouses.
check; [ "$(count "stock_move WHERE kind = 'in'")" -ge 20 ] || fail "little stock"
expect_eq "$(sql "SELECT count(DISTINCT warehouse_id) FROM stock_move WHERE kind = 'in'")" "2" "stocked warehouses"

expect_eq "$(sql "PRAGMA integrity_check")" "ok" "integrity"
expect_eq "$(sql "PRAGMA foreign_key_check")" "" "foreign keys"

# A database that holds data is refused and left alone.
snapshot
run demo
expect_rc 4; expect_err "already holds data"
expect_unchanged
run demo --size large --scale 1000
expect_rc 4
expect_unchanged

# Reproducible: another file gets the same data.  A freshly initialised,
# empty database is filled too.
run --db "$T/init.db" init
run --db "$T/init.db" demo
expect_rc 0
expect_eq "$(sqlite3 "$T/init.db" "SELECT group_concat(name || mobile, ',') FROM identity")" \
    "$(sql "SELECT group_concat(name || mobile, ',') FROM identity")" "identities of a second run"
expect_eq "$(sqlite3 "$T/init.db" "SELECT group_concat(number || title || final_amount, ',') FROM opportunity")" \
    "$(sql "SELECT group_concat(number || title || final_amount, ',') FROM opportunity")" "opportunities of a second run"

# ---- large, scaled down ---------------------------------------------------------
export FORSAT_DB="$T/large.db"
run --format json demo --size large --scale 1000
expect_rc 0
expect_eq "$(json 'j["size"], j["rows"]["identity"], j["rows"]["product"], j["rows"]["opportunity"]')" \
    "('large', 1000, 101, 1000)" "large rows"
check; [ "$(count opp_line)" -ge 2500 ] && [ "$(count opp_line)" -le 3500 ] || fail "lines: $(count opp_line)"
check; [ "$(count "document WHERE status = 'approved'")" -ge 100 ] || fail "few approved documents"
check; [ "$(count money_item)" -ge 50 ] || fail "few receipts"

# The schema is whole again: every index and trigger set aside is back.
expect_eq "$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema
                  WHERE type IN ('index', 'trigger') ORDER BY name)")" \
    "$(sqlite3 "$T/init.db" "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema
                  WHERE type IN ('index', 'trigger') ORDER BY name)")" "indexes and triggers"
expect_eq "$(sql "PRAGMA integrity_check")" "ok" "large integrity"
expect_eq "$(sql "PRAGMA foreign_key_check")" "" "large foreign keys"

# The kept totals and counts (schema 6, 7), added up once after the bulk
# rows, equal the rows: the list totals, the main screen's counts and the
# overdue counts read them.
expect_eq "$(sql "SELECT count(*) FROM (SELECT subtype_id, stage_id, assigned_id, created_by, n, sum_final, sum_expected
                  FROM opp_totals WHERE n > 0 EXCEPT SELECT subtype_id, stage_id, assigned_id, created_by, count(*),
                  sum(final_amount), sum((final_amount * probability + 50) / 100) FROM opportunity
                  GROUP BY 1, 2, 3, 4)"),$(sql "SELECT sum(n) FROM opp_totals")" "0,1000" "opportunity totals"
expect_eq "$(sql "SELECT count(*) FROM (SELECT stage_id, close_date, n, sum_final, sum_expected FROM opp_close_totals
                  EXCEPT SELECT stage_id, coalesce(close_date, ''), count(*), sum(final_amount),
                  sum((final_amount * probability + 50) / 100) FROM opportunity GROUP BY 1, 2)"),$(sql "SELECT sum(n)
                  FROM opp_close_totals")" "0,1000" "close-date totals"
expect_eq "$(sql "SELECT count(*) FROM (SELECT assigned_id, stage_id, close_date, n FROM opp_due_count
                  EXCEPT SELECT assigned_id, stage_id, coalesce(close_date, ''), count(*) FROM opportunity
                  GROUP BY 1, 2, 3)"),$(sql "SELECT sum(n) FROM opp_due_count")" "0,1000" "overdue counts"
expect_eq "$(sql "SELECT group_concat(tbl || '=' || n, ' ') FROM (SELECT * FROM row_count ORDER BY tbl)")" \
    "$(sql "SELECT 'document=' || (SELECT count(*) FROM document) || ' identity=' || (SELECT count(*) FROM identity)
            || ' money_item=' || (SELECT count(*) FROM money_item) || ' product=' || (SELECT count(*) FROM product)")" \
    "row counts"

# Derived columns as the domain computes them.
expect_eq "$(sql "SELECT count(*) FROM opportunity o WHERE amount_manual = 0 AND final_amount <>
                  (SELECT coalesce(sum(final), 0) FROM opp_line WHERE opp_id = o.id)")" "0" "large final = Σ lines"
expect_eq "$(sql "SELECT count(*) FROM opp_line WHERE total <> (qty * unit_price + 5000) / 10000")" "0" "line totals"
check; [ "$(count "opp_line WHERE discount > 0")" -ge 100 ] || fail "few large discounts"
expect_eq "$(sql "SELECT count(*) FROM document d WHERE (total, discount, tax, duties, final) IS NOT
                  (SELECT sum(total), sum(discount), sum(tax), sum(duties), sum(final) FROM doc_line WHERE doc_id = d.id)")" \
    "0" "document totals"
expect_eq "$(sql "SELECT count(*) FROM doc_line l JOIN product p ON p.id = l.product_id
                  WHERE l.tax <> CASE WHEN p.taxable THEN ((l.total - l.discount) * 1000 + 5000) / 10000 ELSE 0 END")" \
    "0" "document tax"
expect_eq "$(sql "SELECT count(*) FROM opportunity o JOIN stage s ON s.id = stage_id
                  WHERE (s.kind = 'won') <> (win_reason_id IS NOT NULL AND won_at IS NOT NULL)
                     OR (s.kind = 'lost') <> (loss_reason_id IS NOT NULL AND lost_at IS NOT NULL)
                     OR coalesce(won_at, lost_at) < substr(created_at, 1, 10)")" "0" "large reasons and dates"
expect_eq "$(sql "SELECT count(*) FROM opportunity o WHERE stage_id <>
                  (SELECT to_stage_id FROM stage_log WHERE opp_id = o.id ORDER BY id DESC LIMIT 1)")" \
    "0" "stage log ends in the current stage"
expect_eq "$(sql "SELECT count(*) FROM stock_move m JOIN document d ON d.id = m.doc_id
                  WHERE d.kind <> 'invoice' OR d.status <> 'approved' OR m.description <> d.number")" "0" "invoice stock"
expect_eq "$(sql "SELECT count(*) FROM document WHERE invoiced_by_id IS NOT NULL AND invoiced_by_id NOT IN
                  (SELECT id FROM document WHERE kind = 'invoice' AND status = 'approved' AND source_doc_id IS NOT NULL)")" \
    "0" "invoiced proformas"
expect_eq "$(sql "SELECT count(*) FROM money_item m JOIN document d ON d.id = m.doc_id WHERE m.amount > d.final")" \
    "0" "receipts within invoices"

# Numbers per Jalali year of creation, and the counters continue them.
expect_eq "$(sql "SELECT group_concat(substr(number, 5, 4), ',') FROM (SELECT DISTINCT substr(number, 1, 8) number
                  FROM opportunity ORDER BY 1)")" "1403,1404,1405" "opportunity years"
expect_eq "$(sql "SELECT count(*) FROM counter c WHERE last <> (SELECT max(CAST(substr(number, 10) AS INTEGER))
                  FROM opportunity WHERE c.kind = 'opportunity' AND substr(number, 5, 4) = CAST(c.year AS TEXT))
                  AND kind = 'opportunity'")" "0" "opportunity counters"
expect_eq "$(sql "SELECT count(*) FROM counter c WHERE kind IN ('proforma', 'invoice') AND last <>
                  (SELECT count(*) FROM document WHERE kind = c.kind AND number LIKE '%-' || c.year || '-%')")" \
    "0" "document counters"
LAST=$(sql "SELECT last FROM counter WHERE kind = 'opportunity' AND year = 1405")
TITLE=$(sql "SELECT title FROM opportunity WHERE title LIKE '%لپ‌تاپ%' ORDER BY id LIMIT 1")
run --format json opp add --contact 5 --title "$TITLE"
expect_rc 0
expect_eq "$(json 'j["number"]')" "$(printf 'OPP-1405-%06d' $((LAST + 1)))" "next opportunity number"
# The new opportunity's title key, made by the domain, equals the bulk one.
expect_eq "$(sql "SELECT count(*) > 1, count(DISTINCT title_key) FROM opportunity WHERE title = '$TITLE'")" \
    "1|1" "title keys"

# Search keys: a name stored with Arabic letters is found by its Persian
# spelling, and the domain gives a same-named identity the same keys.
ARABIC=$(sql "SELECT id FROM identity WHERE id > 4 AND kind = 'person' AND name LIKE '%ي%' AND mobile IS NOT NULL
              AND phone IS NULL AND national_id IS NULL ORDER BY id LIMIT 1")
NAME=$(sql "SELECT name FROM identity WHERE id = $ARABIC")
PERSIAN=$(printf '%s' "$NAME" | sed 's/ي/ی/g; s/ك/ک/g')
run contact search "$PERSIAN" --limit 1000
expect_rc 0; expect_out "$NAME"
check; grep -qE "^ *$ARABIC " "$T/out" || fail "identity $ARABIC not found by \"$PERSIAN\""
MOBILE=$(sql "SELECT mobile FROM identity WHERE id = $ARABIC")
run contact add --name "$PERSIAN" --mobile "$MOBILE" --force
expect_rc 0
expect_eq "$(sql "SELECT count(DISTINCT name_key) || ' ' || count(DISTINCT codes_key) FROM identity
                  WHERE id IN ($ARABIC, $OUT)")" "1 1" "name and codes keys"
run product show lt-000041
expect_rc 0; expect_out "LT-000041"
run product search "سری ۱"
expect_rc 0; expect_out "سری ۱"

finish
