/* Standard streams with raw calls: fd_read from stdin (scatter, until EOF),
 * fd_write to stdout (gather) and stderr, fd_fdstat_get / fd_filestat_get on
 * fds 0-2, the errors for seeking, and (with argv[1] = wrong-direction) for
 * reading stdout / writing stdin. */
#include "common.h"

static uint8_t in[1 << 16];

int main(int argc, char **argv) {
    size_t total = 0, lines = 0;
    uint32_t sum = 0;
    int calls = 0;
    for (;;) {
        __wasi_iovec_t iov[2] = {{in + total, 3}, {in + total + 3, 4}};
        __wasi_size_t n = 0;
        int e = __wasi_fd_read(0, iov, 2, &n);
        calls++;
        if (e) { report("fd_read(0)", e); break; }
        if (n == 0) break;
        total += n;
        if (total + 7 > sizeof in) break;
    }
    for (size_t i = 0; i < total; i++) {
        if (in[i] == '\n') lines++;
        sum = sum * 31 + in[i];
    }
    __wasi_size_t n = 99;
    __wasi_iovec_t one = {in + total, 1};
    int e = __wasi_fd_read(0, &one, 1, &n);
    char msg[200];
    int len = snprintf(msg, sizeof msg, "stdin: %zu bytes, %zu lines, hash %08x, more than one read: %s; read at EOF: %s, %u bytes\n",
                       total, lines, (unsigned)sum, yesno(calls > 2), e ? errname(e) : "ok", (unsigned)n);
    __wasi_ciovec_t out[4] = {
        {(const uint8_t *)msg, (size_t)len},
        {(const uint8_t *)"uppercased: ", 12},
        {in, 0},
        {(const uint8_t *)"", 0},
    };
    for (size_t i = 0; i < total; i++)
        if (in[i] >= 'a' && in[i] <= 'z') in[i] -= 32;
    out[2].buf_len = total;
    e = __wasi_fd_write(1, out, 4, &n);
    char buf[160];
    len = snprintf(buf, sizeof buf, "gathered fd_write(1): %s, all bytes written: %s\n", e ? errname(e) : "ok",
                   yesno(n == out[0].buf_len + 12 + total));
    __wasi_ciovec_t c = {(const uint8_t *)buf, (size_t)len};
    (void)__wasi_fd_write(1, &c, 1, &n);

    const char *err = "this line goes to stderr\n";
    __wasi_ciovec_t ec = {(const uint8_t *)err, strlen(err)};
    e = __wasi_fd_write(2, &ec, 1, &n);
    printf("fd_write(2): %s, %u bytes\n", e ? errname(e) : "ok", (unsigned)n);

    for (int fd = 0; fd < 3; fd++) {
        __wasi_fdstat_t s;
        char label[40];
        snprintf(label, sizeof label, "fd_fdstat_get(%d)", fd);
        if (report(label, __wasi_fd_fdstat_get(fd, &s)) == 0)
            printf("  read right: %s, write right: %s\n", yesno(s.fs_rights_base & __WASI_RIGHTS_FD_READ),
                   yesno(s.fs_rights_base & __WASI_RIGHTS_FD_WRITE));
        __wasi_filestat_t st;
        snprintf(label, sizeof label, "fd_filestat_get(%d)", fd);
        report(label, __wasi_fd_filestat_get(fd, &st));
    }
    __wasi_filesize_t pos;
    report("fd_seek(1, 0, CUR)", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &pos));
    report("fd_tell(0)", __wasi_fd_tell(0, &pos));
    report("fd_pread(0)", __wasi_fd_pread(0, &one, 1, 0, &n));
    report("fd_pwrite(1)", __wasi_fd_pwrite(1, &c, 1, 0, &n));
    if (argc > 1 && !strcmp(argv[1], "wrong-direction")) {
        /* Under node the stdio fds are socketpairs, and these block. */
        report("fd_read(1)", __wasi_fd_read(1, &one, 1, &n));
        report("fd_write(0)", __wasi_fd_write(0, &c, 1, &n));
    }
    return 0;
}
