/* text.c — Persian-aware text utilities (see text.h).
 *
 * Everything walks UTF-8 with decode_cp(), which turns every ill-formed
 * byte into its own U+FFFD, so no function here can read past s[len) or
 * misbehave on hostile input.  Normalisation streams the text through ICU
 * in chunks held on the stack, cut where the normaliser has a boundary, so
 * a call costs one malloc (the result) whatever the input length, and the
 * 32-bit lengths of the ICU API are never exceeded.
 */
#include "text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* UTF-16 units a chunk gathers before it looks for a normalisation
 * boundary; at IN_HARD it is cut regardless (only a run of hundreds of
 * combining marks gets there).  OUT_CAP fits nearly every NFKC result of
 * IN_CAP units; a bigger one is normalised into a temporary heap buffer. */
enum { IN_CAP = 512, IN_SOFT = 256, IN_HARD = IN_CAP - 2, OUT_CAP = 4 * IN_CAP };

/* Bytes of a result kept on the stack before it moves to the heap. */
enum { OBUF_LOCAL = 512 };

#define REPLACEMENT 0xFFFD

/* ---- UTF-8 decoding and encoding ------------------------------------- */

/* Decodes the code point at s[*pi] (with *pi < len) and advances *pi.
 * Returns a negative value for an ill-formed sequence and then advances by
 * exactly one byte, so every bad byte is reported once. */
static UChar32 decode_raw(const uint8_t *s, size_t len, size_t *pi)
{
    size_t i = *pi;
    if (s[i] < 0x80) {
        *pi = i + 1;
        return s[i];
    }
    /* A sequence is at most 4 bytes: bounding the length keeps U8_NEXT's
     * int32_t arithmetic safe for any size_t input. */
    const uint8_t *p = s + i;
    size_t rest = len - i;
    int32_t n = rest > 4 ? 4 : (int32_t)rest;
    int32_t j = 0;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (c < 0) {
        *pi = i + 1;
        return -1;
    }
    *pi = i + (size_t)j;
    return c;
}

/* Like decode_raw(), but an ill-formed byte yields U+FFFD. */
static UChar32 decode_cp(const uint8_t *s, size_t len, size_t *pi)
{
    UChar32 c = decode_raw(s, len, pi);
    return c < 0 ? REPLACEMENT : c;
}

/* Writes the UTF-8 form of the valid scalar value c to out (when out is
 * not NULL) and returns its length in bytes (1–4). */
static size_t encode_cp(char *out, UChar32 c)
{
    uint8_t b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (uint8_t)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (uint8_t)(0xC0 | (c >> 6));
        b[1] = (uint8_t)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (uint8_t)(0xE0 | (c >> 12));
        b[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (uint8_t)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (uint8_t)(0xF0 | (c >> 18));
        b[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (uint8_t)(0x80 | (c & 0x3F));
        n = 4;
    }
    if (out)
        memcpy(out, b, n);
    return n;
}

/* True for the ASCII characters with the Unicode White_Space property
 * (TAB, LF, VT, FF, CR, space), the same set u_isUWhiteSpace() gives. */
static bool ascii_space(unsigned c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* True when every byte of s[0..len) is ASCII. */
static bool all_ascii(const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 0x80)
            return false;
    return true;
}

/* Returns a malloc'd empty string (the result for NULL or empty input). */
static char *empty_string(void)
{
    return calloc(1, 1);
}

/* ---- growable output buffer ------------------------------------------ */

/* A byte buffer that starts on the stack and moves to the heap when it
 * outgrows OBUF_LOCAL.  It must not be copied once initialised. */
struct obuf {
    char *p;
    size_t len;
    size_t cap;
    bool heap;
    bool oom;
    char local[OBUF_LOCAL];
};

/* Initialises an empty buffer. */
static void ob_init(struct obuf *b)
{
    b->p = b->local;
    b->len = 0;
    b->cap = sizeof b->local;
    b->heap = false;
    b->oom = false;
}

/* Makes room for extra more bytes plus a NUL; false (and b->oom set) when
 * memory runs out. */
static bool ob_reserve(struct obuf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (extra < b->cap - b->len)
        return true;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->oom = true;
        return false;
    }
    size_t cap = b->cap * 2;
    while (cap <= b->len + extra)
        cap *= 2;
    char *p;
    if (b->heap) {
        p = realloc(b->p, cap);
    } else {
        p = malloc(cap);
        if (p)
            memcpy(p, b->local, b->len);
    }
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    b->heap = true;
    return true;
}

