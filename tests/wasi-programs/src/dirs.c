/* Directories and links with raw calls: fd_prestat_get, fd_prestat_dir_name,
 * path_create_directory, path_remove_directory, fd_readdir (cookies, `.` and
 * `..`, small buffers), path_symlink, path_readlink, path_link, path_rename,
 * path_unlink_file, path_filestat_get with and without SYMLINK_FOLLOW.
 * Expects a preopen at guest path /sandbox (fd 3), initially empty. */
#include "common.h"
#include <stdlib.h>

#define DIRFD 3
#define DIRRIGHTS ((uint64_t)0x1fffffff)

struct ent { char name[64]; int type; uint64_t ino; uint64_t next; };

static int cmp_ent(const void *a, const void *b) {
    return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

/* Reads the whole directory with a buffer of bufsize bytes, following the
 * cookies. Returns the number of entries, or -errno. */
static int read_all(int fd, size_t bufsize, struct ent *out, int max, int *calls) {
    uint8_t *buf = malloc(bufsize);
    __wasi_dircookie_t cookie = 0;
    int count = 0;
    *calls = 0;
    for (;;) {
        __wasi_size_t used = 0;
        int e = __wasi_fd_readdir(fd, buf, bufsize, cookie, &used);
        ++*calls;
        if (e) { free(buf); return -e; }
        size_t pos = 0;
        int progressed = 0;
        while (pos + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + pos, sizeof d);
            if (pos + sizeof d + d.d_namlen > used) break; /* truncated entry */
            if (count < max) {
                size_t l = d.d_namlen < 63 ? d.d_namlen : 63;
                memcpy(out[count].name, buf + pos + sizeof d, l);
                out[count].name[l] = 0;
                out[count].type = d.d_type;
                out[count].ino = d.d_ino;
                out[count].next = d.d_next;
            }
            count++;
            cookie = d.d_next;
            pos += sizeof d + d.d_namlen;
            progressed = 1;
        }
        if (used < bufsize) break; /* end of directory */
        if (!progressed) { free(buf); return -1000; } /* buffer too small for one entry */
        if (*calls > 1000) { free(buf); return -1001; }
    }
    free(buf);
    return count;
}

static void list(const char *label, int fd, size_t bufsize) {
    struct ent e[64];
    int calls;
    int n = read_all(fd, bufsize, e, 64, &calls);
    if (n < 0) { printf("%s: error %d\n", label, -n); return; }
    qsort(e, n, sizeof e[0], cmp_ent);
    printf("%s (buffer %zu):", label, bufsize);
    for (int i = 0; i < n; i++) printf(" %s[%s]", e[i].name, ftname(e[i].type));
    printf("\n");
}

static int opendir_(const char *p, int *fd) {
    /* Read-only rights, as wasi-libc asks for O_RDONLY|O_DIRECTORY: opening a
     * directory for writing is EISDIR. */
    uint64_t ro = DIRRIGHTS & ~(uint64_t)(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC |
                                          __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE);
    return open_at(DIRFD, p, __WASI_OFLAGS_DIRECTORY, ro, DIRRIGHTS, 0, fd);
}

static int mkfile(const char *p, const char *content) {
    int fd;
    int e = open_at(DIRFD, p, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, DIRRIGHTS, 0, 0, &fd);
    if (e) return e;
    __wasi_ciovec_t iov = {(const uint8_t *)content, strlen(content)};
    __wasi_size_t n;
    e = __wasi_fd_write(fd, &iov, 1, &n);
    (void)__wasi_fd_close(fd);
    return e;
}

static void show_stat(const char *label, int flags, const char *p) {
    __wasi_filestat_t st;
    int e = __wasi_path_filestat_get(DIRFD, flags, p, &st);
    if (e) { report(label, e); return; }
    printf("%s: ok, %s size=%llu nlink=%llu\n", label, ftname(st.filetype),
           (unsigned long long)(st.filetype == __WASI_FILETYPE_DIRECTORY ? 0 : st.size),
           (unsigned long long)(st.filetype == __WASI_FILETYPE_DIRECTORY ? 0 : st.nlink));
}

