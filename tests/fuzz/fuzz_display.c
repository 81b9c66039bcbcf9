/* fuzz_display.c — the display layer (SPEC §9) on any bytes: sanitising,
 * shaping and reordering a line for the terminal (fs_bidi_render, slices,
 * cursor columns) and a one-line field edited by keys taken from the
 * input.  The maps between columns and logical positions stay in range, a
 * rendered line is exactly as wide as asked, and a field's cursor stays
 * within its text and on screen.
 *
 * Input: byte 0 picks the width (0–95, or the whole text), byte 1 the
 * direction, alignment, mode and a field length limit; then the text up to
 * the first 0xFF byte; the rest are editing keys. */
#include "bidi.h"
#include "error.h"
#include "field.h"
#include "fuzz.h"
#include "text.h"

static void check_vline(const fs_vline *v, int width)
{
    if (width >= 0)
        FUZZ_CHECK(v->width == width);
    FUZZ_CHECK(fs_text_valid_utf8(v->text, strlen(v->text)));
    for (int c = 0; c < v->width; c++)
        FUZZ_CHECK(v->cell_to_log[c] >= -1 && v->cell_to_log[c] < v->nlog);
    for (int i = 0; i < v->nlog; i++)
        FUZZ_CHECK(v->log_to_cell[i] >= -1 && v->log_to_cell[i] < v->width);
    FUZZ_CHECK(v->text_col >= 0 && v->text_width >= 0 && v->text_col + v->text_width <= v->width);
    FUZZ_CHECK(v->log_end >= 0 && v->log_end <= v->nlog);
    for (int pos = 0; pos <= v->nlog; pos++) {
        int col = fs_vline_cursor_col(v, pos);
        FUZZ_CHECK(col >= -1 && col <= v->width);
    }
}

static void render(const char *text, int width, uint8_t flags)
{
    fs_vline v = { 0 }, slice = { 0 };
    enum fs_bidi_base base = (enum fs_bidi_base)(flags & 3);
    enum fs_align align = (enum fs_align)((flags >> 2) % 3);
    enum fs_bidi_mode mode = flags & 0x10 ? FS_BIDI_TERMINAL : FS_BIDI_APP;
    if (fs_bidi_render(text, width, base, align, mode, &v) == FS_OK) {
        FUZZ_CHECK(v.nlog == (int)fs_text_length(text));
        check_vline(&v, width);
        int w = width > 0 ? width / 2 + 1 : 3;
        if (fs_vline_slice(&v, (int)(flags % 7) - 3, w, &slice) == FS_OK)
            check_vline(&slice, w);
    }
    fs_vline_free(&v);
    fs_vline_free(&slice);
}

static void edit(const char *text, int width, uint8_t flags, const uint8_t *keys, size_t nkeys)
{
    fs_field f;
    int max_len = (flags >> 5) * 7; /* 0: no limit */
    if (fs_field_init(&f, text, max_len, (enum fs_bidi_base)(flags & 3),
                      flags & 0x10 ? FS_BIDI_TERMINAL : FS_BIDI_APP) != FS_OK)
        return;
    int cap = f.n > max_len ? f.n : max_len;
    fs_vline out = { 0 };
    for (size_t i = 0; i < nkeys; i++) {
        uint8_t k = keys[i];
        switch (k % 10) {
        case 0: {
            /* Types the next few bytes as one insertion (a paste). */
            size_t n = (size_t)(k / 10) % 8;
            if (n > nkeys - i - 1)
                n = nkeys - i - 1;
            char piece[8];
            memcpy(piece, keys + i + 1, n);
            piece[n] = '\0';
            i += n;
            FUZZ_CHECK(fs_field_insert(&f, piece) >= 0);
            break;
        }
        case 1: fs_field_backspace(&f); break;
        case 2: fs_field_delete(&f); break;
        case 3: fs_field_home(&f); break;
        case 4: fs_field_end(&f); break;
        case 5: fs_field_move(&f, k & 0x10 ? 1 : -1); break;
        case 6: fs_field_move_visual(&f, k & 0x10 ? 1 : -1); break;
        case 7: fs_field_insert(&f, "\xD9\x84\xD8\xA7\xD9\x8B"); break; /* lam, alef, fathatan */
        case 8: {
            char *copy = strdup(fs_field_text(&f));
            if (copy)
                fs_field_set_text(&f, copy);
            free(copy);
            break;
        }
        default: {
            int w = width > 0 ? width : 1 + k % 40, col = -1;
            if (fs_field_layout(&f, w, &out, &col) == FS_OK) {
                FUZZ_CHECK(out.width == w);
                FUZZ_CHECK(col >= 0 && col < w);
            }
            break;
        }
        }
        FUZZ_CHECK(f.cursor >= 0 && f.cursor <= f.n);
        FUZZ_CHECK(max_len == 0 || f.n <= cap);
        const char *t = fs_field_text(&f);
        FUZZ_CHECK(fs_text_valid_utf8(t, strlen(t)));
        FUZZ_CHECK((int)fs_text_length(t) == f.n);
    }
    fs_vline_free(&out);
    fs_field_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 2048)
        return 0;
    int width = data[0] >= 96 ? -1 : data[0];
    uint8_t flags = data[1];
    const uint8_t *rest = data + 2;
    size_t n = size - 2;
    const uint8_t *sep = memchr(rest, 0xFF, n);
    size_t tlen = sep ? (size_t)(sep - rest) : n;
    char *text = fuzz_cstr(rest, tlen);
    if (!text)
        return 0;
    render(text, width, flags);
    char *clean = fs_text_sanitize((const char *)rest, tlen);
    if (clean) {
        render(clean, width, (uint8_t)(flags ^ 0x10));
        free(clean);
    }
    if (sep)
        edit(text, width, flags, sep + 1, n - tlen - 1);
    free(text);
    return 0;
}
