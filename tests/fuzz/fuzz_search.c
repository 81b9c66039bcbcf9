/* fuzz_search.c — the text layer (text.h) on any bytes: search keys,
 * storage normalisation, terminal sanitising, digit conversion and
 * measuring.  Every output is valid UTF-8; a search key is trimmed, has
 * single spaces and no ASCII capitals, and is its own key (so a key typed
 * back finds the same rows); sanitised text holds nothing a terminal would
 * act on (C0, DEL, C1, bidi embeddings, overrides and isolates). */
#include "fuzz.h"
#include "text.h"

/* The next code point of well-formed UTF-8 at *p (advanced). */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n > 1)
        c &= 0x3F >> (n - 1);
    for (int i = 1; i < n; i++)
        c = (c << 6) | (s[i] & 0x3F);
    *p = s + n;
    return c;
}

static void check_key(const char *s)
{
    char *k = fs_text_search_key(s);
    if (!k)
        return;
    size_t n = strlen(k);
    FUZZ_CHECK(fs_text_valid_utf8(k, n));
    FUZZ_CHECK(n == 0 || (k[0] != ' ' && k[n - 1] != ' '));
    FUZZ_CHECK(strstr(k, "  ") == NULL);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(!(k[i] >= 'A' && k[i] <= 'Z'));
    char *kk = fs_text_search_key(k);
    if (kk)
        FUZZ_CHECK(strcmp(kk, k) == 0);
    free(kk);
    free(k);
}

static void check_sanitized(const char *s, size_t len)
{
    char *t = fs_text_sanitize(s, len);
    if (!t)
        return;
    FUZZ_CHECK(fs_text_valid_utf8(t, strlen(t)));
    for (const unsigned char *p = (const unsigned char *)t; *p;) {
        uint32_t c = next_cp(&p);
        FUZZ_CHECK(c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F));
        FUZZ_CHECK(!(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069));
        FUZZ_CHECK(c != 0x2028 && c != 0x2029);
    }
    FUZZ_CHECK(fs_text_width(t) >= 0);
    free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *s = fuzz_cstr(data, size);
    if (!s)
        return 0;
    check_key(s);
    check_sanitized((const char *)data, size);
    char *norm = fs_text_normalize(s);
    if (norm) {
        FUZZ_CHECK(fs_text_valid_utf8(norm, strlen(norm)));
        check_key(norm);
        free(norm);
    }
    char *latin = fs_text_latin_digits(s), *local = fs_text_local_digits(s, FS_DIGITS_PERSIAN);
    free(latin);
    free(local);
    (void)fs_text_has_rtl(s);
    (void)fs_text_length(s);
    char small[7];
    size_t copied = fs_text_copy(small, sizeof small, s);
    FUZZ_CHECK(copied < sizeof small && strlen(small) == copied);
    if (fs_text_valid_utf8(s, strlen(s)))
        FUZZ_CHECK(fs_text_valid_utf8(small, copied));
    free(s);
    return 0;
}
