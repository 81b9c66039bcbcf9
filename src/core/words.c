/* words.c — shell-like splitting of a command line (see words.h). */
#include "words.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

void fs_words_free(fs_words *w)
{
    if (w->v)
        free(w->v[0] ? w->v[0] : (char *)w->v[w->n + 1]);
    free(w->v);
    w->v = NULL;
    w->n = 0;
}

int fs_words_split(const char *line, bool lenient, fs_words *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(line);
    /* Every word but the last is followed by a blank, so the words and
     * their NULs fit in len + 1 bytes, and there are at most len / 2 + 1
     * of them.  The buffer's address is kept after the NULL as well, so
     * fs_words_free finds it when there are no words. */
    char *buf = malloc(len + 1);
    out->v = calloc(len / 2 + 3, sizeof *out->v);
    if (!buf || !out->v) {
        free(buf);
        free(out->v);
        out->v = NULL;
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    char *w = buf;
    const char *p = line;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (!*p || *p == '#')
            break;
        char *start = w;
        char quote = 0;
        for (; *p; p++) {
            char ch = *p;
            if (quote == '\'') {
                if (ch == '\'')
                    quote = 0;
                else
                    *w++ = ch;
            } else if (quote == '"') {
                if (ch == '"')
                    quote = 0;
                else if (ch == '\\' && p[1] && strchr("\"\\$`\n", p[1])) {
                    if (*++p != '\n')
                        *w++ = *p;
                } else
                    *w++ = ch;
            } else if (is_blank(ch)) {
                break;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '\\') {
                if (!p[1]) {
                    if (!lenient) {
                        fs_err_set(e, FS_EINVAL, "line", _("the line ends with a lone backslash."));
                        goto fail;
                    }
                    /* Step over the backslash: the line ends here, and a
                     * break with p still on it would start another word
                     * at it, for ever, writing past the buffer. */
                    out->open = true;
                    p++;
                    break;
                }
                if (*++p != '\n')
                    *w++ = *p;
            } else {
                *w++ = ch;
            }
        }
        if (quote) {
            if (!lenient) {
                fs_err_set(e, FS_EINVAL, "line",
                           quote == '"' ? _("the line ends inside a \"double-quoted\" text; close the quote.")
                                        : _("the line ends inside a 'single-quoted' text; close the quote."));
                goto fail;
            }
            out->open = true;
        }
        *w++ = '\0';
        out->v[out->n++] = start;
        if (!*p)
            break;
    }
    out->v[out->n] = NULL;
    out->v[out->n + 1] = buf;
    return FS_OK;
fail:
    out->v[0] = NULL;
    out->v[1] = buf;
    out->n = 0;
    return FS_EINVAL;
}
