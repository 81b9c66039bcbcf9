#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fs_err_clear(fs_err *e)
{
    if (!e)
        return;
    e->code = FS_OK;
    e->field[0] = '\0';
    e->msg[0] = '\0';
}

int fs_err_set(fs_err *e, int code, const char *field, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}
