/* args_get, args_sizes_get, environ_get, environ_sizes_get (raw calls), plus
 * a cross-check with what wasi-libc hands to main() and getenv(). */
#include "common.h"
#include <stdlib.h>

static const char *base(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    __wasi_size_t n = 0, bufsz = 0;
    report("args_sizes_get", __wasi_args_sizes_get(&n, &bufsz));
    printf("argc: %u (main saw %d)\n", (unsigned)n, argc);
    char **av = calloc(n + 1, sizeof *av);
    char *buf = malloc(bufsz + 1);
    report("args_get", __wasi_args_get((uint8_t **)av, (uint8_t *)buf));
    /* argv[0] is the module name as given on the command line: print only its
     * basename and leave it out of the size we print. */
    printf("argv[0] basename: %s\n", base(av[0]));
    size_t used = 0;
    int contiguous = 1, same = 1;
    for (__wasi_size_t i = 0; i < n; i++) {
        if (av[i] != buf + used) contiguous = 0;
        used += strlen(av[i]) + 1;
        if (i > 0) printf("argv[%u] = \"%s\" (%zu bytes)\n", (unsigned)i, av[i], strlen(av[i]));
        if ((int)i < argc && strcmp(av[i], argv[i]) != 0) same = 0;
    }
    printf("args buffer size without argv[0]: %u\n", (unsigned)(bufsz - strlen(av[0]) - 1));
    printf("args laid out contiguously, NUL-terminated: %s\n", yesno(contiguous && used == bufsz));
    printf("args match main(): %s\n", yesno(same && argc == (int)n));

    __wasi_size_t en = 0, ebufsz = 0;
    report("environ_sizes_get", __wasi_environ_sizes_get(&en, &ebufsz));
    printf("environ count: %u, buffer size: %u\n", (unsigned)en, (unsigned)ebufsz);
    char **ev = calloc(en + 1, sizeof *ev);
    char *ebuf = malloc(ebufsz + 1);
    report("environ_get", __wasi_environ_get((uint8_t **)ev, (uint8_t *)ebuf));
    used = 0;
    contiguous = 1;
    for (__wasi_size_t i = 0; i < en; i++) {
        if (ev[i] != ebuf + used) contiguous = 0;
        used += strlen(ev[i]) + 1;
    }
    printf("environ laid out contiguously, NUL-terminated: %s\n", yesno(contiguous && used == ebufsz));
    qsort(ev, en, sizeof *ev, cmp);
    for (__wasi_size_t i = 0; i < en; i++) printf("env: %s\n", ev[i]);
    const char *g = getenv("GREETING");
    printf("getenv(GREETING) = %s\n", g ? g : "(null)");
    g = getenv("EMPTY");
    printf("getenv(EMPTY) = %s\n", g ? (*g ? g : "(empty string)") : "(null)");
    g = getenv("NOT_SET");
    printf("getenv(NOT_SET) = %s\n", g ? g : "(null)");
    return 0;
}
