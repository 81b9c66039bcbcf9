/* words.h — splitting a command line into words, with the quoting a POSIX
 * shell user expects (the admin shell, `forsat shell`, and scripts fed to
 * it).
 *
 * Rules: blanks (space, tab, newline) separate words; 'single quotes' keep
 * everything literally; "double quotes" keep everything but a backslash
 * before " \ $ ` or a newline; outside quotes a backslash keeps the next
 * character literally (a backslash before a newline joins the lines);
 * adjacent quoted and unquoted parts make one word ('a'"b"c is abc); ""
 * is an empty word; a # at the start of a word starts a comment to the end
 * of the line.  No variables, globs or other expansion.
 */
#ifndef FS_WORDS_H
#define FS_WORDS_H

#include <stdbool.h>

#include "error.h"

typedef struct fs_words {
    char **v;      /* n words and a NULL; each points into one buffer */
    int n;
    bool open;     /* lenient mode: the line ended inside a quote */
} fs_words;

/* Splits line into *out (free with fs_words_free, also after an error).
 * An unterminated quote or a trailing backslash is FS_EINVAL naming it,
 * unless lenient (completion of a line still being typed), where the
 * partial word is kept and out->open tells it was cut. */
int fs_words_split(const char *line, bool lenient, fs_words *out, fs_err *e);
void fs_words_free(fs_words *w);

#endif
