/* Attempts to leave the preopened directory /sandbox (fd 3) every way we know
 * and prints the errno each attempt gets. Sharptime's rule: every escape fails
 * with ENOTCAPABLE (76) and leaves the host untouched; legitimate paths that
 * climb with `..` but stay inside still work.
 *
 * Host layout (made by the test's setup):
 *   sandbox/file.txt "inside"      sandbox/sub/inner.txt "inner"
 *   outside/secret.txt "secret"    (outside is next to sandbox on the host)
 *   sandbox/up       -> ../outside/secret.txt     (relative, escapes)
 *   sandbox/updir    -> ../outside                (to a directory)
 *   sandbox/abs      -> <absolute host path of outside/secret.txt>
 *   sandbox/absdir   -> <absolute host path of outside>
 *   sandbox/rootlink -> /
 *   sandbox/chain1 -> chain2 -> sub/chain3 -> ../../outside/secret.txt
 *   sandbox/dang     -> ../outside/new.txt        (dangling, escapes)
 *   sandbox/loop     -> loop
 *   sandbox/sub/back -> ../file.txt               (climbs but stays inside)
 *   sandbox/sub/deep -> ../sub/../sub/inner.txt   (stays inside)
 */
#include "common.h"
#include <errno.h>
#include <stdlib.h>

#define DIRFD 3
#define R (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FILESTAT_GET)
#define RW (R | __WASI_RIGHTS_FD_WRITE)
#define DIRR (__WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_FILESTAT_GET | \
              __WASI_RIGHTS_PATH_FILESTAT_GET | __WASI_RIGHTS_PATH_CREATE_FILE | \
              __WASI_RIGHTS_PATH_CREATE_DIRECTORY | __WASI_RIGHTS_PATH_READLINK)
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW

/* Opens (following symlinks) and prints the first line read, or the errno. */
static void try_open(int dirfd, const char *p, int oflags, int lookup) {
    char label[160];
    snprintf(label, sizeof label, "path_open(%s%s%s)", p, oflags & __WASI_OFLAGS_CREAT ? ", CREAT" : "",
             lookup ? "" : ", nofollow");
    __wasi_fdstat_t ds;
    uint64_t inh = __wasi_fd_fdstat_get(dirfd, &ds) == 0 ? ds.fs_rights_inheriting : RW;
    __wasi_fd_t fd;
    int e = __wasi_path_open(dirfd, lookup, p, oflags, (oflags & __WASI_OFLAGS_CREAT ? RW : R) & inh, 0, 0, &fd);
    if (e) { report(label, e); return; }
    char buf[64];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
    __wasi_size_t n = 0;
    e = __wasi_fd_read(fd, &iov, 1, &n);
    buf[e ? 0 : n] = 0;
    printf("%s: ok, read \"%s\"\n", label, buf);
    (void)__wasi_fd_close(fd);
}

static void try_opendir(int dirfd, const char *p) {
    char label[160];
    snprintf(label, sizeof label, "path_open(%s, DIRECTORY)", p);
    __wasi_fd_t fd;
    int e = report(label, __wasi_path_open(dirfd, FOLLOW, p, __WASI_OFLAGS_DIRECTORY, DIRR, DIRR | RW, 0, &fd));
    if (!e) (void)__wasi_fd_close(fd);
}

static void try_stat(int lookup, const char *p) {
    char label[160];
    snprintf(label, sizeof label, "path_filestat_get(%s%s)", p, lookup ? "" : ", nofollow");
    __wasi_filestat_t st;
    int e = __wasi_path_filestat_get(DIRFD, lookup, p, &st);
    if (e) report(label, e);
    else printf("%s: ok, %s\n", label, ftname(st.filetype));
}

static void try_fopen(const char *p) {
    errno = 0;
    FILE *f = fopen(p, "r");
    if (!f) { printf("fopen(%s): %s(%d)\n", p, errname(errno), errno); return; }
    char buf[64] = "";
    if (!fgets(buf, sizeof buf, f)) buf[0] = 0;
    fclose(f);
    printf("fopen(%s): ok, read \"%s\"\n", p, buf);
}

