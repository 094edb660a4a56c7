/* Shared helpers for the WASI test programs: errno names, result printing. */
#ifndef WASI_TEST_COMMON_H
#define WASI_TEST_COMMON_H
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

static inline const char *errname(int e) {
    static const char *names[] = {
        "SUCCESS", "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT",
        "EAGAIN", "EALREADY", "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD",
        "ECONNABORTED", "ECONNREFUSED", "ECONNRESET", "EDEADLK", "EDESTADDRREQ",
        "EDOM", "EDQUOT", "EEXIST", "EFAULT", "EFBIG", "EHOSTUNREACH", "EIDRM",
        "EILSEQ", "EINPROGRESS", "EINTR", "EINVAL", "EIO", "EISCONN", "EISDIR",
        "ELOOP", "EMFILE", "EMLINK", "EMSGSIZE", "EMULTIHOP", "ENAMETOOLONG",
        "ENETDOWN", "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENODEV",
        "ENOENT", "ENOEXEC", "ENOLCK", "ENOLINK", "ENOMEM", "ENOMSG",
        "ENOPROTOOPT", "ENOSPC", "ENOSYS", "ENOTCONN", "ENOTDIR", "ENOTEMPTY",
        "ENOTRECOVERABLE", "ENOTSOCK", "ENOTSUP", "ENOTTY", "ENXIO", "EOVERFLOW",
        "EOWNERDEAD", "EPERM", "EPIPE", "EPROTO", "EPROTONOSUPPORT", "EPROTOTYPE",
        "ERANGE", "EROFS", "ESPIPE", "ESRCH", "ESTALE", "ETIMEDOUT", "ETXTBSY",
        "EXDEV", "ENOTCAPABLE",
    };
    if (e >= 0 && e < (int)(sizeof names / sizeof names[0])) return names[e];
    return "E?";
}

/* Prints "label: ok" or "label: ENAME(n)". Returns the errno. */
static inline int report(const char *label, int e) {
    if (e == 0) printf("%s: ok\n", label);
    else printf("%s: %s(%d)\n", label, errname(e), e);
    return e;
}

static inline const char *ftname(int t) {
    switch (t) {
    case __WASI_FILETYPE_UNKNOWN: return "unknown";
    case __WASI_FILETYPE_BLOCK_DEVICE: return "block_device";
    case __WASI_FILETYPE_CHARACTER_DEVICE: return "character_device";
    case __WASI_FILETYPE_DIRECTORY: return "directory";
    case __WASI_FILETYPE_REGULAR_FILE: return "regular_file";
    case __WASI_FILETYPE_SOCKET_DGRAM: return "socket_dgram";
    case __WASI_FILETYPE_SOCKET_STREAM: return "socket_stream";
    case __WASI_FILETYPE_SYMBOLIC_LINK: return "symbolic_link";
    default: return "?";
    }
}

#define yesno(c) ((c) ? "yes" : "no")

/* The raw import of proc_raise (wasi-libc's api.h no longer declares it). */
int32_t raw_proc_raise(int32_t sig)
    __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__("proc_raise")));

/* path_open with a NUL-terminated path. Like wasi-libc, the requested rights
 * are masked with the directory's inheriting rights (runtimes that enforce
 * rights refuse rights the directory cannot hand out). */
static inline int open_at(int dirfd, const char *p, int oflags, uint64_t base, uint64_t inh,
                          int fdflags, int *fd_out) {
    __wasi_fdstat_t ds;
    if (__wasi_fd_fdstat_get(dirfd, &ds) == 0) {
        base &= ds.fs_rights_inheriting;
        inh &= ds.fs_rights_inheriting;
    }
    __wasi_fd_t fd = (__wasi_fd_t)-1;
    int e = __wasi_path_open(dirfd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, p, oflags, base, inh,
                             fdflags, &fd);
    *fd_out = e ? -1 : (int)fd;
    return e;
}
#define ALL_RIGHTS ((uint64_t)0x1fffffff)
#endif
