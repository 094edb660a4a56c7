using Sharptime.Wasi.Preview1;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Tests.Sandbox;

/// <summary>
/// Every way out of a preopened directory, through the implementation's own entry points: <c>..</c>,
/// absolute paths, symlinks (relative, absolute, chained, to directories, to <c>/</c>), hard links,
/// renames, symlink creation and fd_renumber over the preopen. Each must fail with ENOTCAPABLE,
/// and a snapshot of the host tree next to the sandbox (names, sizes, mtimes, link targets) must
/// be the same before and after.
/// </summary>
public sealed class SandboxEscapeTests : IDisposable
{
    private static readonly Fd Preopen = new(3);
    private const Rights All = (Rights)0x1fffffffUL;

    private readonly string _parent;
    private readonly string _sandbox;
    private readonly string _outside;
    private readonly List<string> _before;
    private readonly WasiContext _context;
    private readonly WasiSnapshotPreview1 _wasi;
    private readonly byte[] _memory = new byte[4096];

    public SandboxEscapeTests()
    {
        _parent = Directory.CreateTempSubdirectory("wasi-sandbox-").FullName;
        _sandbox = Directory.CreateDirectory(Path.Combine(_parent, "sandbox")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_parent, "outside")).FullName;
        Directory.CreateDirectory(Path.Combine(_outside, "deeper"));
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(_parent, "beside.txt"), "beside");
        File.WriteAllText(Path.Combine(_sandbox, "file.txt"), "inside");
        Directory.CreateDirectory(Path.Combine(_sandbox, "sub"));
        File.WriteAllText(Path.Combine(_sandbox, "sub", "inner.txt"), "inner");
        Link("up", "../outside/secret.txt");
        Link("updir", "../outside");
        Link("abs", Path.Combine(_outside, "secret.txt"));
        Link("absdir", _outside);
        Link("rootlink", "/");
        Link("chain1", "chain2");
        Link("chain2", "sub/chain3");
        Link("sub/chain3", "../../outside/secret.txt");
        Link("dang", "../outside/new.txt");
        Link("sub/back", "../file.txt");
        Link("sub/deepup", "../sub/../../outside");
        Link("loop", "loop");
        Link("pingpong1", "pingpong2");
        Link("pingpong2", "pingpong1");
        _before = HostTreeSnapshot.Take(_parent, exclude: _sandbox);
        _context = new WasiContext(new WasiConfiguration().WithPreopenedDirectory(_sandbox, "/sandbox"));
        _wasi = new WasiSnapshotPreview1(_context);
    }

    private void Link(string path, string target) => File.CreateSymbolicLink(Path.Combine(_sandbox, path), target);

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_parent, recursive: true);
    }

    private GuestMemory Memory => new(_memory);

    private void AssertOutsideUnchanged() => Assert.Equal(_before, HostTreeSnapshot.Take(_parent, exclude: _sandbox));

    /// <summary>Paths that leave the sandbox when the last component is followed.</summary>
    public static TheoryData<string> Escapes() => new()
    {
        "..", "../outside", "../outside/secret.txt", "sub/../../outside/secret.txt", "sub/../..", "./../sandbox/file.txt",
        "/etc/passwd", "/", "/sandbox/file.txt", "up", "updir", "updir/secret.txt", "updir/deeper", "abs", "absdir",
        "absdir/secret.txt", "rootlink", "rootlink/etc/passwd", "chain1", "sub/chain3", "dang", "sub/deepup", "sub/deepup/secret.txt",
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void OpeningFollowingCreatingAndTruncatingFail(string path)
    {
        var follow = Lookupflags.SymlinkFollow;
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, follow, path, 0, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, follow, path, Oflags.Creat | Oflags.Trunc, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, follow, path, Oflags.Directory, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestatGet(Memory, Preopen, follow, path, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestatSetTimes(Memory, Preopen, follow, path, 0, 0, Fstflags.AtimNow | Fstflags.MtimNow));
        Assert.Equal(Errno.Notcapable, _wasi.PathLink(Memory, Preopen, follow, path, Preopen, "stolen"));
        Assert.False(File.Exists(Path.Combine(_sandbox, "stolen")));
        AssertOutsideUnchanged();
    }

    /// <summary>Paths whose directory part leaves the sandbox: even operations on the last component itself fail.</summary>
    public static TheoryData<string> ParentEscapes() => new()
    {
        "../outside/secret.txt", "../outside/deeper", "../beside.txt", "sub/../../outside/secret.txt", "/tmp/x",
        "updir/secret.txt", "updir/deeper", "absdir/secret.txt", "rootlink/tmp", "sub/deepup/secret.txt", "../evil", "updir/evil",
    };

    [Theory]
    [MemberData(nameof(ParentEscapes))]
    public void OperationsOnNamesOutsideFail(string path)
    {
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, 0, path, Oflags.Creat, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathCreateDirectory(Memory, Preopen, path));
        Assert.Equal(Errno.Notcapable, _wasi.PathUnlinkFile(Memory, Preopen, path));
        Assert.Equal(Errno.Notcapable, _wasi.PathRemoveDirectory(Memory, Preopen, path));
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestatGet(Memory, Preopen, 0, path, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestatSetTimes(Memory, Preopen, 0, path, 0, 0, Fstflags.MtimNow));
        Assert.Equal(Errno.Notcapable, _wasi.PathReadlink(Memory, Preopen, path, new GuestPtr<byte>(0), 100, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathSymlink(Memory, "file.txt", Preopen, path));
        Assert.Equal(Errno.Notcapable, _wasi.PathLink(Memory, Preopen, 0, "file.txt", Preopen, path));
        Assert.Equal(Errno.Notcapable, _wasi.PathLink(Memory, Preopen, 0, path, Preopen, "stolen"));
        Assert.Equal(Errno.Notcapable, _wasi.PathRename(Memory, Preopen, "file.txt", Preopen, path));
        Assert.Equal(Errno.Notcapable, _wasi.PathRename(Memory, Preopen, path, Preopen, "stolen"));
        Assert.Equal(Errno.Notcapable, _wasi.PathRename(Memory, Preopen, "sub", Preopen, path));
        Assert.True(File.Exists(Path.Combine(_sandbox, "file.txt")));
        Assert.True(Directory.Exists(Path.Combine(_sandbox, "sub")));
        AssertOutsideUnchanged();
    }

    [Fact]
    public void SymlinksAreOperatedOnThemselvesWithoutFollowing()
    {
        // Without SYMLINK_FOLLOW the link itself is what is stat'ed, renamed, unlinked: all inside.
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Preopen, 0, "up", out var stat));
        Assert.Equal(Filetype.SymbolicLink, stat.Filetype);
        Assert.Equal(Errno.Loop, _wasi.PathOpen(Memory, Preopen, 0, "up", 0, All, All, 0, out _));
        Assert.Equal(Errno.Success, _wasi.PathRename(Memory, Preopen, "updir", Preopen, "updir2"));
        Assert.Equal(Errno.Success, _wasi.PathUnlinkFile(Memory, Preopen, "updir2"));
        Assert.Equal(Errno.Success, _wasi.PathUnlinkFile(Memory, Preopen, "absdir"));
        Assert.True(Directory.Exists(_outside));
        Assert.Equal(Errno.Success, _wasi.PathReadlink(Memory, Preopen, "abs", new GuestPtr<byte>(0), 4096, out uint n));
        Assert.Equal(Path.Combine(_outside, "secret.txt"), System.Text.Encoding.UTF8.GetString(_memory, 0, (int)n));
        AssertOutsideUnchanged();
    }

    [Fact]
    public void LoopsEndWithEloop()
    {
        var follow = Lookupflags.SymlinkFollow;
        Assert.Equal(Errno.Loop, _wasi.PathOpen(Memory, Preopen, follow, "loop", 0, All, All, 0, out _));
        Assert.Equal(Errno.Loop, _wasi.PathOpen(Memory, Preopen, follow, "pingpong1", 0, All, All, 0, out _));
        Assert.Equal(Errno.Loop, _wasi.PathFilestatGet(Memory, Preopen, follow, "loop/x", out _));
    }

    [Fact]
    public void ClimbingThatStaysInsideWorks()
    {
        var follow = Lookupflags.SymlinkFollow;
        Assert.Equal(Errno.Success, _wasi.PathOpen(Memory, Preopen, follow, "sub/../file.txt", 0, All, All, 0, out var a));
        Assert.Equal(Errno.Success, _wasi.PathOpen(Memory, Preopen, follow, "sub/back", 0, All, All, 0, out var b));
        Assert.Equal(Errno.Success, _wasi.PathOpen(Memory, Preopen, follow, "./sub//./inner.txt", 0, All, All, 0, out var c));
        Assert.Equal(Errno.Success, _wasi.FdClose(Memory, a));
        Assert.Equal(Errno.Success, _wasi.FdClose(Memory, b));
        Assert.Equal(Errno.Success, _wasi.FdClose(Memory, c));
        // Creating a link whose text climbs out is allowed; following it is not.
        Assert.Equal(Errno.Success, _wasi.PathSymlink(Memory, "../outside/secret.txt", Preopen, "newup"));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, follow, "newup", 0, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathSymlink(Memory, "/etc/passwd", Preopen, "newabs"));
        AssertOutsideUnchanged();
    }

    [Fact]
    public void ADirectoryFdIsItsOwnRootAlsoAfterRenumberingOverThePreopen()
    {
        var follow = Lookupflags.SymlinkFollow;
        Assert.Equal(Errno.Success, _wasi.PathOpen(Memory, Preopen, follow, "sub", Oflags.Directory, All, All, 0, out var sub));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, sub, follow, "../file.txt", 0, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, sub, follow, "back", 0, All, All, 0, out _));
        Assert.Equal(Errno.Success, _wasi.FdRenumber(Memory, sub, Preopen));
        Assert.Equal(Errno.Badf, _wasi.FdPrestatGet(Memory, Preopen, out _));
        Assert.Equal(Errno.Badf, _wasi.FdClose(Memory, sub));
        Assert.Equal(Errno.Success, _wasi.PathOpen(Memory, Preopen, follow, "inner.txt", 0, All, All, 0, out var inner));
        Assert.Equal(Errno.Success, _wasi.FdClose(Memory, inner));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, follow, "../file.txt", 0, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, follow, "../../outside/secret.txt", 0, All, All, 0, out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathCreateDirectory(Memory, Preopen, "../evil"));
        Assert.Equal(Errno.Notcapable, _wasi.PathRename(Memory, Preopen, "inner.txt", Preopen, "../../outside/moved"));
        Assert.Equal(Errno.Success, _wasi.FdClose(Memory, Preopen));
        Assert.Equal(Errno.Badf, _wasi.PathOpen(Memory, Preopen, follow, "inner.txt", 0, All, All, 0, out _));
        Assert.True(File.Exists(Path.Combine(_sandbox, "file.txt")));
        AssertOutsideUnchanged();
    }

    [Fact]
    public void HardLinksAndRenamesStayInsideTheSandbox()
    {
        Assert.Equal(Errno.Success, _wasi.PathLink(Memory, Preopen, 0, "file.txt", Preopen, "sub/hard"));
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Preopen, 0, "sub/hard", out var stat));
        Assert.Equal(2UL, stat.Nlink);
        Assert.Equal(Errno.Success, _wasi.PathRename(Memory, Preopen, "sub/hard", Preopen, "moved"));
        Assert.Equal(Errno.Success, _wasi.PathUnlinkFile(Memory, Preopen, "moved"));
        // A hard link to a symlink that points out is just another link: following it still fails.
        Assert.Equal(Errno.Success, _wasi.PathLink(Memory, Preopen, 0, "up", Preopen, "up-hard"));
        Assert.Equal(Errno.Notcapable, _wasi.PathOpen(Memory, Preopen, Lookupflags.SymlinkFollow, "up-hard", 0, All, All, 0, out _));
        AssertOutsideUnchanged();
    }

    [Fact]
    public void AHostSymlinkChangedToPointOutsideIsCaughtAtUse()
    {
        // The guest looked at "swing" while it pointed inside; the host repoints it; the next use is checked again.
        Link("swing", "sub");
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Preopen, Lookupflags.SymlinkFollow, "swing/inner.txt", out _));
        File.Delete(Path.Combine(_sandbox, "swing"));
        Link("swing", "../outside");
        Assert.Equal(Errno.Notcapable, _wasi.PathFilestatGet(Memory, Preopen, Lookupflags.SymlinkFollow, "swing/secret.txt", out _));
        Assert.Equal(Errno.Notcapable, _wasi.PathUnlinkFile(Memory, Preopen, "swing/secret.txt"));
        AssertOutsideUnchanged();
    }
}
