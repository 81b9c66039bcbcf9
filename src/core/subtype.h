/* subtype.h — the opportunity model an admin shapes (SPEC §5.2, §5.3 C):
 * subtypes, their ordered stage chains and their custom fields.
 *
 * Rules kept here:
 *  - every subtype keeps at least one active won and one active lost stage;
 *  - a stage that holds opportunities is disabled or deleted only by moving
 *    them to an active replacement stage of the same subtype (each move is
 *    a stage change: stage_log, change_log, won/lost dates and reasons);
 *  - a deleted stage leaves the chain but keeps its row for the stage log;
 *  - custom field values are checked by the field's type.
 * Every change needs FS_PERM_ADMIN_MODEL.  Reading needs nothing.
 */
#ifndef FS_SUBTYPE_H
#define FS_SUBTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

/* Room for a 200-character title in UTF-8, and for a key. */
#define FS_TITLE_BYTES 808
#define FS_KEY_BYTES 64

enum fs_stage_kind { FS_STAGE_OPEN, FS_STAGE_WON, FS_STAGE_LOST };

/* Stored names "open", "won", "lost" and back (FS_EINVAL naming field). */
const char *fs_stage_kind_name(enum fs_stage_kind k);
int fs_stage_kind_parse(const char *text, const char *field, enum fs_stage_kind *k, fs_err *e);

typedef struct fs_subtype {
    int64_t id;
    char key[FS_KEY_BYTES];
    char title_fa[FS_TITLE_BYTES];
    char title_en[FS_TITLE_BYTES];
    bool is_default, active;
    int position;
} fs_subtype;

typedef struct fs_stage {
    int64_t id, subtype_id;
    char key[FS_KEY_BYTES];
    char title_fa[FS_TITLE_BYTES];
    char title_en[FS_TITLE_BYTES];
    int position;              /* 1-based within the subtype's chain */
    enum fs_stage_kind kind;
    bool active;
    bool deleted;
    int64_t opp_count;         /* opportunities in it now (lists only) */
} fs_stage;

/* ---- subtypes ---------------------------------------------------------- */

/* Every subtype in chain order; *out is malloc'd (free()). */
int fs_subtype_list(fs_session *s, fs_subtype **out, int *n, fs_err *e);
int fs_subtype_get(fs_session *s, int64_t id, fs_subtype *out, fs_err *e);
/* The default subtype's id. */
int fs_subtype_default(fs_session *s, int64_t *id, fs_err *e);
/* A new subtype; it starts with a copy of the default subtype's active
 * stages, so it has its won and lost stages from the first moment.  key:
 * letters a–z, digits, '_' or '-', up to 50; titles up to 200 characters
 * (a missing one takes the other's text). */
int fs_subtype_add(fs_session *s, const char *key, const char *title_fa, const char *title_en, int64_t *id,
                   fs_err *e);
/* NULL leaves a title as it is. */
int fs_subtype_rename(fs_session *s, int64_t id, const char *title_fa, const char *title_en, fs_err *e);
int fs_subtype_set_default(fs_session *s, int64_t id, fs_err *e);
/* A subtype named by id, key or title; "" or NULL → the default one. */
int fs_subtype_resolve(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);

/* ---- stages ------------------------------------------------------------ */

/* The stages of a subtype in chain order (deleted ones left out), with
 * their opportunity counts; *out is malloc'd (free()). */
int fs_stage_list(fs_session *s, int64_t subtype_id, fs_stage **out, int *n, fs_err *e);
/* Any stage by id, deleted ones included (old records show them). */
int fs_stage_get(fs_session *s, int64_t id, fs_stage *out, fs_err *e);
/* A stage named by id, key or title.  subtype_id 0 accepts an id of any
 * subtype and resolves names in the default subtype.  Deleted stages are
 * not found. */
int fs_stage_resolve(fs_session *s, int64_t subtype_id, const char *text, const char *field, int64_t *id,
                     fs_err *e);
