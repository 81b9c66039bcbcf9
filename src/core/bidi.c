/* bidi.c — the display layer (see bidi.h and docs/BIDI.md).
 *
 * One render works on an array of the text's kept code points (struct ch),
 * each remembering its logical index in the caller's text.  Code points
 * are grouped into clusters, one per drawn glyph: a base character, the
 * combining marks after it and, for a lam-alef ligature, the alef.  A
 * cluster is drawn as its head's glyph (shaped, mirrored) followed by its
 * marks, so marks stay after their base in the output even inside a
 * reversed run, where a terminal expects them.  ZWNJ, ZWJ and the other
 * format characters belong to no cluster and are never drawn under
 * FS_BIDI_APP.
 *
 * Buffers for up to LOCAL_CPS code points live on the stack, so a typical
 * cell costs the one allocation fs_text_sanitize() makes plus the growth
 * of the caller's fs_vline the first time.
 */
#include "bidi.h"

#include "error.h"
#include "text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/ushape.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* Code points a render handles without a heap allocation. */
enum { LOCAL_CPS = 160 };

/* Code points analysed beyond what a cell can show, so that the bidi
 * algorithm sees the neighbours of the last shown characters. */
enum { CONTEXT_CPS = 256 };

#define REPLACEMENT 0xFFFD
#define ELLIPSIS 0x2026
#define DOTTED_CIRCLE 0x25CC
#define ZWNJ 0x200C
#define ZWJ 0x200D
#define LAM 0x0644

/* How a code point takes part in drawing. */
enum kind {
    K_BASE,     /* takes columns of its own (or merges into a ligature) */
    K_MARK,     /* combining mark: drawn on its base's cell */
    K_JOINER,   /* ZWNJ/ZWJ: steers shaping, drawn only for the terminal */
    K_HIDDEN,   /* any other format character: never drawn */
};

/* One kept code point of the analysed text. */
struct ch {
    UChar32 cp;      /* the sanitised code point */
    UChar32 glyph;   /* what a cluster head draws: shaped form or cp */
    int log;         /* its index in the caller's text */
    int head;        /* the cluster head it is drawn with, -1 for none */
    int u16;         /* offset of its first unit in the UTF-16 copy */
    uint8_t kind;
    uint8_t width;   /* columns of its cluster when it is a head */
};

/* The scratch arrays of one render; the local ones hold short texts. */
struct work {
    struct ch *ch;
    int m;                /* kept code points analysed */
    UChar *u16;           /* the analysed text in UTF-16, for ICU */
    int *at16;            /* [n16]: ch index of each UTF-16 unit */
    int n16;
    UChar *shape_in;      /* the letters and joiners handed to shaping */
    UChar *shape_out;
    int *shape_ch;        /* ch index of each shaping unit (-1: trail) */
    void *heap;           /* one block for texts longer than LOCAL_CPS */
    struct ch ch_local[LOCAL_CPS];
    UChar u16_local[2 * LOCAL_CPS];
    int at16_local[2 * LOCAL_CPS];
    UChar in_local[2 * LOCAL_CPS];
    UChar out_local[2 * LOCAL_CPS];
    int sch_local[2 * LOCAL_CPS];
};

/* The bidi engine, kept between renders: ubidi_open() costs more than a
 * whole short render.  g_line holds a clipped line of g_para. */
static UBiDi *g_para;
static UBiDi *g_line;

/* ---- code points ------------------------------------------------------ */

/* Decodes the code point at s[*pi] (*pi < len) and advances *pi.  An
 * ill-formed sequence gives U+FFFD and moves one byte, the rule text.c
 * follows, so that indices agree with fs_text_length() and with what
 * fs_text_sanitize() produces. */
static UChar32 next_cp(const uint8_t *s, size_t len, size_t *pi)
{
    size_t at = *pi;
    if (s[at] < 0x80) {
        *pi = at + 1;
        return s[at];
    }
    const uint8_t *p = s + at;
    int32_t room = len - at < 4 ? (int32_t)(len - at) : 4;
    int32_t used = 0;
    UChar32 c;
    U8_NEXT(p, used, room, c);
    *pi = at + (c < 0 ? 1 : (size_t)used);
    return c < 0 ? REPLACEMENT : c;
}

