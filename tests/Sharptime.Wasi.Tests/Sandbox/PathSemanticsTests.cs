using Sharptime.Wasi.Preview1;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Tests.Sandbox;

/// <summary>How paths inside the sandbox resolve: trailing slashes, empty and dot components, names that are the directory itself.</summary>
public sealed class PathSemanticsTests : IDisposable
{
    private static readonly Fd Root = new(3);
    private const Rights All = (Rights)0x1fffffffUL;
    private readonly string _dir;
    private readonly WasiContext _context;
    private readonly WasiSnapshotPreview1 _wasi;
    private readonly byte[] _memory = new byte[256];

    public PathSemanticsTests()
    {
        _dir = Directory.CreateTempSubdirectory("wasi-paths-").FullName;
        File.WriteAllText(Path.Combine(_dir, "file.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_dir, "dir"));
        File.CreateSymbolicLink(Path.Combine(_dir, "dirlink"), "dir");
        _context = new WasiContext(new WasiConfiguration().WithPreopenedDirectory(_dir, "."));
        _wasi = new WasiSnapshotPreview1(_context);
    }

    public void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private GuestMemory Memory => new(_memory);

    [Fact]
    public void ATrailingSlashNeedsADirectory()
    {
        Assert.Equal(Errno.Notdir, _wasi.PathOpen(Memory, Root, Lookupflags.SymlinkFollow, "file.txt/", 0, All, All, 0, out _));
        Assert.Equal(Errno.Notdir, _wasi.PathFilestatGet(Memory, Root, 0, "file.txt/", out _));
        Assert.Equal(Errno.Notdir, _wasi.PathUnlinkFile(Memory, Root, "file.txt/"));
        Assert.True(File.Exists(Path.Combine(_dir, "file.txt")));
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, 0, "dir/", out var stat));
        Assert.Equal(Filetype.Directory, stat.Filetype);
        Assert.Equal(Errno.Success, _wasi.PathCreateDirectory(Memory, Root, "made/"));
        Assert.True(Directory.Exists(Path.Combine(_dir, "made")));
        Assert.Equal(Errno.Success, _wasi.PathRemoveDirectory(Memory, Root, "made/"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "made")));
    }

    [Fact]
    public void EmptyAndDotComponentsAreSkipped()
    {
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, 0, "./dir//.//../file.txt", out var stat));
        Assert.Equal(Filetype.RegularFile, stat.Filetype);
        Assert.Equal(Errno.Noent, _wasi.PathFilestatGet(Memory, Root, 0, "", out _));
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, 0, ".", out stat));
        Assert.Equal(Filetype.Directory, stat.Filetype);
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, 0, "dir/..", out stat));
        Assert.Equal(Filetype.Directory, stat.Filetype);
    }

    [Fact]
    public void TheDirectoryItselfCannotBeCreatedOrRemovedThroughDot()
    {
        Assert.Equal(Errno.Exist, _wasi.PathCreateDirectory(Memory, Root, "."));
        Assert.Equal(Errno.Exist, _wasi.PathCreateDirectory(Memory, Root, "dir/.."));
        Assert.NotEqual(Errno.Success, _wasi.PathRemoveDirectory(Memory, Root, "."));
        Assert.NotEqual(Errno.Success, _wasi.PathRemoveDirectory(Memory, Root, "dir/."));
        Assert.True(Directory.Exists(Path.Combine(_dir, "dir")));
    }

    [Fact]
    public void SymlinksInTheMiddleAreFollowedAndAtTheEndOnlyWhenAsked()
    {
        File.WriteAllText(Path.Combine(_dir, "dir", "in.txt"), "in");
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, 0, "dirlink/in.txt", out var stat));
        Assert.Equal(Filetype.RegularFile, stat.Filetype);
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, 0, "dirlink", out stat));
        Assert.Equal(Filetype.SymbolicLink, stat.Filetype);
        Assert.Equal(Errno.Success, _wasi.PathFilestatGet(Memory, Root, Lookupflags.SymlinkFollow, "dirlink", out stat));
        Assert.Equal(Filetype.Directory, stat.Filetype);
        // Removing "dirlink/" would follow it; removing the link itself needs no slash.
        Assert.Equal(Errno.Success, _wasi.PathUnlinkFile(Memory, Root, "dirlink"));
        Assert.True(Directory.Exists(Path.Combine(_dir, "dir")));
    }

    [Fact]
    public void PathOperationsOnAFileDescriptorAreNotdir()
    {
        Assert.Equal(Errno.Success, _wasi.PathOpen(Memory, Root, 0, "file.txt", 0, All, All, 0, out var file));
        Assert.Equal(Errno.Notdir, _wasi.PathOpen(Memory, file, 0, "x", 0, All, All, 0, out _));
        Assert.Equal(Errno.Notdir, _wasi.PathCreateDirectory(Memory, file, "x"));
        Assert.Equal(Errno.Badf, _wasi.FdReaddir(Memory, file, new GuestPtr<byte>(0), 100, 0, out _));
        Assert.Equal(Errno.Badf, _wasi.PathCreateDirectory(Memory, new Fd(42), "x"));
    }
}
