/* regress_main.c — runs a fuzz target without libFuzzer: feeds it every
 * file of the corpus directories named on the command line, in name order.
 * Built into the normal test suite (suite 'fuzz-regress'), so every input
 * that once crashed forsat is tried on every build. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Reads the whole file at path into *buf; returns its size or -1. */
static long read_file(const char *path, uint8_t **buf)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0, got;
    uint8_t *b = malloc(cap);
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *g = realloc(b, cap *= 2);
            if (!g) {
                free(b);
                b = NULL;
                break;
            }
            b = g;
        }
    }
    fclose(f);
    *buf = b;
    return b ? (long)n : -1;
}

int main(int argc, char **argv)
{
    long inputs = 0;
    for (int i = 1; i < argc; i++) {
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, alphasort);
        if (n < 0) {
            fprintf(stderr, "cannot read the corpus %s\n", argv[i]);
            return 1;
        }
        for (int k = 0; k < n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
            free(names[k]);
            if (path[strlen(argv[i]) + 1] == '.')
                continue;
            uint8_t *buf;
            long size = read_file(path, &buf);
            if (size < 0) {
                fprintf(stderr, "cannot read %s\n", path);
                return 1;
            }
            printf("%s\n", path);
            fflush(stdout);
            LLVMFuzzerTestOneInput(buf, (size_t)size);
            free(buf);
            inputs++;
        }
        free(names);
    }
    printf("regress: %ld passed, 0 failed\n", inputs);
    return inputs ? 0 : 1;
}
