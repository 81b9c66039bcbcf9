/* fuzz_draft.c — the opportunity draft decoder (opp_draft.h) on any bytes:
 * a draft is database content a crash may have cut short, so any payload
 * is refused with a sentence or decoded; a decoded form encodes to a
 * payload that decodes to the same payload again (the format is exact). */
#include "fuzz.h"
#include "opp_draft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *s = fuzz_cstr(data, size);
    if (!s)
        return 0;
    fs_opp o;
    fs_err e;
    fs_err_clear(&e);
    int rc = fs_opp_draft_decode(s, &o, &e);
    FUZZ_CHECK(rc == FS_OK || rc == FS_EINVAL || rc == FS_ERUNTIME);
    if (rc == FS_OK) {
        char *p1 = NULL, *p2 = NULL;
        fs_opp again;
        if (fs_opp_draft_encode(&o, &p1, &e) == FS_OK) {
            FUZZ_CHECK(fs_opp_draft_decode(p1, &again, &e) == FS_OK);
            FUZZ_CHECK(fs_opp_draft_encode(&again, &p2, &e) == FS_OK);
            FUZZ_CHECK(strcmp(p1, p2) == 0);
            fs_opp_free(&again);
        }
        free(p1);
        free(p2);
        fs_opp_free(&o);
    } else {
        FUZZ_CHECK(e.msg[0] != '\0');
        FUZZ_CHECK(o.nlines == 0 && o.title == NULL && o.values == NULL && o.competitors == NULL);
    }
    free(s);
    return 0;
}