/* The stage a new opportunity of the subtype starts in: its first active
 * open stage (else its first active stage). */
int fs_stage_first(fs_session *s, int64_t subtype_id, int64_t *id, fs_err *e);
/* position 0 appends; otherwise the stage is inserted there and the stages
 * from there on move down one. */
int fs_stage_add(fs_session *s, int64_t subtype_id, const char *key, const char *title_fa, const char *title_en,
                 enum fs_stage_kind kind, int position, int64_t *id, fs_err *e);
int fs_stage_rename(fs_session *s, int64_t id, const char *title_fa, const char *title_en, fs_err *e);
/* Moves the stage to position (1 … number of stages). */
int fs_stage_move(fs_session *s, int64_t id, int position, fs_err *e);
/* Disables (active false) or enables a stage.  Disabling a stage that
 * holds opportunities needs replacement_id (an active stage of the same
 * subtype) and moves them there; *moved (may be NULL) gets how many. */
int fs_stage_set_active(fs_session *s, int64_t id, bool active, int64_t replacement_id, int64_t *moved,
                        fs_err *e);
/* Deletes a stage, with the same replacement rule as disabling. */
int fs_stage_delete(fs_session *s, int64_t id, int64_t replacement_id, int64_t *moved, fs_err *e);

/* ---- custom fields ----------------------------------------------------- */

enum fs_custom_field_type {
    FS_CFIELD_TEXT, FS_CFIELD_NUMBER, FS_CFIELD_AMOUNT, FS_CFIELD_DATE, FS_CFIELD_BOOL, FS_CFIELD_CHOICE,
    FS_CFIELD_USER
};
const char *fs_custom_field_type_name(enum fs_custom_field_type t);
int fs_custom_field_type_parse(const char *text, const char *field, enum fs_custom_field_type *t, fs_err *e);

typedef struct fs_custom_field {
    int64_t id, subtype_id;
    char key[FS_KEY_BYTES];
    char label_fa[FS_TITLE_BYTES];
    char label_en[FS_TITLE_BYTES];
    enum fs_custom_field_type type;
    bool required, active;
    char *choices;             /* choice type: one option per line; "" else */
    int position;
} fs_custom_field;

/* choices (choice type only, required there): options separated by
 * newlines or commas (',' or '،'), each up to 200 characters, no
 * duplicates. */
int fs_custom_field_add(fs_session *s, int64_t subtype_id, const char *key, const char *label_fa, const char *label_en,
                 enum fs_custom_field_type type, bool required, const char *choices, int64_t *id, fs_err *e);
/* The fields of a subtype in order; inactive ones only with all. */
int fs_custom_field_list(fs_session *s, int64_t subtype_id, bool all, fs_custom_field **out, int *n, fs_err *e);
void fs_custom_field_list_free(fs_custom_field *v, int n);
int fs_custom_field_get(fs_session *s, int64_t id, fs_custom_field *out, fs_err *e);
/* A field of the subtype named by id, key or label (inactive ones found). */
int fs_custom_field_resolve(fs_session *s, int64_t subtype_id, const char *text, const char *field, int64_t *id,
                     fs_err *e);
/* A disabled field is no longer shown or required; stored values stay. */
int fs_custom_field_disable(fs_session *s, int64_t id, fs_err *e);

/* Checks a value typed for field f and gives its stored form (malloc'd):
 * text as typed (normalised, ≤ 1000 characters); number a whole number;
 * amount Rial digits (fs_money_parse); date ISO (fs_date_parse with the
 * session's calendar); bool "1"/"0" (yes/no/بله/خیر/true/false/1/0);
 * choice the option as defined (matched by search key); user an existing
 * login.  "" → *out = "" (no value). */
int fs_custom_field_value_parse(fs_session *s, const fs_custom_field *f, const char *text, char **out, fs_err *e);

#endif
