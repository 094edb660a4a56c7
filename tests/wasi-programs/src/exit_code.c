/* Prints 2000 buffered lines, then exits with the status given as argv[1]
 * (default 0) through exit() -> proc_exit. All output must reach stdout. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 0;
    for (int i = 1; i <= 2000; i++) printf("line %04d of 2000\n", i);
    printf("exiting with %d\n", code);
    exit(code);
}