/* Columns of code point c by fs_text_width()'s rules (0 for marks and
 * format characters, 2 for wide ones), asked of text.c so the two never
 * disagree. */
static int cp_columns(UChar32 c)
{
    if (c >= 0x20 && c < 0x7F)
        return 1;
    char buf[5];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    buf[n] = '\0';
    return fs_text_width(buf);
}

/* True for a zero-width code point that is not a format character: a
 * combining mark (or a conjoining jamo), drawn on its predecessor. */
bool fs_bidi_is_mark(int32_t c)
{
    return c >= 0x80 && cp_columns(c) == 0 && u_charType(c) != U_FORMAT_CHAR;
}

/* True for code points Arabic shaping may change. */
static bool needs_shaping(UChar32 c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F)
        || (c >= 0x08A0 && c <= 0x08FF);
}

/* True for the alefs that form a ligature with a lam before them. */
static bool is_alef(UChar c)
{
    return c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0627;
}

/* ---- scratch space ---------------------------------------------------- */

/* Points w's arrays at room for m code points: the local arrays, or one
 * heap block.  False when memory runs out. */
static bool work_init(struct work *w, int m)
{
    w->heap = NULL;
    w->m = 0;
    w->n16 = 0;
    if (m <= LOCAL_CPS) {
        w->ch = w->ch_local;
        w->u16 = w->u16_local;
        w->at16 = w->at16_local;
        w->shape_in = w->in_local;
        w->shape_out = w->out_local;
        w->shape_ch = w->sch_local;
        return true;
    }
    size_t n = (size_t)m;
    size_t bytes = n * sizeof(struct ch) + 2 * n * (3 * sizeof(UChar) + 2 * sizeof(int));
    char *p = malloc(bytes);
    if (!p)
        return false;
    w->heap = p;
    w->ch = (struct ch *)(void *)p;
    p += n * sizeof(struct ch);
    w->at16 = (int *)(void *)p;
    p += 2 * n * sizeof(int);
    w->shape_ch = (int *)(void *)p;
    p += 2 * n * sizeof(int);
    w->u16 = (UChar *)(void *)p;
    w->shape_in = w->u16 + 2 * n;
    w->shape_out = w->shape_in + 2 * n;
    return true;
}

/* ---- the stages of a render ------------------------------------------- */

/* Sanitises s[0..len) with fs_text_sanitize() and fills w->ch with the
 * kept code points, each with its logical index.  fs_text_sanitize() only
 * drops code points, turns TAB, LF and CR into a space and drops the LF
 * of CR LF, each by the code point alone, so walking the input and its
 * sanitised copy side by side pairs every kept code point with its
 * origin.  False when memory runs out. */
static bool load_sanitized(struct work *w, const uint8_t *s, size_t len)
{
    char *clean = fs_text_sanitize((const char *)s, len);
    if (!clean)
        return false;
    const uint8_t *o = (const uint8_t *)clean;
    size_t olen = strlen(clean);
    size_t i = 0, at = 0;
    int log = 0;
    bool after_cr = false;
    while (i < len) {
        UChar32 c = next_cp(s, len, &i);
        bool dropped_lf = c == '\n' && after_cr;
        after_cr = c == '\r';
        if (!dropped_lf && at < olen) {
            size_t next = at;
            UChar32 d = next_cp(o, olen, &next);
            if (d == c || (d == ' ' && (c == '\t' || c == '\n' || c == '\r'))) {
                struct ch *k = &w->ch[w->m++];
                k->cp = d;
                k->glyph = d;
                k->log = log;
                k->head = -1;
                at = next;
            }
        }
        log++;
    }
    free(clean);
    return true;
}

/* What classify() learns about the text as a whole. */
struct traits {
    int first_strong;   /* 0 none, 1 left-to-right, 2 right-to-left */
    bool has_rtl;       /* any R, AL or AN character: reordering needed */
    bool has_arabic;    /* any character shaping may change */
};

