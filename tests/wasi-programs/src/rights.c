/* fd_fdstat_set_rights as the WASI 0.1 docs define it: rights can only be
 * dropped, never regained, and an operation needing a dropped right fails
 * with ENOTCAPABLE. (Node agrees. Wasmtime since its preview2-based rewrite
 * accepts the call and ignores it; see README.md.) Expects a preopen
 * /sandbox (fd 3) containing data.txt = "0123456789" and a directory sub/. */
#include "common.h"

#define DIRFD 3

static void show_rights(const char *label, int fd) {
    __wasi_fdstat_t s;
    if (report(label, __wasi_fd_fdstat_get(fd, &s))) return;
    printf("  read=%s write=%s seek=%s tell=%s\n",
           yesno(s.fs_rights_base & __WASI_RIGHTS_FD_READ), yesno(s.fs_rights_base & __WASI_RIGHTS_FD_WRITE),
           yesno(s.fs_rights_base & __WASI_RIGHTS_FD_SEEK), yesno(s.fs_rights_base & __WASI_RIGHTS_FD_TELL));
}

static void show_dir_rights(const char *label, int fd) {
    __wasi_fdstat_t s;
    if (report(label, __wasi_fd_fdstat_get(fd, &s))) return;
    printf("  path_open=%s readdir=%s\n", yesno(s.fs_rights_base & __WASI_RIGHTS_PATH_OPEN),
           yesno(s.fs_rights_base & __WASI_RIGHTS_FD_READDIR));
}

int main(void) {
    int fd;
    const uint64_t base = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
                          __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_FILESTAT_GET;
    report("open data.txt (read, write, seek, tell)", open_at(DIRFD, "data.txt", 0, base, 0, 0, &fd));
    show_rights("fd_fdstat_get", fd);

    report("fd_fdstat_set_rights(drop write and seek)",
           __wasi_fd_fdstat_set_rights(fd, base & ~(uint64_t)(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK), 0));
    show_rights("fd_fdstat_get", fd);
    char buf[8];
    __wasi_iovec_t iov = {(uint8_t *)buf, 4};
    __wasi_size_t n = 0;
    int e = __wasi_fd_read(fd, &iov, 1, &n);
    printf("fd_read: %s, \"%.*s\"\n", e ? errname(e) : "ok", (int)n, buf);
    __wasi_ciovec_t c = {(const uint8_t *)"x", 1};
    report("fd_write (right dropped)", __wasi_fd_write(fd, &c, 1, &n));
    __wasi_filesize_t pos;
    report("fd_seek (right dropped)", __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    report("fd_tell (still allowed)", __wasi_fd_tell(fd, &pos));
    report("fd_fdstat_set_rights(add write back)", __wasi_fd_fdstat_set_rights(fd, base, 0));
    show_rights("fd_fdstat_get", fd);
    report("fd_fdstat_set_rights(99)", __wasi_fd_fdstat_set_rights(99, 0, 0));
    report("fd_close", __wasi_fd_close(fd));

    int d;
    __wasi_fdstat_t ds;
    (void)__wasi_fd_fdstat_get(DIRFD, &ds);
    report("open sub (DIRECTORY)", __wasi_path_open(DIRFD, 0, "sub", __WASI_OFLAGS_DIRECTORY,
           ds.fs_rights_base & ~(uint64_t)(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC |
                                            __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE),
           ds.fs_rights_inheriting, 0, (__wasi_fd_t *)&d));
    show_dir_rights("fd_fdstat_get(sub)", d);
    report("fd_fdstat_set_rights(sub, drop path_open)", __wasi_fd_fdstat_set_rights(d, ds.fs_rights_base & ~(uint64_t)(__WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE), ds.fs_rights_inheriting));
    show_dir_rights("fd_fdstat_get(sub)", d);
    __wasi_fd_t f2;
    report("path_open(sub, x.txt, CREAT) (right dropped)", __wasi_path_open(d, 0, "x.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &f2));
    report("fd_close(sub)", __wasi_fd_close(d));
    return 0;
}