/* Appends the UTF-8 form of c. */
static void ob_put(struct obuf *b, UChar32 c)
{
    if (ob_reserve(b, 4))
        b->len += encode_cp(b->p + b->len, c);
}

/* Frees whatever the buffer holds. */
static void ob_free(struct obuf *b)
{
    if (b->heap)
        free(b->p);
    ob_init(b);
}

/* Turns the buffer into a malloc'd NUL-terminated string (NULL when memory
 * ran out at any point).  The buffer is left empty. */
static char *ob_finish(struct obuf *b)
{
    char *r;
    if (b->oom) {
        ob_free(b);
        return NULL;
    }
    if (b->heap) {
        r = b->p;
        r[b->len] = '\0';
        if (b->cap - b->len > 256) {
            char *q = realloc(r, b->len + 1);
            if (q)
                r = q;
        }
    } else {
        r = malloc(b->len + 1);
        if (r) {
            memcpy(r, b->local, b->len);
            r[b->len] = '\0';
        }
    }
    ob_init(b);
    return r;
}

/* ---- streaming normalisation ----------------------------------------- */

/* Receives each code point of the normalised text, in order. */
typedef void (*cp_sink)(void *ctx, UChar32 c);

/* Normalises in[0..n) with n2 and hands the result to sink.  False when
 * ICU fails (out of memory). */
static bool norm_flush(const UNormalizer2 *n2, const UChar *in, int32_t n,
                       cp_sink sink, void *ctx)
{
    UChar out[OUT_CAP];
    UChar *big = NULL;
    const UChar *res = out;
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(n2, in, n, out, OUT_CAP, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        big = malloc((size_t)m * sizeof *big);
        if (!big)
            return false;
        st = U_ZERO_ERROR;
        m = unorm2_normalize(n2, in, n, big, m, &st);
        res = big;
    }
    if (U_FAILURE(st)) {
        free(big);
        return false;
    }
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        U16_NEXT(res, i, m, c);
        sink(ctx, c);
    }
    free(big);
    return true;
}

/* True for what a search key drops before normalisation: format (Cf)
 * characters, tatweel, and the harakat that take part in no canonical
 * composition (all of U+064B–U+065F and U+0670 except U+0653–U+0655, which
 * are parts of آ أ إ ؤ ئ ۀ).  Dropping them first keeps them from blocking
 * a composition (a ZWJ or a class-230 mark between a letter and its
 * accent), so text with and without them gets the same key. */
static bool key_drops_early(UChar32 c)
{
    if (c >= 0x064B && c <= 0x065F)
        return c < 0x0653 || c > 0x0655;
    return c == 0x0640 || c == 0x0670 || u_charType(c) == U_FORMAT_CHAR;
}

/* Decodes s[0..len) (bad bytes → U+FFFD), drops what key_drops_early()
 * names when for_key, normalises with n2 chunk by chunk and feeds every
 * resulting code point to sink.  False when ICU fails. */
static bool norm_stream(const UNormalizer2 *n2, const uint8_t *s, size_t len,
                        bool for_key, cp_sink sink, void *ctx)
{
    UChar in[IN_CAP];
    int32_t n = 0;
    size_t i = 0;
    while (i < len) {
        UChar32 c = decode_cp(s, len, &i);
        if (for_key && c >= 0x80 && key_drops_early(c))
            continue;
        if (n >= IN_SOFT && (n >= IN_HARD || unorm2_hasBoundaryBefore(n2, c))) {
            if (!norm_flush(n2, in, n, sink, ctx))
                return false;
            n = 0;
        }
        U16_APPEND_UNSAFE(in, n, c);
    }
    return n == 0 || norm_flush(n2, in, n, sink, ctx);
}

/* ---- search key ------------------------------------------------------ */

/* State of a search key under construction. */
struct keyctx {
    struct obuf out;
    bool space;          /* a white-space run is waiting to be written */
    bool recompose;      /* a mark was dropped after NFKC: NFC again */
};

/* Appends one code point of NFKC_Casefold output to a search key, applying
 * the Persian foldings, removals and white-space collapsing of text.h.
 * Harakat and tatweel seen here are U+0653–U+0655 that composed with
 * nothing, or came out of a compatibility form (U+FE70…, U+FC5E…). */
