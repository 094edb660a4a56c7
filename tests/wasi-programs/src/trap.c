/* Writes to stdout, then traps in the way argv[1] names: unreachable, oob
 * (memory access out of bounds), div0 (integer divide by zero), indirect
 * (call_indirect signature mismatch). (Call-stack exhaustion is in
 * trap_stack.wat: C recursion overflows the shadow stack in linear memory
 * first.) What
 * was written before the trap must not be lost; the exit status is 134. */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static volatile int zero = 0;
static volatile unsigned bad_addr = 0xfffffff0u;

typedef int (*fn_int)(int);
static void v(void) {}

int main(int argc, char **argv) {
    const char *kind = argc > 1 ? argv[1] : "unreachable";
    printf("buffered line, flushed before the trap\n");
    fflush(stdout);
    const char *raw = "raw fd_write line\n";
    __wasi_ciovec_t c = {(const uint8_t *)raw, strlen(raw)};
    __wasi_size_t n;
    (void)__wasi_fd_write(1, &c, 1, &n);
    printf("this buffered line is never flushed\n");
    if (!strcmp(kind, "unreachable")) __builtin_trap();
    if (!strcmp(kind, "oob")) return *(volatile int *)(uintptr_t)bad_addr;
    if (!strcmp(kind, "div0")) return 10 / zero;
    if (!strcmp(kind, "indirect")) {
        void (*volatile p)(void) = v;
        return ((fn_int)p)(1);
    }
    return 3;
}
