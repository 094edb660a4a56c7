/* memcpy/memmove/memset-heavy buffer shuffling over a 16 MiB working set with
 * varying sizes and alignments. argv[1] = rounds in thousands (default 300).
 * Prints a checksum sampled from the buffer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long rounds = (argc > 1 ? atol(argv[1]) : 300) * 1000L;
    size_t size = 16u << 20;
    uint8_t *buf = malloc(size), *tmp = malloc(1 << 16);
    for (size_t i = 0; i < size; i++) buf[i] = (uint8_t)(i * 31 + (i >> 11));
    uint64_t s = 0x9E3779B97F4A7C15ull, sum = 0;
    for (long r = 0; r < rounds; r++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        size_t len = 256 + (s & 0x7fff);
        size_t src = (s >> 20) % (size - len), dst = (s >> 40) % (size - len);
        memcpy(tmp, buf + src, len);
        memmove(buf + dst, buf + src + 1, len - 1);
        memcpy(buf + (dst ^ 4096) % (size - len), tmp, len);
        if ((r & 15) == 0) memset(buf + (src ^ dst) % (size - len), (int)(r & 255), len / 2);
        sum += buf[(s >> 8) % size];
    }
    for (size_t i = 0; i < size; i += 4093) sum = sum * 131 + buf[i];
    printf("%llu\n", (unsigned long long)sum);
    return 0;
}
