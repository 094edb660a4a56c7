/* 64-bit integer arithmetic: a splitmix64 PRNG feeding modular
 * exponentiation (mul/mod via 128-bit-free double-and-add mod a 62-bit prime)
 * and a Miller-Rabin-style loop. argv[1] = thousands of iterations
 * (default 400). Prints a checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const uint64_t P = 4611686018427387847ull; /* prime < 2^62 */

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* a * b mod P with 64-bit operations only: split b into 8-bit digits. */
static uint64_t mulmod(uint64_t a, uint64_t b) {
    uint64_t r = 0;
    a %= P;
    for (int shift = 56; shift >= 0; shift -= 8) {
        for (int k = 0; k < 8; k++) { r <<= 1; if (r >= P) r -= P; }
        uint64_t d = (b >> shift) & 0xff;
        r = (r + (a * d) % P) % P;
    }
    return r;
}

static uint64_t powmod(uint64_t b, uint64_t e) {
    uint64_t r = 1;
    b %= P;
    while (e) { if (e & 1) r = mulmod(r, b); b = mulmod(b, b); e >>= 1; }
    return r;
}

int main(int argc, char **argv) {
    long n = (argc > 1 ? atol(argv[1]) : 400) * 1000L;
    uint64_t s = 42, acc = 0;
    for (long i = 0; i < n; i++) {
        uint64_t a = splitmix(&s), e = splitmix(&s) >> 48;
        acc ^= powmod(a, e) + (uint64_t)i * 0x2545F4914F6CDD1Dull;
        acc = (acc << 7) | (acc >> 57);
    }
    printf("%llu\n", (unsigned long long)acc);
    return 0;
}