/* Sets kind and width of every code point, builds the UTF-16 copy, and
 * notes the traits of the text. */
static void classify(struct work *w, struct traits *t)
{
    t->first_strong = 0;
    t->has_rtl = false;
    t->has_arabic = false;
    for (int k = 0; k < w->m; k++) {
        struct ch *c = &w->ch[k];
        c->u16 = w->n16;
        w->at16[w->n16] = k;
        if (U_IS_BMP(c->cp)) {
            w->u16[w->n16++] = (UChar)c->cp;
        } else {
            w->u16[w->n16++] = U16_LEAD(c->cp);
            w->at16[w->n16] = k;
            w->u16[w->n16++] = U16_TRAIL(c->cp);
        }
        c->kind = K_BASE;
        c->width = 1;
        if (c->cp < 0x80) {
            if (!t->first_strong && ((c->cp | 0x20) >= 'a' && (c->cp | 0x20) <= 'z'))
                t->first_strong = 1;
            continue;
        }
        int cols = cp_columns(c->cp);
        if (cols > 0)
            c->width = (uint8_t)cols;
        else if (u_charType(c->cp) != U_FORMAT_CHAR)
            c->kind = K_MARK;
        else
            c->kind = c->cp == ZWNJ || c->cp == ZWJ ? K_JOINER : K_HIDDEN;
        if (needs_shaping(c->cp))
            t->has_arabic = true;
        UCharDirection d = u_charDirection(c->cp);
        if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC || d == U_ARABIC_NUMBER)
            t->has_rtl = true;
        if (!t->first_strong && d == U_LEFT_TO_RIGHT)
            t->first_strong = 1;
        else if (!t->first_strong && (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC))
            t->first_strong = 2;
    }
}

/* True for the lam-alef ligatures U+FEF5–U+FEFC. */
static bool is_lam_alef(UChar c)
{
    return c >= 0xFEF5 && c <= 0xFEFC;
}

/* Walks the shaping input in[0..n) against ICU's output out[0..got):
 * every unit gives one unit, except that a lam followed by an alef gives
 * one ligature.  With apply false only checks that the two line up;
 * with apply true stores the glyphs and makes each alef part of its lam's
 * cluster. */
static bool align_shaped(struct work *w, const UChar *in, int n, const UChar *out,
                         int got, bool apply)
{
    int i = 0, o = 0;
    while (i < n && o < got) {
        int k = w->shape_ch[i];
        bool pair = is_lam_alef(out[o]) && in[i] == LAM && i + 1 < n && is_alef(in[i + 1]);
        if (apply && k >= 0 && U_IS_BMP(w->ch[k].cp))
            w->ch[k].glyph = out[o];
        if (apply && pair) {
            int alef = w->shape_ch[i + 1];
            w->ch[k].head = k;
            w->ch[alef].head = k;
        }
        i += pair ? 2 : 1;
        o++;
    }
    return i == n && o == got;
}

/* Shapes the letters with u_shapeArabic() and stores the forms as glyphs.
 * Marks are left out of the shaping text (they are transparent to joining,
 * and ICU would turn harakat into spacing presentation forms); ZWNJ and
 * ZWJ stay in, so they break or force joining.  Lam-alef ligatures use
 * U_SHAPE_LAMALEF_RESIZE: the "same length" options (NEAR, END, BEGIN,
 * AUTO) insert a space that moves letters around (NEAR shifts the whole
 * text when the ligature ends it), which breaks index maps; a resized
 * result lines up with the input deterministically, and the alef joins
 * the lam's cluster.  When ICU fails or the result does not line up, the
 * letters are drawn unshaped. */
