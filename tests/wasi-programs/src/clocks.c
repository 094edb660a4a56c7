/* clock_res_get, clock_time_get (all four clocks), random_get, sched_yield,
 * poll_oneoff with clock subscriptions (relative and absolute). Prints only
 * properties of the values, never the values. */
#include "common.h"

static __wasi_timestamp_t now(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    __wasi_errno_t e = __wasi_clock_time_get(id, 1, &t);
    if (e) printf("clock_time_get(%u) failed: %s\n", (unsigned)id, errname(e));
    return t;
}

static volatile uint64_t sink;
static void burn(void) {
    uint64_t x = 1;
    for (int i = 0; i < 20000000; i++) x = x * 6364136223846793005ull + 1442695040888963407ull;
    sink = x;
}

static int sleep_sub(__wasi_clockid_t id, __wasi_timestamp_t timeout, int abstime,
                     __wasi_userdata_t ud, __wasi_event_t *ev) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.precision = 0;
    s.u.u.clock.flags = abstime ? __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME : 0;
    __wasi_size_t n = 0;
    int e = __wasi_poll_oneoff(&s, ev, 1, &n);
    if (!e && n != 1) printf("unexpected nevents %u\n", (unsigned)n);
    return e;
}

int main(void) {
    static const char *names[] = {"realtime", "monotonic", "process_cputime", "thread_cputime"};
    char label[64];
    for (int id = 0; id < 4; id++) {
        __wasi_timestamp_t r = 0;
        snprintf(label, sizeof label, "clock_res_get(%s)", names[id]);
        int e = report(label, __wasi_clock_res_get(id, &r));
        if (!e) printf("  resolution > 0: %s\n", yesno(r > 0));
    }
    __wasi_timestamp_t r;
    report("clock_res_get(4) (invalid id)", __wasi_clock_res_get(4, &r));
    report("clock_time_get(4) (invalid id)", __wasi_clock_time_get(4, 1, &r));

    __wasi_timestamp_t rt = now(__WASI_CLOCKID_REALTIME);
    printf("realtime after 2020-01-01: %s\n", yesno(rt > 1577836800ull * 1000000000ull));
    printf("realtime before 2100-01-01: %s\n", yesno(rt < 4102444800ull * 1000000000ull));

    __wasi_timestamp_t m1 = now(__WASI_CLOCKID_MONOTONIC);
    __wasi_timestamp_t p1 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
    __wasi_timestamp_t t1 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
    burn();
    __wasi_timestamp_t m2 = now(__WASI_CLOCKID_MONOTONIC);
    __wasi_timestamp_t p2 = now(__WASI_CLOCKID_PROCESS_CPUTIME_ID);
    __wasi_timestamp_t t2 = now(__WASI_CLOCKID_THREAD_CPUTIME_ID);
    printf("monotonic increased over busy loop: %s\n", yesno(m2 > m1));
    printf("process cputime increased over busy loop: %s\n", yesno(p2 > p1));
    printf("thread cputime increased over busy loop: %s\n", yesno(t2 > t1));

    /* poll_oneoff: relative monotonic timeout of 20 ms. */
    __wasi_event_t ev;
    memset(&ev, 0xff, sizeof ev);
    m1 = now(__WASI_CLOCKID_MONOTONIC);
    report("poll_oneoff(monotonic, relative 20ms)", sleep_sub(__WASI_CLOCKID_MONOTONIC, 20000000, 0, 0x1234, &ev));
    m2 = now(__WASI_CLOCKID_MONOTONIC);
    printf("  slept >= 20ms: %s\n", yesno(m2 - m1 >= 20000000ull));
    printf("  event: userdata=0x%llx error=%u type=%u\n", (unsigned long long)ev.userdata,
           (unsigned)ev.error, (unsigned)ev.type);

    /* Absolute realtime deadline 15 ms from now. (Absolute monotonic
     * deadlines and deadlines in the past are in poll_abstime.c: node's
     * uvwasi gets them wrong and sleeps for a very long time.) */
    __wasi_timestamp_t r1 = now(__WASI_CLOCKID_REALTIME);
    m1 = now(__WASI_CLOCKID_MONOTONIC);
    report("poll_oneoff(realtime, absolute now+15ms)", sleep_sub(__WASI_CLOCKID_REALTIME, r1 + 15000000, 1, 7, &ev));
    m2 = now(__WASI_CLOCKID_MONOTONIC);
    printf("  slept >= 14ms: %s\n", yesno(m2 - m1 >= 14000000ull));
    printf("  event: userdata=%llu error=%u type=%u\n", (unsigned long long)ev.userdata,
           (unsigned)ev.error, (unsigned)ev.type);

    /* Two clocks: only the shorter one fires. */
    {
        __wasi_subscription_t s[2];
        __wasi_event_t evs[2];
        memset(s, 0, sizeof s);
        for (int i = 0; i < 2; i++) {
            s[i].userdata = 100 + i;
            s[i].u.tag = __WASI_EVENTTYPE_CLOCK;
            s[i].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        }
        s[0].u.u.clock.timeout = 2000000000ull; /* 2 s */
        s[1].u.u.clock.timeout = 5000000ull;    /* 5 ms */
        __wasi_size_t n = 0;
        m1 = now(__WASI_CLOCKID_MONOTONIC);
        report("poll_oneoff(two clocks, 2s and 5ms)", __wasi_poll_oneoff(s, evs, 2, &n));
        m2 = now(__WASI_CLOCKID_MONOTONIC);
        printf("  nevents=%u first userdata=%llu returned before 1s: %s\n", (unsigned)n,
               (unsigned long long)evs[0].userdata, yesno(m2 - m1 < 1000000000ull));
    }

    /* sched_yield */
    report("sched_yield", __wasi_sched_yield());

    /* random_get */
    uint8_t a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    report("random_get(64)", __wasi_random_get(a, sizeof a));
    report("random_get(64) again", __wasi_random_get(b, sizeof b));
    int nz = 0;
    for (int i = 0; i < 64; i++) nz += a[i] != 0;
    printf("  two buffers differ: %s\n", yesno(memcmp(a, b, sizeof a) != 0));
    printf("  mostly non-zero: %s\n", yesno(nz > 32));
    report("random_get(0)", __wasi_random_get(a, 0));
    static uint8_t big[1 << 20];
    report("random_get(1 MiB)", __wasi_random_get(big, sizeof big));
    unsigned counts[256] = {0};
    for (size_t i = 0; i < sizeof big; i++) counts[big[i]]++;
    int ok = 1;
    for (int i = 0; i < 256; i++) if (counts[i] < 3500 || counts[i] > 4700) ok = 0;
    printf("  byte histogram roughly uniform: %s\n", yesno(ok));
    return 0;
}
