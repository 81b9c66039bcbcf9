-- forsat schema, version 2: unsaved-form drafts and saved list filters.

-- Unsaved form input kept across a crash or a dropped connection (SPEC §11).
CREATE TABLE draft (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user(id),
  form       TEXT NOT NULL,
  item_id    INTEGER,
  payload    TEXT NOT NULL,
  saved_at   TEXT NOT NULL,
  UNIQUE (user_id, form, item_id)
) STRICT;

CREATE TABLE saved_filter (
  id      INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id),
  name    TEXT NOT NULL,
  args    TEXT NOT NULL,
  UNIQUE (user_id, name)
) STRICT;