static void shape(struct work *w)
{
    int n = 0;
    for (int k = 0; k < w->m; k++) {
        const struct ch *c = &w->ch[k];
        if (c->kind != K_BASE && c->kind != K_JOINER)
            continue;
        w->shape_ch[n] = k;
        if (U_IS_BMP(c->cp)) {
            w->shape_in[n++] = (UChar)c->cp;
        } else {
            w->shape_in[n++] = U16_LEAD(c->cp);
            w->shape_ch[n] = -1;
            w->shape_in[n++] = U16_TRAIL(c->cp);
        }
    }
    UErrorCode st = U_ZERO_ERROR;
    int32_t got = u_shapeArabic(w->shape_in, n, w->shape_out, n,
                                U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL
                                | U_SHAPE_LAMALEF_RESIZE, &st);
    if (U_SUCCESS(st) && align_shaped(w, w->shape_in, n, w->shape_out, got, false))
        align_shaped(w, w->shape_in, n, w->shape_out, got, true);
}

/* Assigns every code point to its cluster.  A mark joins the cluster of
 * the letter or mark before it; a mark with no letter before it (at the
 * start, or after a format character) heads a cluster of its own, drawn
 * on a dotted circle. */
static void cluster(struct work *w)
{
    for (int k = 0; k < w->m; k++) {
        struct ch *c = &w->ch[k];
        if (c->kind == K_BASE) {
            if (c->head < 0)
                c->head = k;
        } else if (c->kind == K_MARK) {
            const struct ch *prev = k > 0 ? &w->ch[k - 1] : NULL;
            if (prev && (prev->kind == K_BASE || prev->kind == K_MARK)) {
                c->head = prev->head;
            } else {
                c->head = k;
                c->width = 1;
            }
        }
    }
}

/* ---- output ----------------------------------------------------------- */

/* Returns p grown to hold need elements of size bytes, updating *cap, or
 * NULL when memory runs out (p is then left as it was). */
static void *grown(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return p;
    int n = *cap ? *cap : 16;
    while (n < need)
        n = n > INT_MAX / 2 ? need : n * 2;
    void *q = realloc(p, (size_t)n * size);
    if (q)
        *cap = n;
    return q;
}

/* Leaves out as an empty line (after an allocation failure). */
static void vline_clear(fs_vline *out)
{
    if (out->text_cap > 0)
        out->text[0] = '\0';
    else
        out->text = (char *)"";
    out->width = 0;
    out->nlog = 0;
    out->text_col = 0;
    out->text_width = 0;
    out->log_end = 0;
    out->clipped = false;
}

/* Sizes out for a line of width columns, bytes bytes and nlog logical
 * code points, all maps set to -1. */
static bool vline_prepare(fs_vline *out, int width, int bytes, int nlog)
{
    char *text = grown(out->text_cap ? out->text : NULL, &out->text_cap, bytes + 1, 1);
    if (text)
        out->text = text;
    int *cells = text ? grown(out->cell_to_log, &out->cells_cap, width + 1, sizeof(int)) : NULL;
    if (cells)
        out->cell_to_log = cells;
    int *logs = cells ? grown(out->log_to_cell, &out->log_cap, nlog + 1, sizeof(int)) : NULL;
    if (!logs) {
        vline_clear(out);
        return false;
    }
    out->log_to_cell = logs;
    for (int i = 0; i < width; i++)
        out->cell_to_log[i] = -1;
    for (int i = 0; i < nlog; i++)
        out->log_to_cell[i] = -1;
    out->text[0] = '\0';
    out->width = width;
    out->nlog = nlog;
    return true;
}

/* Writes into an fs_vline column by column. */
struct pen {
    fs_vline *v;
    int bytes;
    int col;
};

/* Appends code point c (no columns of its own). */
static void pen_cp(struct pen *p, UChar32 c)
{
    U8_APPEND_UNSAFE(p->v->text, p->bytes, c);
}

/* Appends n spaces, or a glyph on n columns that show logical index log. */
static void pen_cells(struct pen *p, UChar32 c, int n, int log)
{
    if (c == ' ') {
        memset(p->v->text + p->bytes, ' ', (size_t)n);
        p->bytes += n;
    } else {
        pen_cp(p, c);
    }
    for (int i = 0; i < n; i++)
        p->v->cell_to_log[p->col + i] = log;
    p->col += n;
}

/* Draws the cluster headed by w->ch[k] (k < cut): its glyph, mirrored when
 * rtl_run, then the marks and letters merged into it, in logical order,
 * all mapped to its first column. */
