/* Regular-file I/O through raw WASI calls on a preopened directory:
 * path_open (every oflag and fdflag), fd_write, fd_read, fd_pread, fd_pwrite,
 * fd_seek (every whence), fd_tell, fd_sync, fd_datasync, fd_advise,
 * fd_allocate, fd_filestat_get, fd_filestat_set_size, fd_filestat_set_times,
 * path_filestat_get, path_filestat_set_times, fd_fdstat_get,
 * fd_fdstat_set_flags, fd_close, fd_renumber.
 * Expects a preopen at guest path /sandbox (fd 3) containing data.txt with
 * "0123456789abcdef" (16 bytes). */
#include "common.h"
#include <stdlib.h>

#define DIRFD 3
#define RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | \
            __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET | \
            __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | \
            __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ADVISE | \
            __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | \
            __WASI_RIGHTS_POLL_FD_READWRITE)

static int wr(int fd, const char *s, __wasi_size_t *n) {
    __wasi_ciovec_t iov = {(const uint8_t *)s, strlen(s)};
    return __wasi_fd_write(fd, &iov, 1, n);
}

static void show_read(const char *label, int fd, size_t len) {
    char buf[256];
    __wasi_iovec_t iov = {(uint8_t *)buf, len};
    __wasi_size_t n = 0;
    int e = __wasi_fd_read(fd, &iov, 1, &n);
    if (e) { report(label, e); return; }
    printf("%s: ok, %u bytes \"%.*s\"\n", label, (unsigned)n, (int)n, buf);
}

static void show_seek(const char *label, int fd, __wasi_filedelta_t off, __wasi_whence_t wh) {
    __wasi_filesize_t pos = 12345;
    int e = __wasi_fd_seek(fd, off, wh, &pos);
    if (e) report(label, e);
    else printf("%s: ok, position %llu\n", label, (unsigned long long)pos);
}

static void show_tell(const char *label, int fd) {
    __wasi_filesize_t pos = 12345;
    int e = __wasi_fd_tell(fd, &pos);
    if (e) report(label, e);
    else printf("%s: ok, position %llu\n", label, (unsigned long long)pos);
}

static __wasi_filestat_t fstat_(int fd) {
    __wasi_filestat_t st;
    memset(&st, 0, sizeof st);
    int e = __wasi_fd_filestat_get(fd, &st);
    if (e) report("fd_filestat_get", e);
    return st;
}

static void show_size(const char *label, int fd) {
    __wasi_filestat_t st = fstat_(fd);
    printf("%s: size %llu\n", label, (unsigned long long)st.size);
}

static void show_fdflags(const char *label, int fd) {
    __wasi_fdstat_t s;
    int e = __wasi_fd_fdstat_get(fd, &s);
    if (e) { report(label, e); return; }
    printf("%s: append=%s nonblock=%s\n", label, yesno(s.fs_flags & __WASI_FDFLAGS_APPEND),
           yesno(s.fs_flags & __WASI_FDFLAGS_NONBLOCK));
}

