/* cmd_doc.h — the document and money parts that other command groups show:
 * issuing a proforma or an invoice from an opportunity (`forsat opp
 * proforma ID`, `forsat opp invoice ID`) and the money lines of `opp show`.
 */
#ifndef FS_CMD_DOC_H
#define FS_CMD_DOC_H

#include <stdint.h>

#include "cli.h"

/* `opp proforma ID` / `opp invoice ID`: issues a draft from the
 * opportunity (id or number) with its lines copied; prints the new
 * document's id (the whole document with --format json). */
int cmd_opp_proforma(struct cli *c, int argc, char **argv);
int cmd_opp_invoice(struct cli *c, int argc, char **argv);

/* For `opp show`: the opportunity's balance, balance status and realized
 * amount — as keys "balance", "balance_status", "realized_amount" of the
 * open JSON object w, or as cli_kv lines when w is NULL.  The balance
 * lines are left out when the acting user may not view balances. */
void cli_opp_show_money(struct cli *c, int64_t opp_id, struct jw *w);

#endif
