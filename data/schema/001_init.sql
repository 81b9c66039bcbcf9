-- forsat schema, version 1.
-- Conventions: STRICT tables; money is INTEGER Rial; quantities are INTEGER
-- in 1/10000 units; percentages are INTEGER basis points (1 % = 100); dates
-- are ISO 'YYYY-MM-DD' TEXT; timestamps are ISO 'YYYY-MM-DDTHH:MM:SSZ' TEXT
-- (UTC).  Text is UTF-8 NFC in logical order.  *_key columns hold the search
-- key of a name (src/core/text.c, fs_text_search_key).

-- Settings: warehousing mode, tax rates, numbering.
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Application users, mapped from operating-system logins (SPEC §3).
CREATE TABLE role (
  id       INTEGER PRIMARY KEY,
  key      TEXT NOT NULL UNIQUE,
  title_fa TEXT NOT NULL,
  title_en TEXT NOT NULL
) STRICT;

CREATE TABLE role_perm (
  role_id INTEGER NOT NULL REFERENCES role(id) ON DELETE CASCADE,
  perm    TEXT NOT NULL,
  PRIMARY KEY (role_id, perm)
) STRICT, WITHOUT ROWID;

CREATE TABLE user (
  id         INTEGER PRIMARY KEY,
  login      TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  role_id    INTEGER NOT NULL REFERENCES role(id),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

-- Per-user grants (granted = 1) and revocations (granted = 0) on top of the role.
CREATE TABLE user_perm (
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  perm    TEXT NOT NULL,
  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
  PRIMARY KEY (user_id, perm)
) STRICT, WITHOUT ROWID;

-- System lists (SPEC §4): type, source, win_reason, loss_reason,
-- purchase_process, unit.  Items in use are deactivated, never deleted.
CREATE TABLE list_item (
  id       INTEGER PRIMARY KEY,
  list     TEXT NOT NULL CHECK (list IN ('type', 'source', 'win_reason', 'loss_reason',
                                         'purchase_process', 'unit')),
  key      TEXT NOT NULL,
  label_fa TEXT NOT NULL,
  label_en TEXT NOT NULL,
  position INTEGER NOT NULL,
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (list, key)
) STRICT;
CREATE INDEX list_item_order ON list_item(list, position);

CREATE TABLE campaign (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  start_date TEXT,
  end_date   TEXT,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

-- Identities (SPEC §2): people and organizations.
CREATE TABLE identity (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('person', 'org')),
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_key      TEXT NOT NULL,
  phone         TEXT,
  mobile        TEXT,
  email         TEXT,
  address       TEXT,
  national_id   TEXT,
  economic_code TEXT,
  source_id     INTEGER REFERENCES list_item(id),
  owner_id      INTEGER REFERENCES user(id),
  notes         TEXT,
  -- digits-only phone/mobile/national id joined by spaces, for search.
  codes_key     TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX identity_name_key ON identity(name_key);
CREATE INDEX identity_phone ON identity(phone) WHERE phone IS NOT NULL;
CREATE INDEX identity_mobile ON identity(mobile) WHERE mobile IS NOT NULL;

-- Word-prefix search over name and codes: any word of the name, any phone.
CREATE VIRTUAL TABLE identity_fts USING fts5(
  name_key, codes_key,
  content = 'identity', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3');
CREATE TRIGGER identity_fts_ai AFTER INSERT ON identity BEGIN
  INSERT INTO identity_fts(rowid, name_key, codes_key) VALUES (new.id, new.name_key, new.codes_key);
END;
CREATE TRIGGER identity_fts_ad AFTER DELETE ON identity BEGIN
  INSERT INTO identity_fts(identity_fts, rowid, name_key, codes_key)
    VALUES ('delete', old.id, old.name_key, old.codes_key);
END;
CREATE TRIGGER identity_fts_au AFTER UPDATE OF name_key, codes_key ON identity BEGIN
  INSERT INTO identity_fts(identity_fts, rowid, name_key, codes_key)
    VALUES ('delete', old.id, old.name_key, old.codes_key);
  INSERT INTO identity_fts(rowid, name_key, codes_key) VALUES (new.id, new.name_key, new.codes_key);
END;

-- Products (SPEC §6.1).
CREATE TABLE product_group (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES product_group(id),
  name      TEXT NOT NULL,
  name_key  TEXT NOT NULL,
  UNIQUE (parent_id, name_key)
) STRICT;

CREATE TABLE product (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
  code_key      TEXT NOT NULL,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_key      TEXT NOT NULL,
  group_id      INTEGER REFERENCES product_group(id),
  kind          TEXT NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'service')),
  unit_id       INTEGER REFERENCES list_item(id),
  unit_price    INTEGER CHECK (unit_price IS NULL OR unit_price >= 0),
  sellable      INTEGER NOT NULL DEFAULT 1 CHECK (sellable IN (0, 1)),
  stock_tracked INTEGER NOT NULL DEFAULT 0 CHECK (stock_tracked IN (0, 1)),
  serial        INTEGER NOT NULL DEFAULT 0 CHECK (serial IN (0, 1)),
  taxable       INTEGER NOT NULL DEFAULT 0 CHECK (taxable IN (0, 1)),
  name_editable INTEGER NOT NULL DEFAULT 0 CHECK (name_editable IN (0, 1)),
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  builtin       INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX product_code_key ON product(code_key);
CREATE INDEX product_name_key ON product(name_key);
CREATE INDEX product_by_group ON product(group_id, name_key);

CREATE VIRTUAL TABLE product_fts USING fts5(
  name_key,
  content = 'product', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3');
CREATE TRIGGER product_fts_ai AFTER INSERT ON product BEGIN
  INSERT INTO product_fts(rowid, name_key) VALUES (new.id, new.name_key);
END;
CREATE TRIGGER product_fts_ad AFTER DELETE ON product BEGIN
  INSERT INTO product_fts(product_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
END;
CREATE TRIGGER product_fts_au AFTER UPDATE OF name_key ON product BEGIN
  INSERT INTO product_fts(product_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
  INSERT INTO product_fts(rowid, name_key) VALUES (new.id, new.name_key);
END;

CREATE TABLE warehouse (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

-- Who may issue remittances from a warehouse (serial warehousing visibility).
CREATE TABLE warehouse_user (
  warehouse_id INTEGER NOT NULL REFERENCES warehouse(id) ON DELETE CASCADE,
  user_id      INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  PRIMARY KEY (warehouse_id, user_id)
) STRICT, WITHOUT ROWID;

-- Opportunity subtypes and their stage chains (SPEC §5.2).
CREATE TABLE subtype (
  id         INTEGER PRIMARY KEY,
  key        TEXT NOT NULL UNIQUE,
  title_fa   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  position   INTEGER NOT NULL
) STRICT;

CREATE TABLE stage (
  id         INTEGER PRIMARY KEY,
  subtype_id INTEGER NOT NULL REFERENCES subtype(id),
  key        TEXT NOT NULL,
  title_fa   TEXT NOT NULL,
  title_en   TEXT NOT NULL,
  position   INTEGER NOT NULL,
  kind       TEXT NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (subtype_id, key)
) STRICT;

-- Custom fields per subtype (SPEC §5.3 section C).
CREATE TABLE custom_field (
  id         INTEGER PRIMARY KEY,
  subtype_id INTEGER NOT NULL REFERENCES subtype(id),
  key        TEXT NOT NULL,
  label_fa   TEXT NOT NULL,
  label_en   TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('text', 'number', 'amount', 'date', 'bool',
                                             'choice', 'user')),
  required   INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  choices    TEXT,  -- choice type: one option per line
  position   INTEGER NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (subtype_id, key)
) STRICT;

-- Opportunities (SPEC §5).
CREATE TABLE opportunity (
  id                  INTEGER PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,
  subtype_id          INTEGER NOT NULL REFERENCES subtype(id),
  stage_id            INTEGER NOT NULL REFERENCES stage(id),
  identity_id         INTEGER NOT NULL REFERENCES identity(id),
  title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  title_key           TEXT NOT NULL,
  type_id             INTEGER REFERENCES list_item(id),
  assigned_id         INTEGER NOT NULL REFERENCES user(id),
  source_id           INTEGER REFERENCES list_item(id),
  campaign_id         INTEGER REFERENCES campaign(id),
  close_date          TEXT,
  final_amount        INTEGER NOT NULL DEFAULT 0 CHECK (final_amount >= 0),
  amount_manual       INTEGER NOT NULL DEFAULT 0 CHECK (amount_manual IN (0, 1)),
  probability         INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
  win_reason_id       INTEGER REFERENCES list_item(id),
  loss_reason_id      INTEGER REFERENCES list_item(id),
  purchase_process_id INTEGER REFERENCES list_item(id),
  won_at              TEXT,
  lost_at             TEXT,
  stage_changed_at    TEXT NOT NULL,
  important           INTEGER NOT NULL DEFAULT 0 CHECK (important IN (0, 1)),
  created_at          TEXT NOT NULL,
  created_by          INTEGER NOT NULL REFERENCES user(id),
  updated_at          TEXT NOT NULL,
  updated_by          INTEGER NOT NULL REFERENCES user(id),
  version             INTEGER NOT NULL DEFAULT 1,
  CHECK (win_reason_id IS NULL OR loss_reason_id IS NULL)
) STRICT;
CREATE INDEX opportunity_identity ON opportunity(identity_id, id);
CREATE INDEX opportunity_stage ON opportunity(stage_id, id);
CREATE INDEX opportunity_assigned ON opportunity(assigned_id, id);
CREATE INDEX opportunity_created_by ON opportunity(created_by, id);
CREATE INDEX opportunity_close ON opportunity(close_date, id);
CREATE INDEX opportunity_campaign ON opportunity(campaign_id, id) WHERE campaign_id IS NOT NULL;
CREATE INDEX opportunity_won ON opportunity(won_at) WHERE won_at IS NOT NULL;
CREATE INDEX opportunity_lost ON opportunity(lost_at) WHERE lost_at IS NOT NULL;
CREATE INDEX opportunity_title_key ON opportunity(title_key);

CREATE TABLE opp_line (
  id           INTEGER PRIMARY KEY,
  opp_id       INTEGER NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  product_id   INTEGER NOT NULL REFERENCES product(id),
  name         TEXT NOT NULL,
  qty          INTEGER NOT NULL CHECK (qty > 0),
  unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
  discount_bp  INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  discount     INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  total        INTEGER NOT NULL CHECK (total >= 0),
  final        INTEGER NOT NULL CHECK (final >= 0),
  description  TEXT,
  CHECK (discount <= total),
  CHECK (final = total - discount)
) STRICT;
CREATE INDEX opp_line_opp ON opp_line(opp_id, position);
CREATE INDEX opp_line_product ON opp_line(product_id, opp_id);

CREATE TABLE opp_competitor (
  id          INTEGER PRIMARY KEY,
  opp_id      INTEGER NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
  identity_id INTEGER REFERENCES identity(id),
  name        TEXT NOT NULL,
  note        TEXT
) STRICT;
CREATE INDEX opp_competitor_opp ON opp_competitor(opp_id);

CREATE TABLE opp_field_value (
  opp_id   INTEGER NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
  field_id INTEGER NOT NULL REFERENCES custom_field(id),
  value    TEXT NOT NULL,
  PRIMARY KEY (opp_id, field_id)
) STRICT, WITHOUT ROWID;

-- Every stage change (SPEC §5.2): from (NULL on creation), to, who, when.
CREATE TABLE stage_log (
  id            INTEGER PRIMARY KEY,
  opp_id        INTEGER NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
  from_stage_id INTEGER REFERENCES stage(id),
  to_stage_id   INTEGER NOT NULL REFERENCES stage(id),
  user_id       INTEGER NOT NULL REFERENCES user(id),
  at            TEXT NOT NULL
) STRICT;
CREATE INDEX stage_log_opp ON stage_log(opp_id, id);

-- Gap-free numbering per kind and Jalali year: incremented inside the same
-- BEGIN IMMEDIATE transaction that uses the number.
CREATE TABLE counter (
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (kind, year)
) STRICT, WITHOUT ROWID;

-- Sales documents (SPEC §7.1).
CREATE TABLE document (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('proforma', 'invoice', 'return')),
  number         TEXT UNIQUE,
  identity_id    INTEGER NOT NULL REFERENCES identity(id),
  opp_id         INTEGER REFERENCES opportunity(id),
  source_doc_id  INTEGER REFERENCES document(id),
  issue_date     TEXT NOT NULL,
  expiry_date    TEXT,
  seller_id      INTEGER NOT NULL REFERENCES user(id),
  description    TEXT,
  status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'pending', 'approved', 'rejected')),
  tax_bp         INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
  duties_bp      INTEGER NOT NULL CHECK (duties_bp BETWEEN 0 AND 10000),
  total          INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
  discount       INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  tax            INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0),
  duties         INTEGER NOT NULL DEFAULT 0 CHECK (duties >= 0),
  final          INTEGER NOT NULL DEFAULT 0 CHECK (final >= 0),
  invoiced_by_id INTEGER REFERENCES document(id),
  approved_at    TEXT,
  approved_by    INTEGER REFERENCES user(id),
  created_at     TEXT NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES user(id),
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  CHECK (final = total - discount + tax + duties)
) STRICT;
CREATE INDEX document_identity ON document(identity_id, status);
CREATE INDEX document_opp ON document(opp_id, status) WHERE opp_id IS NOT NULL;
CREATE INDEX document_kind ON document(kind, status, id);

CREATE TABLE doc_line (
  id           INTEGER PRIMARY KEY,
  doc_id       INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  product_id   INTEGER NOT NULL REFERENCES product(id),
  name         TEXT NOT NULL,
  qty          INTEGER NOT NULL CHECK (qty > 0),
  unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
  discount_bp  INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  discount     INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  total        INTEGER NOT NULL CHECK (total >= 0),
  tax          INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0),
  duties       INTEGER NOT NULL DEFAULT 0 CHECK (duties >= 0),
  final        INTEGER NOT NULL CHECK (final >= 0),
  warehouse_id INTEGER REFERENCES warehouse(id),
  description  TEXT,
  CHECK (discount <= total),
  CHECK (final = total - discount + tax + duties)
) STRICT;
CREATE INDEX doc_line_doc ON doc_line(doc_id, position);
CREATE INDEX doc_line_product ON doc_line(product_id);

