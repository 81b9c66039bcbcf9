/* balance.h — financial items (receipts, payments, financial contracts) and
 * the balances of an opportunity and of an identity (SPEC §7.2).
 *
 * Sign: positive = the customer owes us (debtor «بدهکار»), negative = we
 * owe the customer (creditor «بستانکار»).  Contributions: approved invoice
 * + final, approved sales return − final, contract + amount, payment +
 * amount, receipt − amount.  Proformas, and documents that are not
 * approved, count nowhere.  An opportunity's balance sums only the items
 * linked directly to it (document.opp_id, money_item.opp_id); an identity's
 * sums all of its items.
 */
#ifndef FS_BALANCE_H
#define FS_BALANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

enum fs_money_item_kind { FS_MONEY_RECEIPT, FS_MONEY_PAYMENT, FS_MONEY_CONTRACT };

/* "receipt", "payment", "contract" and translated labels. */
const char *fs_money_item_kind_name(enum fs_money_item_kind k);
const char *fs_money_item_kind_label(enum fs_money_item_kind k, bool fa);

/* A new financial item.  identity_id may be 0 when opp_id or doc_id gives
 * it; every link given must belong to the same identity.  amount in Rial,
 * 1 … FS_MONEY_MAX.  date ISO or NULL/"" for today. */
struct fs_money_item_new {
    enum fs_money_item_kind kind;
    int64_t identity_id;
    int64_t opp_id;
    int64_t doc_id;
    int64_t amount;
    const char *date;
    const char *description;
};
int fs_money_item_add(fs_session *s, const struct fs_money_item_new *in, int64_t *id, fs_err *e);

typedef struct fs_money_item {
    int64_t id;
    enum fs_money_item_kind kind;
    int64_t identity_id;
    const char *identity_name;
    int64_t opp_id;            /* 0 = none */
    int64_t doc_id;            /* 0 = none */
    const char *doc_number;    /* "" when none or not yet numbered */
    int64_t amount;
    const char *date;          /* ISO */
    const char *description;   /* "" when none */
} fs_money_item;

/* Filters: kind -1 = any; identity_id/opp_id 0 = any; keyset pagination
 * by id (id > after, ascending, at most limit, 0 = 100). */
struct fs_money_item_filter {
    int kind;
    int64_t identity_id;
    int64_t opp_id;
    int64_t after;
    int limit;
};
/* Calls fn for every matching item (the strings live until fn returns);
 * a non-zero return from fn stops the list and is returned. */
typedef int (*fs_money_item_fn)(void *ctx, const fs_money_item *it);
int fs_money_item_list(fs_session *s, const struct fs_money_item_filter *f, fs_money_item_fn fn, void *ctx,
                       fs_err *e);

enum fs_balance_status {
    FS_BALANCE_NONE,      /* no counted item yet */
    FS_BALANCE_DEBTOR,    /* > 0: the customer owes us */
    FS_BALANCE_CREDITOR,  /* < 0: we owe the customer */
    FS_BALANCE_SETTLED,   /* items exist and add up to 0 */
};
/* "none", "debtor", "creditor", "settled" and the words users read:
 * «بدهکار» / "debtor" … */
const char *fs_balance_status_name(enum fs_balance_status st);
const char *fs_balance_status_label(enum fs_balance_status st, bool fa);

typedef struct fs_balance {
    int64_t amount;
    enum fs_balance_status status;
    int64_t items;   /* how many approved documents and money items count */
} fs_balance;

/* Both need FS_PERM_VIEW_BALANCE; the opportunity must be visible to the
 * acting user.  FS_ECONFLICT when the opportunity/identity does not exist. */
int fs_balance_opp(fs_session *s, int64_t opp_id, fs_balance *b, fs_err *e);
int fs_balance_identity(fs_session *s, int64_t identity_id, fs_balance *b, fs_err *e);

/* Realized amount of an opportunity: Σ final of its approved invoices. */
int fs_balance_realized(fs_session *s, int64_t opp_id, int64_t *amount, fs_err *e);

#endif
