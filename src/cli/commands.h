/* commands.h — declarations of every top-level command handler, generated
 * from commands.def so the table and the declarations cannot disagree. */
#ifndef FS_COMMANDS_H
#define FS_COMMANDS_H

#include "cli.h"

#define FS_COMMAND(name, fn, usage) int fn(struct cli *c, int argc, char **argv);
#include "commands.def"
#undef FS_COMMAND

#endif