static void draw_cluster(struct pen *p, const struct work *w, int k, int cut, bool rtl_run)
{
    const struct ch *h = &w->ch[k];
    int col = p->col;
    if (h->kind == K_MARK) {
        pen_cells(p, DOTTED_CIRCLE, 1, h->log);
        pen_cp(p, h->cp);
    } else {
        pen_cells(p, rtl_run ? u_charMirror(h->glyph) : h->glyph, h->width, h->log);
    }
    p->v->log_to_cell[h->log] = col;
    /* The members follow the head, with only undrawn code points (which
     * belong to no cluster) between them. */
    for (int j = k + 1; j < cut; j++) {
        const struct ch *c = &w->ch[j];
        if (c->head < 0)
            continue;
        if (c->head != k)
            break;
        if (c->kind == K_MARK)
            pen_cp(p, c->cp);
        p->v->log_to_cell[c->log] = col;
    }
}

/* Draws ch[0..cut) in logical order (left-to-right text, or the
 * terminal's mode); for the terminal ZWNJ and ZWJ are kept in place. */
static void draw_logical(struct pen *p, const struct work *w, int cut, bool joiners)
{
    for (int k = 0; k < cut; k++) {
        const struct ch *c = &w->ch[k];
        if (c->head == k)
            draw_cluster(p, w, k, cut, false);
        else if (joiners && c->kind == K_JOINER)
            pen_cp(p, c->cp);
    }
}

/* Draws ch[0..cut) in visual order, run by run as ubidi lays the line
 * out; a right-to-left run is walked backwards and its brackets mirrored.
 * False when ICU fails. */
static bool draw_visual(struct pen *p, const struct work *w, int cut, UBiDiLevel level)
{
    if (cut == 0)
        return true;    /* nothing fits (ubidi_setLine refuses empty lines) */
    UErrorCode st = U_ZERO_ERROR;
    ubidi_setPara(g_para, w->u16, w->n16, level, NULL, &st);
    UBiDi *use = g_para;
    if (U_SUCCESS(st) && cut < w->m) {
        ubidi_setLine(g_para, 0, w->ch[cut].u16, g_line, &st);
        use = g_line;
    }
    int32_t runs = ubidi_countRuns(use, &st);
    if (U_FAILURE(st))
        return false;
    for (int32_t r = 0; r < runs; r++) {
        int32_t start, len;
        bool rtl = ubidi_getVisualRun(use, r, &start, &len) == UBIDI_RTL;
        for (int32_t i = 0; i < len; i++) {
            int32_t u = rtl ? start + len - 1 - i : start + i;
            int k = w->at16[u];
            /* A supplementary character is drawn at its lead unit. */
            if (w->ch[k].head == k && w->ch[k].u16 == u)
                draw_cluster(p, w, k, cut, rtl);
        }
    }
    return true;
}

/* ---- rendering -------------------------------------------------------- */

/* Whether the paragraph is right-to-left, from base and the text. */
static bool paragraph_rtl(enum fs_bidi_base base, const struct traits *t)
{
    switch (base) {
    case FS_BIDI_LTR: return false;
    case FS_BIDI_RTL: return true;
    case FS_BIDI_AUTO_LTR: return t->first_strong == 2;
    case FS_BIDI_AUTO_RTL: return t->first_strong != 1;
    }
    return false;
}

/* The ubidi paragraph level asking for the same direction as base. */
static UBiDiLevel paragraph_level(enum fs_bidi_base base)
{
    switch (base) {
    case FS_BIDI_LTR: return 0;
    case FS_BIDI_RTL: return 1;
    case FS_BIDI_AUTO_LTR: return UBIDI_DEFAULT_LTR;
    case FS_BIDI_AUTO_RTL: return UBIDI_DEFAULT_RTL;
    }
    return 0;
}

/* Opens the cached bidi engine on first use. */
static bool engine_ready(void)
{
    if (g_para && g_line)
        return true;
    fs_bidi_release();
    g_para = ubidi_open();
    g_line = ubidi_open();
    if (g_para && g_line)
        return true;
    fs_bidi_release();
    return false;
}

