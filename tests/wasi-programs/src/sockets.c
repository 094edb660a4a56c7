/* sock_accept, sock_recv (with RECV_PEEK), sock_send, sock_shutdown on a
 * listening TCP socket the host preopens (`sharptime run --tcplisten ADDR`).
 * The test harness connects once, sends one line, reads the reply until EOF
 * and closes. The listener is found by scanning fds 3.. for a socket. */
#include "common.h"

static int find_listener(void) {
    for (int fd = 3; fd < 32; fd++) {
        __wasi_fdstat_t s;
        if (__wasi_fd_fdstat_get(fd, &s) == 0 && s.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) return fd;
    }
    return -1;
}

int main(void) {
    int l = find_listener();
    printf("listening socket found: %s\n", yesno(l >= 0));
    if (l < 0) return 1;
    __wasi_prestat_t ps;
    report("fd_prestat_get(listener)", __wasi_fd_prestat_get(l, &ps));

    __wasi_fd_t c;
    if (report("sock_accept", __wasi_sock_accept(l, 0, &c))) return 1;
    __wasi_fdstat_t s;
    report("fd_fdstat_get(accepted)", __wasi_fd_fdstat_get(c, &s));
    printf("  filetype=%s\n", ftname(s.fs_filetype));

    /* Peek: the data stays queued. */
    char buf[256];
    __wasi_iovec_t iov = {(uint8_t *)buf, 1};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 0;
    int e = __wasi_sock_recv(c, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &ro);
    printf("sock_recv(PEEK, 1 byte): %s, %u byte(s) '%c'\n", e ? errname(e) : "ok", (unsigned)n, n ? buf[0] : '?');

    size_t got = 0;
    while (got < sizeof buf - 1 && (got == 0 || buf[got - 1] != '\n')) {
        __wasi_iovec_t v[2] = {{(uint8_t *)buf + got, 4}, {(uint8_t *)buf + got + 4, sizeof buf - 1 - got - 4}};
        e = __wasi_sock_recv(c, v, 2, 0, &n, &ro);
        if (e || n == 0) { report("sock_recv", e); break; }
        got += n;
    }
    buf[got] = 0;
    printf("received %zu bytes: %s", got, buf);
    printf("roflags: %u\n", (unsigned)ro);

    char reply[300];
    int len = snprintf(reply, sizeof reply, "echo: %s", buf);
    __wasi_ciovec_t out[2] = {{(const uint8_t *)reply, 6}, {(const uint8_t *)reply + 6, (size_t)len - 6}};
    e = __wasi_sock_send(c, out, 2, 0, &n);
    printf("sock_send: %s, all %d bytes: %s\n", e ? errname(e) : "ok", len, yesno((int)n == len));
    report("sock_shutdown(WR)", __wasi_sock_shutdown(c, __WASI_SDFLAGS_WR));

    /* The client closes after it has seen EOF: recv then returns 0 bytes. */
    iov.buf_len = sizeof buf;
    e = __wasi_sock_recv(c, &iov, 1, 0, &n, &ro);
    printf("sock_recv after the peer closed: %s, %u bytes\n", e ? errname(e) : "ok", (unsigned)n);
    report("fd_close(accepted)", __wasi_fd_close(c));

    report("sock_recv(1) (stdout, not a socket)", __wasi_sock_recv(1, &iov, 1, 0, &n, &ro));
    report("sock_send(0) (stdin, not a socket)", __wasi_sock_send(0, out, 1, 0, &n));
    report("sock_shutdown(2) (stderr, not a socket)", __wasi_sock_shutdown(2, __WASI_SDFLAGS_RD));
    report("sock_accept(99) (bad fd)", __wasi_sock_accept(99, 0, &c));
    return 0;
}