int main(void) {
    char label[200];
    printf("-- .. and absolute paths --\n");
    try_open(DIRFD, "../outside/secret.txt", 0, FOLLOW);
    try_open(DIRFD, "sub/../../outside/secret.txt", 0, FOLLOW);
    try_open(DIRFD, "sub/../file.txt", 0, FOLLOW);
    try_open(DIRFD, "./sub/./inner.txt", 0, FOLLOW);
    try_open(DIRFD, "sub/../sub/../file.txt", 0, FOLLOW);
    try_open(DIRFD, "/etc/passwd", 0, FOLLOW);
    try_open(DIRFD, "/file.txt", 0, FOLLOW);
    try_open(DIRFD, "../sandbox/file.txt", 0, FOLLOW);
    try_opendir(DIRFD, "..");
    try_opendir(DIRFD, "sub/../..");
    try_opendir(DIRFD, ".");
    try_stat(FOLLOW, "../outside");
    try_stat(FOLLOW, "..");

    printf("-- wasi-libc path resolution --\n");
    try_fopen("/sandbox/file.txt");
    try_fopen("/sandbox/sub/../file.txt");
    try_fopen("/sandbox/../outside/secret.txt");
    try_fopen("/etc/passwd");
    try_fopen("/");

    printf("-- symlinks --\n");
    try_open(DIRFD, "up", 0, FOLLOW);
    try_open(DIRFD, "updir/secret.txt", 0, FOLLOW);
    try_open(DIRFD, "abs", 0, FOLLOW);
    try_open(DIRFD, "absdir/secret.txt", 0, FOLLOW);
    try_stat(FOLLOW, "rootlink/etc");
    try_open(DIRFD, "chain1", 0, FOLLOW);
    try_open(DIRFD, "sub/chain3", 0, FOLLOW);
    try_open(DIRFD, "dang", __WASI_OFLAGS_CREAT, FOLLOW);
    try_open(DIRFD, "updir/created.txt", __WASI_OFLAGS_CREAT, FOLLOW);
    try_open(DIRFD, "loop", 0, FOLLOW);
    try_open(DIRFD, "sub/back", 0, FOLLOW);
    try_open(DIRFD, "sub/deep", 0, FOLLOW);
    try_open(DIRFD, "up", 0, 0);
    try_opendir(DIRFD, "updir");
    try_opendir(DIRFD, "absdir");
    try_opendir(DIRFD, "rootlink");
    try_stat(FOLLOW, "up");
    try_stat(0, "up");
    try_stat(FOLLOW, "updir");
    try_stat(FOLLOW, "sub/back");
    {
        char buf[128];
        __wasi_size_t n = 0;
        int e = __wasi_path_readlink(DIRFD, "up", (uint8_t *)buf, sizeof buf, &n);
        if (e) report("path_readlink(up)", e);
        else printf("path_readlink(up): ok, \"%.*s\"\n", (int)n, buf);
        report("path_readlink(../outside/x)", __wasi_path_readlink(DIRFD, "../outside/x", (uint8_t *)buf, sizeof buf, &n));
    }

    printf("-- creating symlinks --\n");
    report("path_symlink(../outside/secret.txt -> newup)", __wasi_path_symlink("../outside/secret.txt", DIRFD, "newup"));
    try_open(DIRFD, "newup", 0, FOLLOW);
    report("path_symlink(/etc/passwd -> newabs)", __wasi_path_symlink("/etc/passwd", DIRFD, "newabs"));
    report("path_symlink(file.txt -> ../outside/link)", __wasi_path_symlink("file.txt", DIRFD, "../outside/link"));
    report("path_symlink(file.txt -> updir/link)", __wasi_path_symlink("file.txt", DIRFD, "updir/link"));

    printf("-- hard links --\n");
    report("path_link(file.txt -> ../outside/hard)", __wasi_path_link(DIRFD, 0, "file.txt", DIRFD, "../outside/hard"));
    report("path_link(file.txt -> updir/hard)", __wasi_path_link(DIRFD, 0, "file.txt", DIRFD, "updir/hard"));
    report("path_link(../outside/secret.txt -> stolen)", __wasi_path_link(DIRFD, 0, "../outside/secret.txt", DIRFD, "stolen"));
    report("path_link(updir/secret.txt -> stolen)", __wasi_path_link(DIRFD, 0, "updir/secret.txt", DIRFD, "stolen"));
    report("path_link(up, SYMLINK_FOLLOW -> stolen)", __wasi_path_link(DIRFD, FOLLOW, "up", DIRFD, "stolen"));
    report("path_link(abs, SYMLINK_FOLLOW -> stolen)", __wasi_path_link(DIRFD, FOLLOW, "abs", DIRFD, "stolen"));
    try_open(DIRFD, "stolen", 0, FOLLOW);

    printf("-- renames --\n");
    report("path_rename(file.txt -> ../outside/moved)", __wasi_path_rename(DIRFD, "file.txt", DIRFD, "../outside/moved"));
    report("path_rename(file.txt -> updir/moved)", __wasi_path_rename(DIRFD, "file.txt", DIRFD, "updir/moved"));
    report("path_rename(../outside/secret.txt -> stolen)", __wasi_path_rename(DIRFD, "../outside/secret.txt", DIRFD, "stolen"));
    report("path_rename(updir/secret.txt -> stolen)", __wasi_path_rename(DIRFD, "updir/secret.txt", DIRFD, "stolen"));
    report("path_rename(sub -> ../outside/sub)", __wasi_path_rename(DIRFD, "sub", DIRFD, "../outside/sub"));
    report("path_rename(up -> up2) (the link itself, inside)", __wasi_path_rename(DIRFD, "up", DIRFD, "up2"));
    try_stat(0, "up2");

    printf("-- other path operations --\n");
    report("path_create_directory(../evil)", __wasi_path_create_directory(DIRFD, "../evil"));
    report("path_create_directory(/evil)", __wasi_path_create_directory(DIRFD, "/evil"));
    report("path_create_directory(updir/evil)", __wasi_path_create_directory(DIRFD, "updir/evil"));
    report("path_create_directory(sub/../../evil)", __wasi_path_create_directory(DIRFD, "sub/../../evil"));
    report("path_create_directory(\"\") (empty path)", __wasi_path_create_directory(DIRFD, ""));
    report("path_create_directory(\"\\xff\\xfe\") (invalid UTF-8)", __wasi_path_create_directory(DIRFD, "\xff\xfe"));
    report("path_unlink_file(../outside/secret.txt)", __wasi_path_unlink_file(DIRFD, "../outside/secret.txt"));
    report("path_unlink_file(updir/secret.txt)", __wasi_path_unlink_file(DIRFD, "updir/secret.txt"));
    report("path_remove_directory(../outside)", __wasi_path_remove_directory(DIRFD, "../outside"));
    report("path_remove_directory(..)", __wasi_path_remove_directory(DIRFD, ".."));
    report("path_filestat_set_times(../outside/secret.txt)", __wasi_path_filestat_set_times(DIRFD, 0, "../outside/secret.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    report("path_filestat_set_times(up2, SYMLINK_FOLLOW)", __wasi_path_filestat_set_times(DIRFD, FOLLOW, "up2", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));

    printf("-- a directory fd is its own root --\n");
    {
        __wasi_fd_t sub;
        report("path_open(sub, DIRECTORY)", __wasi_path_open(DIRFD, FOLLOW, "sub", __WASI_OFLAGS_DIRECTORY, DIRR, DIRR | RW, 0, &sub));
        try_open(sub, "inner.txt", 0, FOLLOW);
        try_open(sub, "../file.txt", 0, FOLLOW);
        try_open(sub, "back", 0, FOLLOW);
        try_open(sub, "deep", 0, FOLLOW);

        printf("-- fd_renumber over the preopen --\n");
        snprintf(label, sizeof label, "fd_renumber(sub, 3)");
        report(label, __wasi_fd_renumber(sub, DIRFD));
        __wasi_prestat_t ps;
        report("fd_prestat_get(3)", __wasi_fd_prestat_get(DIRFD, &ps));
        try_open(DIRFD, "inner.txt", 0, FOLLOW);
        try_open(DIRFD, "../file.txt", 0, FOLLOW);
        try_open(DIRFD, "../../outside/secret.txt", 0, FOLLOW);
        report("fd_close(3)", __wasi_fd_close(DIRFD));
        try_open(DIRFD, "file.txt", 0, FOLLOW);
    }
    return 0;
}