-- Money received and paid, financial contracts (SPEC §7.2).
CREATE TABLE money_item (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'payment', 'contract')),
  identity_id INTEGER NOT NULL REFERENCES identity(id),
  opp_id      INTEGER REFERENCES opportunity(id),
  doc_id      INTEGER REFERENCES document(id),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  date        TEXT NOT NULL,
  description TEXT,
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES user(id)
) STRICT;
CREATE INDEX money_item_identity ON money_item(identity_id);
CREATE INDEX money_item_opp ON money_item(opp_id) WHERE opp_id IS NOT NULL;

-- Stock movements under quantity warehousing (SPEC §7.3).
CREATE TABLE stock_move (
  id           INTEGER PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES product(id),
  warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
  kind         TEXT NOT NULL CHECK (kind IN ('in', 'out', 'invoice', 'return')),
  qty          INTEGER NOT NULL CHECK (qty > 0),
  date         TEXT NOT NULL,
  doc_id       INTEGER REFERENCES document(id),
  description  TEXT,
  created_at   TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES user(id)
) STRICT;
CREATE INDEX stock_move_product ON stock_move(product_id, warehouse_id);

-- Serial warehousing: each serial's current warehouse (NULL once issued).
CREATE TABLE serial_item (
  id           INTEGER PRIMARY KEY,
  product_id   INTEGER NOT NULL REFERENCES product(id),
  serial       TEXT NOT NULL,
  warehouse_id INTEGER REFERENCES warehouse(id),
  UNIQUE (product_id, serial)
) STRICT;
CREATE INDEX serial_item_stock ON serial_item(product_id, warehouse_id);

