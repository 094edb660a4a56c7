/* proc_raise is not supported: like wasmtime, Sharptime returns ENOTSUP (58)
 * and the program carries on. (Node's uvwasi really raises the signal.) */
#include "common.h"

int main(void) {
    printf("before proc_raise\n");
    fflush(stdout);
    report("proc_raise(SIGUSR1)", raw_proc_raise(10 /* usr1 */));
    report("proc_raise(SIGTERM)", raw_proc_raise(15 /* term */));
    printf("still running\n");
    return 0;
}