static void key_sink(void *v, UChar32 c)
{
    struct keyctx *k = v;
    if (c < 0x80) {
        if (ascii_space((unsigned)c)) {
            k->space = k->out.len > 0;
            return;
        }
    } else {
        switch (c) {
        case 0x064A: case 0x0649: c = 0x06CC; break;              /* ي ى → ی */
        case 0x0643: c = 0x06A9; break;                           /* ك → ک */
        case 0x0623: case 0x0625: case 0x0671: c = 0x0627; break; /* أ إ ٱ → ا */
        case 0x0629: case 0x06C0: c = 0x0647; break;              /* ة ۀ → ه */
        case 0x0624: c = 0x0648; break;                           /* ؤ → و */
        case 0x0640: return;                           /* tatweel */
        case 0x0670: k->recompose = true; return;      /* superscript alef */
        default:
            if (c >= 0x064B && c <= 0x065F) {          /* harakat */
                k->recompose = true;
                return;
            }
            if (c >= 0x06F0 && c <= 0x06F9)
                c = '0' + (c - 0x06F0);
            else if (c >= 0x0660 && c <= 0x0669)
                c = '0' + (c - 0x0660);
            else if (u_isUWhiteSpace(c)) {
                k->space = k->out.len > 0;
                return;
            } else if (u_charType(c) == U_FORMAT_CHAR)
                return;
        }
    }
    if (k->space) {
        ob_put(&k->out, ' ');
        k->space = false;
    }
    ob_put(&k->out, c);
}

/* Appends a code point unchanged (the NFC pass over a finished key). */
static void copy_sink(void *v, UChar32 c)
{
    ob_put(v, c);
}

/* Search key of pure-ASCII s[0..len): NFKC_Casefold is then just A–Z →
 * a–z, so only case and white space need handling. */
static char *ascii_key(const uint8_t *s, size_t len)
{
    char *r = malloc(len + 1);
    if (!r)
        return NULL;
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        unsigned c = s[i];
        if (ascii_space(c)) {
            space = o > 0;
            continue;
        }
        if (space) {
            r[o++] = ' ';
            space = false;
        }
        r[o++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    r[o] = '\0';
    return r;
}

/* Search key (text.h).  NFKC plus case folding is done in one pass with
 * ICU's NFKC_Casefold, which is NFKC and full default case folding made
 * closed (folding can un-normalise text, e.g. U+0345) and which already
 * drops default-ignorable characters; the Persian rules follow.  NULL s is
 * taken as "".  A mark removed after NFKC (a U+0653–U+0655 that composed
 * with nothing) may have kept a letter from composing with a later accent,
 * so in that rare case the key is put through NFC once more. */
char *fs_text_fts_prefix_query(const char *key)
{
    size_t n = strlen(key);
    char *q = malloc(3 * n + 8);
    if (!q)
        return NULL;
    size_t k = 0;
    const char *p = key;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (k)
            q[k++] = ' ';
        q[k++] = '"';
        for (; *p && *p != ' '; p++) {
            if (*p == '"')
                q[k++] = '"';
            q[k++] = *p;
        }
        q[k++] = '"';
        q[k++] = '*';
    }
    q[k] = '\0';
    return q;
}

char *fs_text_search_key(const char *s)
{
    if (!s)
        return empty_string();
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s);
    if (all_ascii(u, len))
        return ascii_key(u, len);

    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st))
        return NULL;
    struct keyctx k;
    ob_init(&k.out);
    k.space = false;
    k.recompose = false;
    if (!norm_stream(n2, u, len, true, key_sink, &k)) {
        ob_free(&k.out);
        return NULL;
    }
    if (!k.recompose || k.out.oom)
        return ob_finish(&k.out);

    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    struct obuf again;
    ob_init(&again);
    bool ok = U_SUCCESS(st)
        && norm_stream(nfc, (const uint8_t *)k.out.p, k.out.len, false,
                       copy_sink, &again);
    ob_free(&k.out);
    if (!ok) {
        ob_free(&again);
        return NULL;
    }
    return ob_finish(&again);
}

/* ---- storage normalisation ------------------------------------------- */

/* State of fs_text_normalize(). */
struct normctx {
    struct obuf out;
    size_t keep;         /* length up to the last non-space character */
};

/* Appends one NFC code point, skipping leading white space and noting
 * where the last non-space character ends. */
static void norm_sink(void *v, UChar32 c)
{
    struct normctx *k = v;
    bool sp = c < 0x80 ? ascii_space((unsigned)c) : u_isUWhiteSpace(c);
    if (sp && k->out.len == 0)
        return;
    ob_put(&k->out, c);
    if (!sp)
        k->keep = k->out.len;
}

/* Storage form (text.h): bad bytes → U+FFFD, NFC, White_Space trimmed at
 * both ends; controls are kept.  NULL s is taken as "". */
