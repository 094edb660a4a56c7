/* Recursive quicksort (median of three, insertion sort below 16) of
 * pseudo-random 32-bit ints. argv[1] = millions of elements (default 5),
 * sorted 2 times. Prints a checksum of the sorted arrays. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void isort(int32_t *a, long n) {
    for (long i = 1; i < n; i++) {
        int32_t v = a[i]; long j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void qs(int32_t *a, long n) {
    while (n > 16) {
        int32_t x = a[0], y = a[n / 2], z = a[n - 1];
        int32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--;
        }
        if (j + 1 < n - j - 1) { qs(a, j + 1); a += j + 1; n -= j + 1; }
        else { qs(a + j + 1, n - j - 1); n = j + 1; }
    }
    isort(a, n);
}

int main(int argc, char **argv) {
    long n = (argc > 1 ? atol(argv[1]) : 5) * 1000000L;
    int32_t *a = malloc(sizeof(int32_t) * n);
    uint64_t s = 88172645463325252ull, sum = 0;
    for (int rep = 0; rep < 2; rep++) {
        for (long i = 0; i < n; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; a[i] = (int32_t)s; }
        qs(a, n);
        for (long i = 1; i < n; i++) if (a[i - 1] > a[i]) { printf("not sorted\n"); return 1; }
        for (long i = 0; i < n; i += 1000) sum = sum * 31 + (uint32_t)a[i];
    }
    printf("%llu\n", (unsigned long long)sum);
    return 0;
}