int main(void) {
    int fd, e;
    __wasi_size_t n;

    /* --- path_open oflags --- */
    report("open data.txt (no oflags)", open_at(DIRFD, "data.txt", 0, RW, 0, 0, &fd));
    show_read("fd_read 4", fd, 4);
    show_read("fd_read 4 again", fd, 4);
    show_tell("fd_tell", fd);
    report("fd_close", __wasi_fd_close(fd));
    report("fd_close again", __wasi_fd_close(fd));
    report("fd_tell on closed fd", __wasi_fd_tell(fd, &(__wasi_filesize_t){0}));

    report("open missing.txt (no oflags)", open_at(DIRFD, "missing.txt", 0, RW, 0, 0, &fd));
    report("open new.txt (CREAT|EXCL)", open_at(DIRFD, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RW, 0, 0, &fd));
    int newfd = fd;
    report("open new.txt (CREAT|EXCL) again", open_at(DIRFD, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RW, 0, 0, &fd));
    report("open data.txt (DIRECTORY)", open_at(DIRFD, "data.txt", __WASI_OFLAGS_DIRECTORY, RW, 0, 0, &fd));
    report("open data.txt/ (trailing slash)", open_at(DIRFD, "data.txt/", 0, RW, 0, 0, &fd));
    report("open nodir/x.txt (CREAT)", open_at(DIRFD, "nodir/x.txt", __WASI_OFLAGS_CREAT, RW, 0, 0, &fd));
    report("open \"\" (empty path)", open_at(DIRFD, "", 0, RW, 0, 0, &fd));

    /* --- fd_write, fd_seek, fd_tell, fd_read on the new file --- */
    fd = newfd;
    e = wr(fd, "hello world\n", &n);
    printf("fd_write: %s, %u bytes\n", e ? errname(e) : "ok", (unsigned)n);
    {
        __wasi_ciovec_t iov[3] = {{(const uint8_t *)"ab", 2}, {(const uint8_t *)"", 0}, {(const uint8_t *)"cde", 3}};
        e = __wasi_fd_write(fd, iov, 3, &n);
        printf("fd_write gather (2+0+3): %s, %u bytes\n", e ? errname(e) : "ok", (unsigned)n);
    }
    show_tell("fd_tell", fd);
    show_seek("fd_seek(0, SET)", fd, 0, __WASI_WHENCE_SET);
    show_read("fd_read 5", fd, 5);
    show_seek("fd_seek(-4, END)", fd, -4, __WASI_WHENCE_END);
    show_read("fd_read 10", fd, 10);
    show_seek("fd_seek(-10, CUR)", fd, -10, __WASI_WHENCE_CUR);
    show_seek("fd_seek(2, CUR)", fd, 2, __WASI_WHENCE_CUR);
    show_seek("fd_seek(0, CUR)", fd, 0, __WASI_WHENCE_CUR);
    show_seek("fd_seek(-100, CUR) (before start)", fd, -100, __WASI_WHENCE_CUR);
    show_seek("fd_seek(-1, SET)", fd, -1, __WASI_WHENCE_SET);
    show_seek("fd_seek(0, 3) (bad whence)", fd, 0, 3);
    show_tell("fd_tell after failed seeks", fd);
    show_seek("fd_seek(100, SET) (past end)", fd, 100, __WASI_WHENCE_SET);
    show_read("fd_read at 100 (EOF)", fd, 10);
    show_size("size after seek past end", fd);
    {
        char a[3], b[4];
        __wasi_iovec_t iov[2] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 4}};
        show_seek("fd_seek(0, SET)", fd, 0, __WASI_WHENCE_SET);
        e = __wasi_fd_read(fd, iov, 2, &n);
        printf("fd_read scatter (3+4): %s, %u bytes \"%.3s\" \"%.4s\"\n", e ? errname(e) : "ok", (unsigned)n, a, b);
    }

    /* --- fd_pread, fd_pwrite: position unchanged --- */
    {
        char buf[16];
        __wasi_iovec_t iov = {(uint8_t *)buf, 5};
        e = __wasi_fd_pread(fd, &iov, 1, 6, &n);
        printf("fd_pread 5 at 6: %s, %u bytes \"%.*s\"\n", e ? errname(e) : "ok", (unsigned)n, (int)n, buf);
        e = __wasi_fd_pread(fd, &iov, 1, 1000, &n);
        printf("fd_pread at 1000: %s, %u bytes\n", e ? errname(e) : "ok", (unsigned)n);
        __wasi_ciovec_t c = {(const uint8_t *)"HELLO", 5};
        e = __wasi_fd_pwrite(fd, &c, 1, 0, &n);
        printf("fd_pwrite 5 at 0: %s, %u bytes\n", e ? errname(e) : "ok", (unsigned)n);
        show_tell("fd_tell after pread/pwrite", fd);
        e = __wasi_fd_pread(fd, &iov, 1, 0, &n);
        printf("fd_pread 5 at 0: %s, \"%.*s\"\n", e ? errname(e) : "ok", (int)n, buf);
    }

    /* --- filestat, set_size, allocate --- */
    {
        __wasi_filestat_t st = fstat_(fd);
        printf("fd_filestat_get: filetype=%s size=%llu nlink=%llu\n", ftname(st.filetype),
               (unsigned long long)st.size, (unsigned long long)st.nlink);
        report("fd_filestat_set_size(100)", __wasi_fd_filestat_set_size(fd, 100));
        show_size("size", fd);
        char buf[8];
        memset(buf, 'x', sizeof buf);
        __wasi_iovec_t iov = {(uint8_t *)buf, 4};
        e = __wasi_fd_pread(fd, &iov, 1, 50, &n);
        printf("pread 4 at 50 after extension: %s, zeros: %s\n", e ? errname(e) : "ok",
               yesno(n == 4 && !buf[0] && !buf[1] && !buf[2] && !buf[3]));
        report("fd_filestat_set_size(5)", __wasi_fd_filestat_set_size(fd, 5));
        show_size("size", fd);
        report("fd_allocate(0, 4096)", __wasi_fd_allocate(fd, 0, 4096));
        show_size("size after fd_allocate(0, 4096)", fd);
        report("fd_allocate(10, 10)", __wasi_fd_allocate(fd, 10, 10));
        show_size("size after fd_allocate(10, 10)", fd);
        report("fd_filestat_set_size(16)", __wasi_fd_filestat_set_size(fd, 16));
    }

    /* --- advise, sync, datasync --- */
    for (int a = 0; a <= 5; a++) {
        char label[48];
        snprintf(label, sizeof label, "fd_advise(advice %d)", a);
        report(label, __wasi_fd_advise(fd, 0, 16, a));
    }
    report("fd_advise(advice 6) (invalid)", __wasi_fd_advise(fd, 0, 16, 6));
    report("fd_sync", __wasi_fd_sync(fd));
    report("fd_datasync", __wasi_fd_datasync(fd));

    /* --- timestamps (multiples of 1 us, which every host keeps exactly) --- */
    {
        const __wasi_timestamp_t A = 1600000000123456000ull, M = 1500000000654321000ull;
        report("fd_filestat_set_times(ATIM|MTIM)", __wasi_fd_filestat_set_times(fd, A, M, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
        __wasi_filestat_t st = fstat_(fd);
        printf("  atim exact: %s, mtim exact: %s\n", yesno(st.atim == A), yesno(st.mtim == M));
        report("fd_filestat_set_times(MTIM only)", __wasi_fd_filestat_set_times(fd, 0, A, __WASI_FSTFLAGS_MTIM));
        st = fstat_(fd);
        printf("  atim unchanged: %s, mtim exact: %s\n", yesno(st.atim == A), yesno(st.mtim == A));
        __wasi_timestamp_t now = 0;
        (void)__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &now);
        report("fd_filestat_set_times(ATIM_NOW|MTIM_NOW)", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
        st = fstat_(fd);
        long long da = (long long)(st.atim - now), dm = (long long)(st.mtim - now);
        printf("  atim and mtim within 5s of now: %s\n", yesno(da > -5000000000LL && da < 5000000000LL && dm > -5000000000LL && dm < 5000000000LL));
        report("fd_filestat_set_times(ATIM|ATIM_NOW) (invalid)", __wasi_fd_filestat_set_times(fd, A, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
        report("fd_filestat_set_times(MTIM|MTIM_NOW) (invalid)", __wasi_fd_filestat_set_times(fd, 0, M, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));

        report("path_filestat_set_times(new.txt, ATIM|MTIM)", __wasi_path_filestat_set_times(DIRFD, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "new.txt", M, A, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
        __wasi_filestat_t ps;
        report("path_filestat_get(new.txt)", __wasi_path_filestat_get(DIRFD, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "new.txt", &ps));
        st = fstat_(fd);
        printf("  filetype=%s size=%llu atim exact: %s mtim exact: %s same ino as fd: %s same dev: %s\n",
               ftname(ps.filetype), (unsigned long long)ps.size, yesno(ps.atim == M), yesno(ps.mtim == A),
               yesno(ps.ino == st.ino), yesno(ps.dev == st.dev));
        report("path_filestat_get(missing.txt)", __wasi_path_filestat_get(DIRFD, 0, "missing.txt", &ps));
        report("path_filestat_set_times(missing.txt)", __wasi_path_filestat_set_times(DIRFD, 0, "missing.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
        report("path_filestat_get(.)", __wasi_path_filestat_get(DIRFD, 0, ".", &ps));
        printf("  filetype=%s\n", ftname(ps.filetype));
    }

    /* --- fdstat --- */
    {
        __wasi_fdstat_t s;
        report("fd_fdstat_get(file)", __wasi_fd_fdstat_get(fd, &s));
        printf("  filetype=%s fdflags=%u read=%s write=%s seek=%s\n", ftname(s.fs_filetype), (unsigned)(s.fs_flags & 0x1f),
               yesno(s.fs_rights_base & __WASI_RIGHTS_FD_READ), yesno(s.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
               yesno(s.fs_rights_base & __WASI_RIGHTS_FD_SEEK));
        report("fd_fdstat_get(preopen)", __wasi_fd_fdstat_get(DIRFD, &s));
        printf("  filetype=%s path_open right=%s\n", ftname(s.fs_filetype), yesno(s.fs_rights_base & __WASI_RIGHTS_PATH_OPEN));
        report("fd_fdstat_get(99)", __wasi_fd_fdstat_get(99, &s));
    }

    /* --- fd_fdstat_set_flags: APPEND on, then off --- */
    show_fdflags("flags before", fd);
    report("fd_fdstat_set_flags(APPEND)", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    show_fdflags("flags after", fd);
    show_seek("fd_seek(0, SET)", fd, 0, __WASI_WHENCE_SET);
    e = wr(fd, "XY", &n);
    printf("fd_write in append mode: %s\n", e ? errname(e) : "ok");
    show_size("size", fd);
    {
        char buf[32];
        __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
        e = __wasi_fd_pread(fd, &iov, 1, 0, &n);
        printf("content: \"");
        for (__wasi_size_t i = 0; i < n; i++) {
            if (buf[i] >= 32 && buf[i] < 127) putchar(buf[i]);
            else printf("\\%o", (unsigned char)buf[i]);
        }
        printf("\"\n");
    }
    report("fd_fdstat_set_flags(NONBLOCK)", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK));
    show_fdflags("flags after", fd);
    report("fd_fdstat_set_flags(0)", __wasi_fd_fdstat_set_flags(fd, 0));
    show_fdflags("flags after", fd);
    report("fd_close(new.txt)", __wasi_fd_close(fd));

    /* --- path_open fdflags --- */
    report("open new.txt (APPEND)", open_at(DIRFD, "new.txt", 0, RW, 0, __WASI_FDFLAGS_APPEND, &fd));
    show_fdflags("  flags", fd);
    e = wr(fd, "!", &n);
    printf("  write: %s\n", e ? errname(e) : "ok");
    show_size("  size", fd);
    report("  close", __wasi_fd_close(fd));
    static const struct { const char *name; int flag; } ff[] = {
        {"DSYNC", __WASI_FDFLAGS_DSYNC}, {"NONBLOCK", __WASI_FDFLAGS_NONBLOCK},
        {"RSYNC", __WASI_FDFLAGS_RSYNC}, {"SYNC", __WASI_FDFLAGS_SYNC},
    };
    for (int i = 0; i < 4; i++) {
        char label[64];
        snprintf(label, sizeof label, "open new.txt (%s)", ff[i].name);
        if (report(label, open_at(DIRFD, "new.txt", 0, RW, 0, ff[i].flag, &fd)) == 0) {
            e = wr(fd, "s", &n);
            printf("  write: %s\n", e ? errname(e) : "ok");
            report("  close", __wasi_fd_close(fd));
        }
    }
    report("open new.txt (TRUNC)", open_at(DIRFD, "new.txt", __WASI_OFLAGS_TRUNC, RW, 0, 0, &fd));
    show_size("  size", fd);
    report("  close", __wasi_fd_close(fd));
    report("open . (DIRECTORY)", open_at(DIRFD, ".", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd));
    {
        __wasi_fdstat_t s;
        (void)__wasi_fd_fdstat_get(fd, &s);
        printf("  filetype=%s\n", ftname(s.fs_filetype));
        char buf[4];
        __wasi_iovec_t iov = {(uint8_t *)buf, 4};
        report("  fd_read on a directory", __wasi_fd_read(fd, &iov, 1, &n));
        report("  fd_write on a directory", wr(fd, "x", &n));
        report("  fd_seek on a directory", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &(__wasi_filesize_t){0}));
        report("  close", __wasi_fd_close(fd));
    }
    report("fd_write to 99", wr(99, "x", &n));

    /* --- fd_renumber --- */
    {
        int a, b;
        report("open data.txt as A", open_at(DIRFD, "data.txt", 0, RW, 0, 0, &a));
        report("open new.txt as B", open_at(DIRFD, "new.txt", 0, RW, 0, 0, &b));
        report("fd_renumber(A, B)", __wasi_fd_renumber(a, b));
        show_read("fd_read 6 from B (now data.txt)", b, 6);
        report("fd_fdstat_get(A) after renumber", __wasi_fd_fdstat_get(a, &(__wasi_fdstat_t){0}));
        report("fd_renumber(A, B) (A closed)", __wasi_fd_renumber(a, b));
        report("fd_renumber(B, B)", __wasi_fd_renumber(b, b));
        show_read("fd_read 2 from B", b, 2);
        report("close B", __wasi_fd_close(b));
    }

    /* --- 1 MiB round trip --- */
    {
        size_t len = 1 << 20;
        uint8_t *big = malloc(len), *back = malloc(len);
        for (size_t i = 0; i < len; i++) big[i] = (uint8_t)(i * 7 + (i >> 9));
        report("open big.bin (CREAT|TRUNC)", open_at(DIRFD, "big.bin", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RW, 0, 0, &fd));
        size_t done = 0;
        while (done < len) {
            __wasi_ciovec_t c = {big + done, len - done};
            if ((e = __wasi_fd_write(fd, &c, 1, &n))) { report("write big", e); break; }
            done += n;
        }
        show_seek("fd_seek(0, SET)", fd, 0, __WASI_WHENCE_SET);
        done = 0;
        while (done < len) {
            __wasi_iovec_t v = {back + done, len - done};
            if ((e = __wasi_fd_read(fd, &v, 1, &n)) || n == 0) { report("read big", e); break; }
            done += n;
        }
        printf("1 MiB written and read back: %s\n", yesno(done == len && memcmp(big, back, len) == 0));
        report("close", __wasi_fd_close(fd));
    }
    return 0;
}
