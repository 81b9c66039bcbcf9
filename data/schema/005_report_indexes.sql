-- forsat schema, version 5: indexes for the reports and the records part
-- (SPEC §8, §10; src/core/report.c, src/core/records.c).
--
-- The pipeline and the forecast add up final amount and probability per
-- stage, per close month or per user over the open opportunities.  Read
-- through opportunity_stage or opportunity_close every row costs a table
-- lookup; with every column the sums need in one index they read the index
-- alone.  CPU time measured on generated databases, half the opportunities
-- open:
--                        200,000 opportunities   1,000,000 opportunities
--   pipeline sums          108 ms →  25 ms          589 ms → 147 ms
--   pipeline with cards    113 ms →  32 ms          669 ms → 216 ms
--   forecast by month      189 ms →  13 ms         1195 ms →  65 ms
-- The same index gives a stage's cards in close-date order without a sort.
CREATE INDEX opportunity_stage_close
  ON opportunity(stage_id, close_date, assigned_id, final_amount, probability);

-- A document's records list the documents made from it and the money items
-- linked to it; without these every document (every money item) is read:
-- about 25 ms per 300,000 documents, growing with the table.  Only linked
-- rows are indexed.
CREATE INDEX document_source ON document(source_doc_id) WHERE source_doc_id IS NOT NULL;
CREATE INDEX money_item_doc ON money_item(doc_id) WHERE doc_id IS NOT NULL;
