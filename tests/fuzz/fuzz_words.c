/* fuzz_words.c — the admin shell's word splitter (fs_words_split, used by
 * `forsat shell` for every line typed or piped in) on any line: strict
 * splitting succeeds or is refused with a sentence; lenient splitting
 * (completion) always succeeds and agrees with a strict success; and the
 * words, each quoted back in single quotes, split to the same words. */
#include "fuzz.h"
#include "words.h"

/* Appends word quoted for the splitter: '…' with ' as '\''. */
static size_t quote(char *out, const char *word)
{
    size_t n = 0;
    out[n++] = '\'';
    for (const char *p = word; *p; p++) {
        if (*p == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            out[n++] = *p;
        }
    }
    out[n++] = '\'';
    out[n++] = ' ';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *line = fuzz_cstr(data, size);
    if (!line)
        return 0;
    fs_words strict, lenient;
    fs_err e;
    fs_err_clear(&e);
    int rc = fs_words_split(line, false, &strict, &e);
    FUZZ_CHECK(rc == FS_OK || rc == FS_EINVAL);
    FUZZ_CHECK(rc == FS_OK || e.msg[0] != '\0');
    FUZZ_CHECK(fs_words_split(line, true, &lenient, &e) == FS_OK);
    if (rc == FS_OK) {
        FUZZ_CHECK(strict.v[strict.n] == NULL && !lenient.open && lenient.n == strict.n);
        size_t cap = 2, at = 0;
        for (int i = 0; i < strict.n; i++) {
            FUZZ_CHECK(strcmp(strict.v[i], lenient.v[i]) == 0);
            cap += 4 * strlen(strict.v[i]) + 3;
        }
        char *again = malloc(cap + 1);
        if (again) {
            for (int i = 0; i < strict.n; i++)
                at += quote(again + at, strict.v[i]);
            again[at] = '\0';
            fs_words back;
            FUZZ_CHECK(fs_words_split(again, false, &back, &e) == FS_OK && back.n == strict.n);
            for (int i = 0; i < strict.n; i++)
                FUZZ_CHECK(strcmp(back.v[i], strict.v[i]) == 0);
            fs_words_free(&back);
            free(again);
        }
    }
    fs_words_free(&strict);
    fs_words_free(&lenient);
    free(line);
    return 0;
}
