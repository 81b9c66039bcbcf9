/* strbuf.h — a growing NUL-terminated string for the text formats the core
 * writes (drafts, saved filters). */
#ifndef FS_STRBUF_H
#define FS_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Start as { 0 }; p is NULL or NUL-terminated; `failed` once memory ran
 * out (later appends do nothing).  The caller frees p. */
struct fs_strbuf {
    char *p;
    size_t n, cap;
    bool failed;
};

void fs_strbuf_put(struct fs_strbuf *b, const char *s, size_t n);
void fs_strbuf_puts(struct fs_strbuf *b, const char *s);

#endif
