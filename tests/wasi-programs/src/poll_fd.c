/* poll_oneoff with fd_read / fd_write subscriptions on stdin (which has data),
 * stdout and a regular file, mixed with clock subscriptions. Expects stdin to
 * hold some bytes and a preopen /sandbox (fd 3) with data.txt. */
#include "common.h"

static __wasi_timestamp_t now(void) {
    __wasi_timestamp_t t = 0;
    (void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
    return t;
}

static void sub_fd(__wasi_subscription_t *s, __wasi_userdata_t ud, int type, int fd) {
    memset(s, 0, sizeof *s);
    s->userdata = ud;
    s->u.tag = type;
    if (type == __WASI_EVENTTYPE_FD_READ) s->u.u.fd_read.file_descriptor = fd;
    else s->u.u.fd_write.file_descriptor = fd;
}

static void sub_clock(__wasi_subscription_t *s, __wasi_userdata_t ud, __wasi_timestamp_t ns) {
    memset(s, 0, sizeof *s);
    s->userdata = ud;
    s->u.tag = __WASI_EVENTTYPE_CLOCK;
    s->u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    s->u.u.clock.timeout = ns;
}

static void run(const char *label, __wasi_subscription_t *s, int ns) {
    __wasi_event_t ev[4];
    memset(ev, 0, sizeof ev);
    __wasi_size_t n = 0;
    __wasi_timestamp_t t0 = now();
    int e = __wasi_poll_oneoff(s, ev, ns, &n);
    __wasi_timestamp_t t1 = now();
    if (e) { report(label, e); return; }
    printf("%s: ok, %u event(s), under 1s: %s\n", label, (unsigned)n, yesno(t1 - t0 < 1000000000ull));
    /* Print events sorted by userdata. */
    for (int k = 0; k < 8; k++)
        for (__wasi_size_t i = 0; i < n; i++)
            if (ev[i].userdata == (__wasi_userdata_t)k)
                printf("  userdata=%llu type=%u error=%s nbytes>0: %s\n", (unsigned long long)ev[i].userdata,
                       (unsigned)ev[i].type, errname(ev[i].error),
                       yesno(ev[i].type == __WASI_EVENTTYPE_CLOCK || ev[i].fd_readwrite.nbytes > 0));
}

int main(void) {
    __wasi_subscription_t s[4];

    sub_fd(&s[0], 1, __WASI_EVENTTYPE_FD_READ, 0);
    sub_clock(&s[1], 2, 5000000000ull);
    run("poll(stdin readable, clock 5s)", s, 2);

    sub_fd(&s[0], 1, __WASI_EVENTTYPE_FD_WRITE, 1);
    run("poll(stdout writable)", s, 1);

    __wasi_fd_t f;
    __wasi_fdstat_t ds;
    (void)__wasi_fd_fdstat_get(3, &ds);
    report("open data.txt", __wasi_path_open(3, 0, "data.txt", 0,
        (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_POLL_FD_READWRITE) & ds.fs_rights_inheriting, 0, 0, &f));
    sub_fd(&s[0], 1, __WASI_EVENTTYPE_FD_READ, f);
    sub_fd(&s[1], 2, __WASI_EVENTTYPE_FD_WRITE, f);
    run("poll(file readable, file writable)", s, 2);

    sub_clock(&s[0], 1, 10000000ull);
    sub_fd(&s[1], 2, __WASI_EVENTTYPE_FD_WRITE, 2);
    run("poll(clock 10ms, stderr writable)", s, 2);

    /* Read stdin so the final report proves the data was still there. */
    char buf[64];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t n = 0;
    int e = __wasi_fd_read(0, &iov, 1, &n);
    printf("stdin after polling: %s, \"%.*s\"\n", e ? errname(e) : "ok", (int)(n && buf[n - 1] == '\n' ? n - 1 : n), buf);
    return 0;
}
