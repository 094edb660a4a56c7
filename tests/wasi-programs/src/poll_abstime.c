/* poll_oneoff clock subscriptions with the ABSTIME flag on the monotonic
 * clock, and absolute deadlines already in the past (both must return; the
 * latter at once). Node's uvwasi converts every absolute deadline against
 * the realtime clock and underflows for past deadlines, so it hangs here. */
#include "common.h"

static __wasi_timestamp_t now(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(id, 1, &t)) printf("clock_time_get failed\n");
    return t;
}

static int sub1(__wasi_clockid_t id, __wasi_timestamp_t timeout, __wasi_userdata_t ud,
                __wasi_event_t *ev) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    __wasi_size_t n = 0;
    int e = __wasi_poll_oneoff(&s, ev, 1, &n);
    if (!e) printf("  nevents=%u userdata=%llu error=%u type=%u\n", (unsigned)n,
                   (unsigned long long)ev->userdata, (unsigned)ev->error, (unsigned)ev->type);
    return e;
}

int main(void) {
    __wasi_event_t ev;
    __wasi_timestamp_t m1 = now(__WASI_CLOCKID_MONOTONIC);
    report("poll_oneoff(monotonic, absolute now+15ms)", sub1(__WASI_CLOCKID_MONOTONIC, m1 + 15000000, 1, &ev));
    __wasi_timestamp_t m2 = now(__WASI_CLOCKID_MONOTONIC);
    printf("  slept >= 15ms: %s, < 2s: %s\n", yesno(m2 - m1 >= 15000000ull), yesno(m2 - m1 < 2000000000ull));

    m1 = now(__WASI_CLOCKID_MONOTONIC);
    report("poll_oneoff(monotonic, absolute 1ns)", sub1(__WASI_CLOCKID_MONOTONIC, 1, 2, &ev));
    m2 = now(__WASI_CLOCKID_MONOTONIC);
    printf("  returned within 1s: %s\n", yesno(m2 - m1 < 1000000000ull));

    __wasi_timestamp_t r1 = now(__WASI_CLOCKID_REALTIME);
    m1 = now(__WASI_CLOCKID_MONOTONIC);
    report("poll_oneoff(realtime, absolute 1s ago)", sub1(__WASI_CLOCKID_REALTIME, r1 - 1000000000ull, 3, &ev));
    m2 = now(__WASI_CLOCKID_MONOTONIC);
    printf("  returned within 1s: %s\n", yesno(m2 - m1 < 1000000000ull));

    /* A zero relative timeout returns at once too. */
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = 4;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    __wasi_size_t n = 0;
    report("poll_oneoff(monotonic, relative 0)", __wasi_poll_oneoff(&s, &ev, 1, &n));
    printf("  nevents=%u userdata=%llu\n", (unsigned)n, (unsigned long long)ev.userdata);

    /* No subscriptions at all: EINVAL (it would otherwise block forever). */
    report("poll_oneoff(0 subscriptions)", __wasi_poll_oneoff(&s, &ev, 0, &n));
    return 0;
}
