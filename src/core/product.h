/* product.h — the product catalogue (SPEC §6.1, §6.2): the product-group
 * tree and products, with the type-ahead and code searches of the picker.
 *
 * Groups form a tree.  Products may only be placed in a leaf group, and a
 * group that holds products cannot get children.
 *
 * Reading needs no permission; adding and editing products and groups needs
 * admin.lists, deleting also needs delete.  The built-in «سایر» "Other"
 * product can never be deleted, deactivated or made unsellable; a product
 * used anywhere (opportunity or document lines, stock, serials) can only be
 * deactivated.  Edits are versioned (a stale version is FS_ECONFLICT) and
 * every changed field is written to change_log (item_kind 'product').
 */
#ifndef FS_PRODUCT_H
#define FS_PRODUCT_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

#define FS_PRODUCT_CODE_MAX 50    /* characters */
#define FS_PRODUCT_NAME_MAX 200   /* characters */
#define FS_GROUP_NAME_MAX 100     /* characters */

typedef struct fs_product {
    int64_t id;
    char code[4 * FS_PRODUCT_CODE_MAX + 1];
    char name[4 * FS_PRODUCT_NAME_MAX + 1];
    int64_t group_id;        /* 0 = no group */
    char group_name[4 * FS_GROUP_NAME_MAX + 1];  /* filled by get/list/search */
    bool service;            /* kind: service (true) or product (false) */
    int64_t unit_id;         /* item of the 'unit' list; 0 = none */
    char unit_key[64];       /* filled by get/list/search */
    char unit_label[512];    /* in the session's language; filled by get/list/search */
    bool has_price;          /* false: no defined price (the user types one) */
    int64_t unit_price;      /* Rial, when has_price */
    bool sellable, stock_tracked, serial, taxable, name_editable, active;
    bool builtin;            /* the «سایر» "Other" product; read-only */
    int64_t version;
} fs_product;

/* Defaults of a new product: kind product, sellable, active, no price,
 * no group, no unit (fs_product_add then picks the first active unit). */
void fs_product_init(fs_product *p);

/* Adds a product from p's code, name, group_id, service, unit_id,
 * has_price/unit_price and flags (id, version, builtin and the display
 * names are ignored).  Rules: code 1–50 characters without spaces, unique
 * ignoring case and spelling variants; name 1–200 characters; group a leaf;
 * unit an active item of the 'unit' list (none given: the first active
 * unit); a service is not stock-tracked; serial needs stock-tracked. */
int fs_product_add(fs_session *s, const fs_product *p, int64_t *id, fs_err *e);

/* The same, inside a write transaction the caller already holds
 * (fs_db_write): CSV import adds a whole file in one transaction. */
int fs_product_insert(fs_session *s, const fs_product *p, int64_t *id, fs_err *e);

/* Saves p over product p->id when p->version is still the stored version
 * (else FS_ECONFLICT, nothing changed).  The same rules as add; a unit or
 * group that is unchanged is accepted even if it has since been
 * deactivated.  Nothing changed → FS_OK without a new version. */
int fs_product_edit(fs_session *s, const fs_product *p, fs_err *e);

/* Loads product id (FS_ECONFLICT "not found" when missing). */
int fs_product_get(fs_session *s, int64_t id, fs_product *p, fs_err *e);

/* Deletes a product that is used nowhere and is not built in. */
int fs_product_delete(fs_session *s, int64_t id, fs_err *e);

/* True (FS_OK, *used set) when the product appears on an opportunity or
 * document line, a stock movement or a serial. */
int fs_product_in_use(fs_session *s, int64_t id, bool *used, fs_err *e);

/* Restricts list and search results. */
typedef struct fs_product_filter {
    int64_t group_id;   /* 0 = any; else that group and all its sub-groups */
    bool pickable;      /* only sellable, active products */
} fs_product_filter;

/* Called once per product found; a non-zero return stops the walk. */
typedef int (*fs_product_fn)(void *ctx, const fs_product *p);

/* Products with id > after_id in id order, at most limit (keyset paging). */
int fs_product_list(fs_session *s, const fs_product_filter *f, int64_t after_id, int limit, fs_product_fn fn,
                    void *ctx, fs_err *e);

/* Type-ahead on the name: first names starting with the text (by name),
 * then names with every typed word as a word prefix (by id); at most limit.
 * Spelling variants (ي/ی, ك/ک, ZWNJ, digits) are folded.  Empty text finds
 * nothing. */
int fs_product_search(fs_session *s, const char *text, const fs_product_filter *f, int limit, fs_product_fn fn,
                      void *ctx, fs_err *e);

/* Code search: the exact code (ignoring case) first, then codes starting
 * with the text, in code order; at most limit. */
int fs_product_search_code(fs_session *s, const char *text, const fs_product_filter *f, int limit,
                           fs_product_fn fn, void *ctx, fs_err *e);

/* The id of the built-in «سایر» "Other" product. */
int fs_product_other_id(fs_session *s, int64_t *id, fs_err *e);

/* ---- product groups ---- */

typedef struct fs_group {
    int64_t id;
    int64_t parent_id;   /* 0 = a root */
    char name[4 * FS_GROUP_NAME_MAX + 1];
    int depth;           /* 0 for roots */
    bool leaf;           /* has no sub-groups */
    int64_t products;    /* products placed directly in it */
} fs_group;

/* Adds a group under parent_id (0 = a root).  The name (1–100 characters)
 * must be unique among its siblings; the parent must hold no products. */
int fs_group_add(fs_session *s, const char *name, int64_t parent_id, int64_t *id, fs_err *e);

typedef int (*fs_group_fn)(void *ctx, const fs_group *g);

/* Every group, depth first: each parent before its children, siblings by
 * name. */
int fs_group_list(fs_session *s, fs_group_fn fn, void *ctx, fs_err *e);

#endif