/* Releases the cached engine (bidi.h). */
void fs_bidi_release(void)
{
    if (g_para)
        ubidi_close(g_para);
    if (g_line)
        ubidi_close(g_line);
    g_para = NULL;
    g_line = NULL;
}

/* Columns the clusters of ch[0..m) take. */
static long clusters_width(const struct work *w)
{
    long sum = 0;
    for (int k = 0; k < w->m; k++)
        if (w->ch[k].head == k)
            sum += w->ch[k].width;
    return sum;
}

/* The first code point not shown when the clusters must fit in avail
 * columns: the head of the first cluster that does not fit (w->m when all
 * do).  *used gets the columns the shown clusters take. */
static int clip_point(const struct work *w, int avail, int *used)
{
    int sum = 0;
    for (int k = 0; k < w->m; k++) {
        const struct ch *c = &w->ch[k];
        if (c->head != k)
            continue;
        if (sum + c->width > avail) {
            *used = sum;
            return k;
        }
        sum += c->width;
    }
    *used = sum;
    return w->m;
}

/* The space on the left of a text of tw columns in a cell of width
 * columns, by alignment and paragraph direction. */
static int left_padding(int width, int tw, enum fs_align align, bool rtl)
{
    int spare = width - tw;
    switch (align) {
    case FS_ALIGN_START: return rtl ? spare : 0;
    case FS_ALIGN_END: return rtl ? 0 : spare;
    case FS_ALIGN_CENTER: return rtl ? (spare + 1) / 2 : spare / 2;
    }
    return 0;
}

/* Renders logical text into a cell (bidi.h).  The text past the first
 * 4 * width + CONTEXT_CPS code points cannot be shown, so it is only
 * counted, keeping a 10,000-character name as cheap as a short one. */
int fs_bidi_render(const char *logical, int width, enum fs_bidi_base base,
                   enum fs_align align, enum fs_bidi_mode mode, fs_vline *out)
{
    const uint8_t *s = (const uint8_t *)(logical ? logical : "");
    size_t len = strlen((const char *)s);
    if (len > INT_MAX / 8) {
        vline_clear(out);
        return FS_ERUNTIME;
    }
    size_t limit = width < 0 ? SIZE_MAX : 4 * (size_t)width + CONTEXT_CPS;
    size_t nlog = 0, analysed = len;
    for (size_t i = 0; i < len; nlog++) {
        if (nlog == limit)
            analysed = i;
        if (s[i] < 0x80)
            i++;
        else
            next_cp(s, len, &i);
    }
    bool truncated = analysed < len;

    struct work w;
    int cps = (int)(truncated ? limit : nlog);
    if (!work_init(&w, cps))
        goto oom;
    if (!load_sanitized(&w, s, analysed))
        goto oom;
    struct traits t;
    classify(&w, &t);
    if (mode == FS_BIDI_APP && t.has_arabic)
        shape(&w);
    cluster(&w);

    bool rtl = paragraph_rtl(base, &t);
    long total = clusters_width(&w);
    int cut = w.m, used = (int)(total > INT_MAX ? INT_MAX : total);
    bool clipped = false;
    if (width >= 0 && (truncated || total > width)) {
        clipped = true;
        cut = clip_point(&w, width - 1, &used);
    }
    int tw = used + (clipped && width > 0 ? 1 : 0);
    int cells = width >= 0 ? width : tw;
    int lpad = left_padding(cells, tw, align, rtl);
    /* At most 4 bytes of glyph and 3 of dotted circle per code point. */
    if (!vline_prepare(out, cells, (cut + 1) * 7 + cells, (int)nlog))
        goto oom;

