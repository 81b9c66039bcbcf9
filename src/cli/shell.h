/* shell.h — what the admin shell (`forsat shell`, shell.c) needs from the
 * rest of the program. */
#ifndef FS_SHELL_H
#define FS_SHELL_H

#include "cli.h"

/* The top-level command table of main.c (commands.def), ending with a
 * zero entry. */
const struct cli_cmd *cli_commands(void);

#endif
