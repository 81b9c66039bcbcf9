-- forsat schema, version 4: covering indexes for the stock table (SPEC §6.3).
-- On hand and frozen stock are sums over one product's stock moves and
-- document lines (src/core/stock.c).  With the summed columns in the index
-- the sums read only the index, not the scattered rows: for a product with
-- 20,000 moves and 20,000 document lines the stock table goes from about
-- 135 ms to 20 ms; an ordinary product stays near 0.04 ms.  The names stay,
-- and the leading column is the same, so every query that used the old
-- indexes still does.
DROP INDEX stock_move_product;
CREATE INDEX stock_move_product ON stock_move(product_id, warehouse_id, kind, qty);
DROP INDEX doc_line_product;
CREATE INDEX doc_line_product ON doc_line(product_id, doc_id, warehouse_id, qty);