/* Removes, in place, what stored text never needs and a terminal could
 * obey: C0 controls other than TAB and newline (CRLF becomes LF), DEL, C1 controls, the bidi
 * embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069, and the
 * line/paragraph separators U+2028/U+2029; then trims white space again.
 * s is valid UTF-8. */
static void strip_controls(char *s)
{
    uint8_t *r = (uint8_t *)s, *w = (uint8_t *)s;
    while (*r) {
        if (r[0] == '\r' && r[1] == '\n') {
            r++; /* CRLF → LF */
        } else if ((*r < 0x20 && *r != '\t' && *r != '\n') || *r == 0x7f) {
            r++;
        } else if (r[0] == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F) {
            r += 2;
        } else if (r[0] == 0xE2 && ((r[1] == 0x80 && r[2] >= 0xA8 && r[2] <= 0xAE) ||
                                    (r[1] == 0x81 && r[2] >= 0xA6 && r[2] <= 0xA9))) {
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    size_t a = 0, b = (size_t)(w - (uint8_t *)s);
    while (a < b && ascii_space((uint8_t)s[a]))
        a++;
    while (b > a && ascii_space((uint8_t)s[b - 1]))
        b--;
    memmove(s, s + a, b - a);
    s[b - a] = '\0';
}

static char *normalize_nfc(const char *s);

char *fs_text_normalize(const char *s)
{
    char *r = normalize_nfc(s);
    if (r)
        strip_controls(r);
    return r;
}

static char *normalize_nfc(const char *s)
{
    if (!s)
        return empty_string();
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s);
    if (all_ascii(u, len)) {
        /* NFC leaves ASCII alone: only trim. */
        size_t a = 0, b = len;
        while (a < b && ascii_space(u[a]))
            a++;
        while (b > a && ascii_space(u[b - 1]))
            b--;
        char *r = malloc(b - a + 1);
        if (r) {
            memcpy(r, s + a, b - a);
            r[b - a] = '\0';
        }
        return r;
    }

    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st))
        return NULL;
    struct normctx k;
    ob_init(&k.out);
    k.keep = 0;
    if (!norm_stream(n2, u, len, false, norm_sink, &k)) {
        ob_free(&k.out);
        return NULL;
    }
    k.out.len = k.keep;
    return ob_finish(&k.out);
}

/* ---- terminal sanitising --------------------------------------------- */

/* True for the non-ASCII characters fs_text_sanitize() removes: C1
 * controls, the bidi embeddings/overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2069), the line/paragraph separators, and the direction marks
 * LRM, RLM and ALM.  The marks are invisible and harmless in themselves,
 * but forsat lays out bidi text itself and a stray mark could reorder a
 * cell against its neighbours, so they are removed too. */
static bool unsafe_cp(UChar32 c)
{
    return (c >= 0x80 && c <= 0x9F)
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x2028 || c == 0x2029
        || c == 0x200E || c == 0x200F || c == 0x061C;
}

/* Sanitises s[0..len) into out (or only measures it when out is NULL);
 * returns the output length.  TAB, LF, CR and CR LF become one space each;
 * other C0 controls and DEL are dropped. */
static size_t sanitize_into(const uint8_t *s, size_t len, char *out)
{
    size_t o = 0;
    size_t i = 0;
    while (i < len) {
        unsigned b = s[i];
        if (b >= 0x20 && b < 0x7F) {
            if (out)
                out[o] = (char)b;
            o++;
            i++;
            continue;
        }
        if (b < 0x80) {
            i++;
            if (b == '\r' && i < len && s[i] == '\n')
                i++;
            if (b == '\t' || b == '\n' || b == '\r') {
                if (out)
                    out[o] = ' ';
                o++;
            }
            continue;
        }
        UChar32 c = decode_cp(s, len, &i);
        if (unsafe_cp(c))
            continue;
        o += encode_cp(out ? out + o : NULL, c);
    }
    return o;
}

/* Terminal-safe copy (text.h).  Output is at most 3 bytes per input byte
 * (a bad byte becomes U+FFFD), measured exactly first so the result is one
 * right-sized allocation.  NULL s is taken as "". */
char *fs_text_sanitize(const char *s, size_t len)
{
    if (!s)
        return empty_string();
    if (len == (size_t)-1)
        len = strlen(s);
    const uint8_t *u = (const uint8_t *)s;
    size_t n = sanitize_into(u, len, NULL);
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    sanitize_into(u, len, r);
    r[n] = '\0';
    return r;
}

/* ---- measuring ------------------------------------------------------- */

