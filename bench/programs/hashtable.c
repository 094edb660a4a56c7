/* String-keyed hash table with separate chaining, every key and node
 * malloc'ed: inserts, lookups (half of them misses), deletes, with FNV-1a.
 * argv[1] = thousands of keys (default 250), 4 rounds. Prints a checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; char *key; uint64_t value; };
static struct node **table;
static size_t nbuckets;

static uint32_t fnv(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) { h ^= (uint8_t)*s++; h *= 16777619u; }
    return h;
}

static void put(const char *k, uint64_t v) {
    struct node **b = &table[fnv(k) & (nbuckets - 1)];
    for (struct node *n = *b; n; n = n->next) if (!strcmp(n->key, k)) { n->value += v; return; }
    struct node *n = malloc(sizeof *n);
    n->key = strdup(k); n->value = v; n->next = *b; *b = n;
}

static struct node *get(const char *k) {
    for (struct node *n = table[fnv(k) & (nbuckets - 1)]; n; n = n->next) if (!strcmp(n->key, k)) return n;
    return NULL;
}

static int del(const char *k) {
    struct node **b = &table[fnv(k) & (nbuckets - 1)];
    for (; *b; b = &(*b)->next)
        if (!strcmp((*b)->key, k)) { struct node *n = *b; *b = n->next; free(n->key); free(n); return 1; }
    return 0;
}

int main(int argc, char **argv) {
    long n = (argc > 1 ? atol(argv[1]) : 250) * 1000L;
    nbuckets = 1;
    while (nbuckets < (size_t)n) nbuckets <<= 1;
    table = calloc(nbuckets, sizeof *table);
    char key[64];
    uint64_t sum = 0;
    for (int round = 0; round < 4; round++) {
        for (long i = 0; i < n; i++) { snprintf(key, sizeof key, "key-%ld-%ld", (i * 7919) % n, i % 13); put(key, (uint64_t)i); }
        for (long i = 0; i < n; i++) {
            snprintf(key, sizeof key, "key-%ld-%ld", i, (i * 3) % 13);
            struct node *f = get(key);
            sum += f ? f->value : 1;
        }
        long deleted = 0;
        for (long i = 0; i < n; i += 2) { snprintf(key, sizeof key, "key-%ld-%ld", (i * 7919) % n, i % 13); deleted += del(key); }
        sum = sum * 31 + (uint64_t)deleted;
    }
    printf("%llu\n", (unsigned long long)sum);
    return 0;
}