    struct pen p = { out, 0, 0 };
    pen_cells(&p, ' ', lpad, -1);
    bool visual = mode == FS_BIDI_APP && (rtl || t.has_rtl);
    bool ellipsis_left = clipped && width > 0 && visual && rtl;
    if (ellipsis_left)
        pen_cells(&p, ELLIPSIS, 1, -1);
    if (visual) {
        if (!engine_ready() || !draw_visual(&p, &w, cut, paragraph_level(base)))
            goto oom;
    } else {
        draw_logical(&p, &w, cut, mode == FS_BIDI_TERMINAL);
    }
    if (clipped && width > 0 && !ellipsis_left)
        pen_cells(&p, ELLIPSIS, 1, -1);
    pen_cells(&p, ' ', cells - p.col, -1);
    out->text[p.bytes] = '\0';
    out->text_col = lpad;
    out->text_width = tw;
    out->log_end = cut < w.m ? w.ch[cut].log : truncated ? (int)limit : (int)nlog;
    out->rtl = rtl;
    out->reordered = mode == FS_BIDI_APP;
    out->clipped = clipped;
    free(w.heap);
    return FS_OK;

oom:
    free(w.heap);
    vline_clear(out);
    return FS_ERUNTIME;
}

/* ---- working with a rendered line ------------------------------------- */

/* Cuts a window out of a rendered line (bidi.h).  The source text is read
 * back glyph by glyph: a code point with columns starts a glyph, the
 * zero-width ones after it (marks) belong to it. */
int fs_vline_slice(const fs_vline *src, int col, int width, fs_vline *out)
{
    if (width < 0)
        width = 0;
    const uint8_t *s = (const uint8_t *)src->text;
    size_t len = strlen(src->text);
    if (len > INT_MAX - (size_t)width || !vline_prepare(out, width, (int)len + width, src->nlog))
        return FS_ERUNTIME;
    struct pen p = { out, 0, 0 };
    int end = col + width;
    int sc = 0;                     /* source column of the glyph at i */
    size_t i = 0;
    if (col < 0)
        pen_cells(&p, ' ', -col < width ? -col : width, -1);
    while (i < len && sc < end) {
        size_t g = i;
        int w = cp_columns(next_cp(s, len, &i));
        while (i < len) {
            size_t peek = i;
            if (cp_columns(next_cp(s, len, &peek)) != 0)
                break;
            i = peek;
        }
        if (sc >= col && sc + w <= end && (w > 0 || sc < end)) {
            memcpy(out->text + p.bytes, s + g, i - g);
            p.bytes += (int)(i - g);
            for (int c = 0; c < w; c++)
                out->cell_to_log[p.col + c] = src->cell_to_log[sc + c];
            p.col += w;
        } else if (sc + w > col) {
            int from = sc > col ? sc : col;
            int to = sc + w < end ? sc + w : end;
            pen_cells(&p, ' ', to - from, -1);
        }
        sc += w;
    }
    pen_cells(&p, ' ', width - p.col, -1);
    out->text[p.bytes] = '\0';
    for (int l = 0; l < src->nlog; l++) {
        int c = src->log_to_cell[l] - col;
        if (src->log_to_cell[l] >= 0 && c >= 0 && c < width && out->cell_to_log[c] >= 0)
            out->log_to_cell[l] = c;
    }
    int a = src->text_col - col, b = a + src->text_width;
    a = a < 0 ? 0 : a > width ? width : a;
    b = b < a ? a : b > width ? width : b;
    out->text_col = a;
    out->text_width = b - a;
    out->log_end = src->log_end;
    out->rtl = src->rtl;
    out->reordered = src->reordered;
    out->clipped = src->clipped;
    return FS_OK;
}

/* Column of a text cursor (bidi.h). */
int fs_vline_cursor_col(const fs_vline *v, int pos)
{
    if (pos < 0)
        pos = 0;
    for (int j = pos; j < v->log_end && j < v->nlog; j++)
        if (v->log_to_cell[j] >= 0)
            return v->log_to_cell[j];
    bool left = v->rtl && v->reordered;
    if (v->clipped && v->text_width > 0)
        return left ? v->text_col : v->text_col + v->text_width - 1;
    return left ? v->text_col - 1 : v->text_col + v->text_width;
}

/* Frees a rendered line (bidi.h). */
void fs_vline_free(fs_vline *v)
{
    if (v->text_cap > 0)
        free(v->text);
    free(v->cell_to_log);
    free(v->log_to_cell);
    memset(v, 0, sizeof *v);
}
