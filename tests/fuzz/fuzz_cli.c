/* fuzz_cli.c — command-line option parsing (cli_parse in src/cli/main.c)
 * on any argument vector: the input split at NUL bytes gives the
 * arguments.  Parsing succeeds or is a usage error (status 2); on success
 * every value and positional argument is one of the given arguments, and
 * a following parse is not disturbed by what this one left behind.
 * main.c is compiled here with its main() renamed, so the program's own
 * parser is the one tested. */
#include "fuzz.h"

int forsat_cli_main(int argc, char **argv);
#define main forsat_cli_main
#include "main.c"
#undef main

#define MAX_ARGS 64

/* True when p is one of argv[1..argc) or points inside one of them
 * (getopt gives "--title=x" values as a pointer after the '='). */
static int from_argv(const char *p, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[MAX_ARGS + 2] = { "opp" };
    int argc = 1;
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    argv[argc] = NULL;

    const char *title = NULL, *amount = NULL;
    bool manual = false, json = false;
    struct cli_strv lines = { 0 }, pos = { 0 };
    const struct cli_opt opts[] = {
        { "title", 1, &title, NULL, NULL },
        { "amount", 1, &amount, NULL, NULL },
        { "manual", 0, NULL, &manual, NULL },
        { "line", 1, NULL, NULL, &lines },
        { "json", 0, NULL, &json, NULL },
        { NULL, 0, NULL, NULL, NULL },
    };
    int rc = cli_parse(argc, argv, opts, (size & 1) ? &pos : NULL);
    FUZZ_CHECK(rc == 0 || rc == 2);
    if (rc == 0) {
        FUZZ_CHECK(!title || from_argv(title, argc, argv));
        FUZZ_CHECK(!amount || from_argv(amount, argc, argv));
        for (int i = 0; i < lines.n; i++)
            FUZZ_CHECK(from_argv(lines.v[i], argc, argv));
        for (int i = 0; i < pos.n; i++)
            FUZZ_CHECK(from_argv(pos.v[i], argc, argv));
    }
    cli_strv_free(&lines);
    cli_strv_free(&pos);
    free(buf);

    /* Whatever the parse above left behind, the next one starts afresh
     * (the shell parses command after command in one process). */
    char a1[] = "--title", a2[] = "پیگیری";
    char *again[] = { "opp", a1, a2, NULL };
    title = NULL;
    FUZZ_CHECK(cli_parse(3, again, opts, NULL) == 0);
    FUZZ_CHECK(title == a2);
    return 0;
}