/* Columns of one non-ASCII code point: 0 for Mn, Me, Cf and the Hangul
 * medial vowels/finals U+1160–U+11FF, 2 for East Asian Wide/Fullwidth,
 * 1 otherwise. */
static int cp_width(UChar32 c)
{
    if (c >= 0x1160 && c <= 0x11FF)
        return 0;
    int t = u_charType(c);
    if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_FORMAT_CHAR)
        return 0;
    int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

/* Terminal columns (text.h); every ASCII byte, control or not, and every
 * bad byte (shown as U+FFFD) counts 1.  Saturates at INT_MAX; NULL is 0. */
int fs_text_width(const char *s)
{
    if (!s)
        return 0;
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s);
    size_t w = 0;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            w++;
            i++;
        } else {
            w += (size_t)cp_width(decode_cp(u, len, &i));
        }
    }
    return w > INT_MAX ? INT_MAX : (int)w;
}

/* Code points in s, each bad byte counting as one.  NULL is 0. */
size_t fs_text_length(const char *s)
{
    if (!s)
        return 0;
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s);
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80)
            i++;
        else
            decode_cp(u, len, &i);
        n++;
    }
    return n;
}

/* Well-formed UTF-8 per Unicode (no overlongs, surrogates or values above
 * U+10FFFF); NUL bytes inside s[0..len) are valid.  NULL is valid only
 * with len 0. */
bool fs_text_valid_utf8(const char *s, size_t len)
{
    if (!s)
        return len == 0;
    const uint8_t *u = (const uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80)
            i++;
        else if (decode_raw(u, len, &i) < 0)
            return false;
    }
    return true;
}

/* True when s holds a character of bidi class R or AL.  NULL is false. */
bool fs_text_has_rtl(const char *s)
{
    if (!s)
        return false;
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int d = u_charDirection(decode_cp(u, len, &i));
        if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
            return true;
    }
    return false;
}

/* ---- digits ---------------------------------------------------------- */

/* What digits_into() does with digits. */
enum digit_mode { TO_LATIN, TO_PERSIAN, KEEP_DIGITS };

/* Copies s[0..len) into out (or measures it when out is NULL), turning
 * Persian/Arabic-Indic digits (and U+066B) to Latin, ASCII digits to
 * Persian, or leaving digits alone, by mode; bad bytes become U+FFFD.
 * Returns the output length. */
static size_t digits_into(const uint8_t *s, size_t len, enum digit_mode mode,
                          char *out)
{
    size_t o = 0;
    size_t i = 0;
    while (i < len) {
        UChar32 c;
        if (s[i] < 0x80) {
            c = s[i++];
            if (mode == TO_PERSIAN && c >= '0' && c <= '9')
                c = 0x06F0 + (c - '0');
        } else {
            c = decode_cp(s, len, &i);
            if (mode == TO_LATIN) {
                if (c >= 0x06F0 && c <= 0x06F9)
                    c = '0' + (c - 0x06F0);
                else if (c >= 0x0660 && c <= 0x0669)
                    c = '0' + (c - 0x0660);
                else if (c == 0x066B)
                    c = '.';
            }
        }
        o += encode_cp(out ? out + o : NULL, c);
    }
    return o;
}

/* Runs digits_into() twice: to size the result, then to fill it. */
static char *digits_copy(const char *s, enum digit_mode mode)
{
    if (!s)
        return empty_string();
    const uint8_t *u = (const uint8_t *)s;
    size_t len = strlen(s);
    size_t n = digits_into(u, len, mode, NULL);
    char *r = malloc(n + 1);
    if (!r)
        return NULL;
    digits_into(u, len, mode, r);
    r[n] = '\0';
    return r;
}

/* Persian/Arabic-Indic digits → ASCII, U+066B → '.' (text.h).  Bad bytes
 * become U+FFFD so that the copy is valid UTF-8; NULL is taken as "". */
char *fs_text_latin_digits(const char *s)
{
    return digits_copy(s, TO_LATIN);
}

/* ASCII digits → Persian for FS_DIGITS_PERSIAN, else a copy (text.h).  In
 * both cases bad bytes become U+FFFD; NULL is taken as "". */
char *fs_text_local_digits(const char *s, enum fs_digits digits)
{
    return digits_copy(s, digits == FS_DIGITS_PERSIAN ? TO_PERSIAN : KEEP_DIGITS);
}

size_t fs_text_copy(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return 0;
    size_t len = src ? strlen(src) : 0;
    if (len >= n) {
        len = n - 1;
        /* Back up to the start of a code point. */
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    if (len)
        memcpy(dst, src, len);
    dst[len] = '\0';
    return len;
}