CREATE TABLE serial_move (
  id             INTEGER PRIMARY KEY,
  serial_item_id INTEGER NOT NULL REFERENCES serial_item(id),
  kind           TEXT NOT NULL CHECK (kind IN ('receipt', 'remittance')),
  warehouse_id   INTEGER NOT NULL REFERENCES warehouse(id),
  date           TEXT NOT NULL,
  doc_id         INTEGER REFERENCES document(id),
  created_at     TEXT NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES user(id)
) STRICT;

-- Records shared by all items (SPEC §8).  item_kind is 'opportunity',
-- 'identity', 'document', 'product'.
CREATE TABLE note (
  id         INTEGER PRIMARY KEY,
  item_kind  TEXT NOT NULL,
  item_id    INTEGER NOT NULL,
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES user(id)
) STRICT;
CREATE INDEX note_item ON note(item_kind, item_id);

CREATE TABLE followup (
  id          INTEGER PRIMARY KEY,
  item_kind   TEXT NOT NULL,
  item_id     INTEGER NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES user(id),
  due_from    TEXT NOT NULL,
  due_to      TEXT NOT NULL,
  remind_at   TEXT,
  description TEXT NOT NULL,
  done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at  TEXT NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES user(id)
) STRICT;
CREATE INDEX followup_due ON followup(user_id, done, due_from);
CREATE INDEX followup_item ON followup(item_kind, item_id);

CREATE TABLE tag (
  item_kind TEXT NOT NULL,
  item_id   INTEGER NOT NULL,
  tag       TEXT NOT NULL,
  PRIMARY KEY (item_kind, item_id, tag)
) STRICT, WITHOUT ROWID;

-- Per-field history of every edit (SPEC §8 "Changes").
CREATE TABLE change_log (
  id        INTEGER PRIMARY KEY,
  item_kind TEXT NOT NULL,
  item_id   INTEGER NOT NULL,
  field     TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  user_id   INTEGER NOT NULL REFERENCES user(id),
  at        TEXT NOT NULL
) STRICT;
CREATE INDEX change_log_item ON change_log(item_kind, item_id, id);