static void show_readlink(const char *label, const char *p, size_t buflen) {
    char buf[128];
    __wasi_size_t n = 0;
    memset(buf, '#', sizeof buf);
    int e = __wasi_path_readlink(DIRFD, p, (uint8_t *)buf, buflen, &n);
    if (e) { report(label, e); return; }
    printf("%s: ok, %u bytes \"%.*s\"\n", label, (unsigned)n, (int)n, buf);
}

static void cat(const char *label, const char *p) {
    int fd;
    int e = open_at(DIRFD, p, 0, DIRRIGHTS, 0, 0, &fd);
    if (e) { report(label, e); return; }
    char buf[64];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_size_t n = 0;
    e = __wasi_fd_read(fd, &iov, 1, &n);
    (void)__wasi_fd_close(fd);
    if (e) { report(label, e); return; }
    printf("%s: \"%.*s\"\n", label, (int)n, buf);
}

int main(void) {
    /* --- prestat --- */
    __wasi_prestat_t ps;
    int e = report("fd_prestat_get(3)", __wasi_fd_prestat_get(3, &ps));
    if (!e) {
        printf("  tag=%u (0 = dir) name_len=%u\n", (unsigned)ps.tag, (unsigned)ps.u.dir.pr_name_len);
        char name[64];
        memset(name, 0, sizeof name);
        report("fd_prestat_dir_name(3)", __wasi_fd_prestat_dir_name(3, (uint8_t *)name, ps.u.dir.pr_name_len));
        printf("  name=\"%s\"\n", name);
    }
    report("fd_prestat_get(0) (stdin)", __wasi_fd_prestat_get(0, &ps));
    report("fd_prestat_get(4) (not open)", __wasi_fd_prestat_get(4, &ps));

    /* --- create / remove directories --- */
    report("path_create_directory(d)", __wasi_path_create_directory(DIRFD, "d"));
    report("path_create_directory(d) again", __wasi_path_create_directory(DIRFD, "d"));
    report("path_create_directory(d/sub)", __wasi_path_create_directory(DIRFD, "d/sub"));
    report("path_create_directory(nope/x)", __wasi_path_create_directory(DIRFD, "nope/x"));
    report("path_create_directory(empty)", __wasi_path_create_directory(DIRFD, "empty"));
    report("create d/a.txt", mkfile("d/a.txt", "alpha"));
    report("create d/b.txt", mkfile("d/b.txt", "bravo!"));
    report("create d/c.txt", mkfile("d/c.txt", "charlie"));
    report("path_create_directory(d/a.txt) (file exists)", __wasi_path_create_directory(DIRFD, "d/a.txt"));

    /* --- readdir --- */
    int dfd, efd;
    report("open d (DIRECTORY)", opendir_("d", &dfd));
    report("open empty (DIRECTORY)", opendir_("empty", &efd));
    list("readdir empty", efd, 4096);
    list("readdir d", dfd, 4096);
    list("readdir d", dfd, 40);   /* one entry per call */
    list("readdir d", dfd, 30);   /* entries cut off at the end of most buffers */
    list("readdir preopen", DIRFD, 4096);
    {
        struct ent all[16];
        int calls;
        int n = read_all(dfd, 4096, all, 16, &calls);
        int dot = -1, dotdot = -1, sorted_cookies = 1;
        for (int i = 0; i < n; i++) {
            if (!strcmp(all[i].name, ".")) dot = i;
            if (!strcmp(all[i].name, "..")) dotdot = i;
            if (i > 0 && all[i].next == all[i - 1].next) sorted_cookies = 0;
        }
        printf("entries: %d, `.` and `..` present: %s, cookies distinct: %s\n", n,
               yesno(dot >= 0 && dotdot >= 0), yesno(sorted_cookies));
        /* Restarting from each entry's d_next yields exactly the rest. */
        int resume_ok = 1;
        for (int i = 0; i < n; i++) {
            uint8_t buf[4096];
            __wasi_size_t used = 0;
            if (__wasi_fd_readdir(dfd, buf, sizeof buf, all[i].next, &used)) { resume_ok = 0; break; }
            int cnt = 0;
            size_t pos = 0;
            char first[64] = "";
            while (pos + sizeof(__wasi_dirent_t) <= used) {
                __wasi_dirent_t d;
                memcpy(&d, buf + pos, sizeof d);
                if (cnt == 0) { memcpy(first, buf + pos + sizeof d, d.d_namlen); first[d.d_namlen] = 0; }
                cnt++;
                pos += sizeof d + d.d_namlen;
            }
            if (cnt != n - i - 1) resume_ok = 0;
            if (i + 1 < n && strcmp(first, all[i + 1].name) != 0) resume_ok = 0;
        }
        printf("resuming from every d_next gives the remaining entries: %s\n", yesno(resume_ok));
        /* d_ino of a.txt matches its filestat inode. */
        for (int i = 0; i < n; i++) {
            if (!strcmp(all[i].name, "a.txt")) {
                __wasi_filestat_t st;
                (void)__wasi_path_filestat_get(DIRFD, 0, "d/a.txt", &st);
                printf("d_ino of a.txt matches path_filestat_get: %s\n", yesno(st.ino == all[i].ino));
            }
        }
        uint8_t buf[64];
        __wasi_size_t used = 99;
        report("fd_readdir with cookie past the end", __wasi_fd_readdir(dfd, buf, sizeof buf, 1000, &used));
        printf("  bufused=%u\n", (unsigned)used);
        int ffd;
        (void)open_at(DIRFD, "d/a.txt", 0, DIRRIGHTS, 0, 0, &ffd);
        report("fd_readdir on a file", __wasi_fd_readdir(ffd, buf, sizeof buf, 0, &used));
        (void)__wasi_fd_close(ffd);
    }

    /* --- symlinks --- */
    report("path_symlink(a.txt -> d/lnk)", __wasi_path_symlink("a.txt", DIRFD, "d/lnk"));
    report("path_symlink(sub -> d/dirlnk)", __wasi_path_symlink("sub", DIRFD, "d/dirlnk"));
    report("path_symlink(missing -> d/dangling)", __wasi_path_symlink("missing", DIRFD, "d/dangling"));
    report("path_symlink(x -> d/a.txt) (exists)", __wasi_path_symlink("x", DIRFD, "d/a.txt"));
    show_readlink("path_readlink(d/lnk)", "d/lnk", 128);
    show_readlink("path_readlink(d/dangling)", "d/dangling", 128);
    show_readlink("path_readlink(d/dangling) into 3 bytes", "d/dangling", 3);
    report("path_readlink(d/a.txt) (not a link)", __wasi_path_readlink(DIRFD, "d/a.txt", (uint8_t[8]){0}, 8, &(__wasi_size_t){0}));
    show_stat("path_filestat_get(d/lnk, nofollow)", 0, "d/lnk");
    show_stat("path_filestat_get(d/lnk, follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/lnk");
    show_stat("path_filestat_get(d/dangling, follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/dangling");
    show_stat("path_filestat_get(d/dirlnk, follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/dirlnk");
    cat("read through d/lnk", "d/lnk");
    {
        int fd;
        report("path_open(d/lnk) without SYMLINK_FOLLOW",
               __wasi_path_open(DIRFD, 0, "d/lnk", 0, DIRRIGHTS, 0, 0, (__wasi_fd_t *)&fd));
        report("path_open(d/dirlnk, DIRECTORY) following", opendir_("d/dirlnk", &fd));
        if (fd >= 0) (void)__wasi_fd_close(fd);
    }
    list("readdir d", dfd, 4096);

    /* --- hard links --- */
    report("path_link(d/a.txt -> d/hard)", __wasi_path_link(DIRFD, 0, "d/a.txt", DIRFD, "d/hard"));
    show_stat("path_filestat_get(d/a.txt)", 0, "d/a.txt");
    show_stat("path_filestat_get(d/hard)", 0, "d/hard");
    report("path_link(d/a.txt -> d/b.txt) (exists)", __wasi_path_link(DIRFD, 0, "d/a.txt", DIRFD, "d/b.txt"));
    report("path_link(d/sub -> d/sub2) (directory)", __wasi_path_link(DIRFD, 0, "d/sub", DIRFD, "d/sub2"));
    report("path_link(d/missing -> d/x)", __wasi_path_link(DIRFD, 0, "d/missing", DIRFD, "d/x"));
    report("path_link(d/c.txt -> empty/c2) (other dir fd)", __wasi_path_link(dfd, 0, "c.txt", efd, "c2"));
    cat("read empty/c2", "empty/c2");
    report("path_unlink_file(empty/c2)", __wasi_path_unlink_file(DIRFD, "empty/c2"));

    /* --- rename --- */
    report("path_rename(d/b.txt -> d/b2.txt)", __wasi_path_rename(DIRFD, "d/b.txt", DIRFD, "d/b2.txt"));
    report("path_rename(d/b.txt -> d/x) (gone)", __wasi_path_rename(DIRFD, "d/b.txt", DIRFD, "d/x"));
    report("path_rename(d/b2.txt -> d/c.txt) (replace file)", __wasi_path_rename(DIRFD, "d/b2.txt", DIRFD, "d/c.txt"));
    cat("read d/c.txt", "d/c.txt");
    report("path_rename(d/c.txt -> d/sub) (file onto dir)", __wasi_path_rename(DIRFD, "d/c.txt", DIRFD, "d/sub"));
    report("path_rename(d/sub -> d/c.txt) (dir onto file)", __wasi_path_rename(DIRFD, "d/sub", DIRFD, "d/c.txt"));
    report("path_create_directory(d/sub/inner)", __wasi_path_create_directory(DIRFD, "d/sub/inner"));
    report("path_rename(empty -> d/sub) (onto non-empty dir)", __wasi_path_rename(DIRFD, "empty", DIRFD, "d/sub"));
    report("path_rename(d/sub/inner -> moved) (dir, across dirs)", __wasi_path_rename(DIRFD, "d/sub/inner", DIRFD, "moved"));
    report("path_rename(moved -> empty) (onto empty dir)", __wasi_path_rename(DIRFD, "moved", DIRFD, "empty"));
    report("path_rename(d/c.txt -> c.txt) (via d's fd)", __wasi_path_rename(dfd, "c.txt", DIRFD, "c.txt"));
    report("path_rename(d -> d/sub/d) (into itself)", __wasi_path_rename(DIRFD, "d", DIRFD, "d/sub/d"));
    list("readdir preopen", DIRFD, 4096);
    list("readdir d", dfd, 4096);

    /* --- unlink / rmdir --- */
    report("path_unlink_file(d/a.txt)", __wasi_path_unlink_file(DIRFD, "d/a.txt"));
    show_stat("path_filestat_get(d/hard)", 0, "d/hard");
    report("path_unlink_file(d/a.txt) again", __wasi_path_unlink_file(DIRFD, "d/a.txt"));
    report("path_unlink_file(d/sub) (directory)", __wasi_path_unlink_file(DIRFD, "d/sub"));
    report("path_unlink_file(d/lnk) (symlink, not its target)", __wasi_path_unlink_file(DIRFD, "d/lnk"));
    report("path_unlink_file(d/dirlnk) (symlink to dir)", __wasi_path_unlink_file(DIRFD, "d/dirlnk"));
    show_stat("path_filestat_get(d/sub)", 0, "d/sub");
    report("path_remove_directory(d) (not empty)", __wasi_path_remove_directory(DIRFD, "d"));
    report("path_remove_directory(d/hard) (file)", __wasi_path_remove_directory(DIRFD, "d/hard"));
    report("path_remove_directory(d/sub)", __wasi_path_remove_directory(DIRFD, "d/sub"));
    report("path_remove_directory(d/sub) again", __wasi_path_remove_directory(DIRFD, "d/sub"));
    report("path_unlink_file(d/hard)", __wasi_path_unlink_file(DIRFD, "d/hard"));
    report("path_unlink_file(d/dangling)", __wasi_path_unlink_file(DIRFD, "d/dangling"));
    list("readdir d", dfd, 4096);
    report("path_remove_directory(d) (now empty)", __wasi_path_remove_directory(DIRFD, "d"));
    report("path_remove_directory(empty/inner)", __wasi_path_remove_directory(DIRFD, "empty/inner"));
    report("fd_close(d)", __wasi_fd_close(dfd));
    report("fd_close(empty)", __wasi_fd_close(efd));
    list("readdir preopen", DIRFD, 4096);
    return 0;
}
