using System.Buffers.Binary;
using System.Text;
using Sharptime.Wasi.Preview1;
using Sharptime.Witx.Runtime;

namespace Sharptime.Witx.Tests;

/// <summary>The generated preview1 glue: argument checks, result stores, traces.</summary>
public class GlueTests
{
    private readonly byte[] _mem = new byte[65536];
    private readonly ListLogger _log = new();

    private GuestMemory Memory => new(_mem);

    private void U32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(_mem.AsSpan(at), v);
    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_mem.AsSpan(at));
    private void Bytes(int at, byte[] data) => data.CopyTo(_mem, at);

    private sealed class Writer : WasiStub
    {
        public MemoryStream Out { get; } = new();
        public Errno Answer { get; set; } = Errno.Success;

        public override Errno FdWrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, out uint result)
        {
            Calls.Add($"FdWrite({fd})");
            uint n = 0;
            for (uint i = 0; i < iovs.Length; i++)
            {
                var iov = iovs.Get(memory, i);
                Out.Write(iov.Buf.AsSpan(memory, iov.BufLen));
                n += iov.BufLen;
            }
            result = n;
            return Answer;
        }
    }

    private Writer SetUpWrite()
    {
        Bytes(0x400, Encoding.UTF8.GetBytes("Hello "));
        Bytes(0x500, Encoding.UTF8.GetBytes("world"));
        U32(0x100, 0x400);
        U32(0x104, 6);
        U32(0x108, 0x500);
        U32(0x10c, 5);
        return new Writer();
    }

    [Fact]
    public void FdWriteReadsTheIovecsStoresTheCountAndTraces()
    {
        var impl = SetUpWrite();
        int r = WasiSnapshotPreview1Glue.fd_write(impl, Memory, _log, 1, 0x100, 2, 0x200);
        Assert.Equal(0, r);
        Assert.Equal("Hello world", Encoding.UTF8.GetString(impl.Out.ToArray()));
        Assert.Equal(11u, U32(0x200));
        Assert.Equal(new[] { "fd_write(fd=1, iovs=0x100, iovs_len=2, retptr0=0x200)", "-> errno=ESUCCESS | *retptr0=11" }, _log.Lines);
        Assert.All(_log.Entries, e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Trace, e.Level));
    }

    [Fact]
    public void NoTraceWithoutLoggerOrBelowTrace()
    {
        var impl = SetUpWrite();
        Assert.Equal(0, WasiSnapshotPreview1Glue.fd_write(impl, Memory, null, 1, 0x100, 2, 0x200));
        _log.MinLevel = Microsoft.Extensions.Logging.LogLevel.Debug;
        Assert.Equal(0, WasiSnapshotPreview1Glue.fd_write(impl, Memory, _log, 1, 0x100, 2, 0x200));
        Assert.Empty(_log.Entries);
        Assert.StartsWith(WitxTrace.WasiCategory, WasiSnapshotPreview1Glue.LogCategory);
    }

    [Fact]
    public void AnErrorDoesNotStoreResults()
    {
        var impl = SetUpWrite();
        impl.Answer = Errno.Badf;
        U32(0x200, 0xdead);
        Assert.Equal((int)Errno.Badf, WasiSnapshotPreview1Glue.fd_write(impl, Memory, _log, 9, 0x100, 2, 0x200));
        Assert.Equal(0xdeadu, U32(0x200));
        Assert.Equal("-> errno=EBADF", _log.Lines.Last());
    }

    [Theory]
    [InlineData(0xfff8, 2, 0x200, WitxTrapKind.OutOfBounds)]   // second iovec past the end
    [InlineData(0x102, 1, 0x200, WitxTrapKind.Misaligned)]     // iovecs are 4-aligned
    [InlineData(0x100, 2, 0x201, WitxTrapKind.Misaligned)]     // result pointer misaligned
    [InlineData(0x100, 2, 0x10000, WitxTrapKind.OutOfBounds)]   // result pointer past the end
    [InlineData(0x100, -1, 0x200, WitxTrapKind.OutOfBounds)]   // 4G elements
    public void BadPointersTrapBeforeTheCall(int iovs, int len, int retptr, WitxTrapKind kind)
    {
        var impl = SetUpWrite();
        var e = Assert.Throws<WitxTrapException>(() => WasiSnapshotPreview1Glue.fd_write(impl, Memory, _log, 1, iovs, len, retptr));
        Assert.Equal(kind, e.Kind);
        Assert.Empty(impl.Calls);
    }

    [Fact]
    public void OutOfBoundsBufferInsideTheImplementationTraps()
    {
        var impl = SetUpWrite();
        U32(0x108, 0xfffffff0); // second iovec's buffer far outside memory
        var e = Assert.Throws<WitxTrapException>(() => WasiSnapshotPreview1Glue.fd_write(impl, Memory, _log, 1, 0x100, 2, 0x200));
        Assert.Equal(WitxTrapKind.OutOfBounds, e.Kind);
    }

    [Fact]
    public void DefaultMemoryTrapsOnAnyPointer()
    {
        var impl = SetUpWrite();
        var e = Assert.Throws<WitxTrapException>(() => WasiSnapshotPreview1Glue.fd_write(impl, default, null, 1, 0, 1, 0));
        Assert.Equal(WitxTrapKind.OutOfBounds, e.Kind);
    }

    private sealed class Opener : WasiStub
    {
        public string? Path { get; private set; }
        public Oflags Oflags { get; private set; }

        public override Errno PathOpen(GuestMemory memory, Fd fd, Lookupflags dirflags, string path, Oflags oflags,
            Rights fsRightsBase, Rights fsRightsInheriting, Fdflags fdflags, out Fd result)
        {
            Calls.Add("PathOpen");
            Path = path;
            Oflags = oflags;
            result = new Fd(7);
            return Errno.Success;
        }
    }

    private int PathOpen(Opener impl, byte[] path, int oflags = 0, long rights = 0, int fdflags = 0)
    {
        Bytes(0x300, path);
        return WasiSnapshotPreview1Glue.path_open(impl, Memory, _log, 3, 1, 0x300, path.Length, oflags, rights, rights, fdflags, 0x200);
    }

    [Fact]
    public void PathsAreDecodedAsUtf8()
    {
        var impl = new Opener();
        Assert.Equal(0, PathOpen(impl, Encoding.UTF8.GetBytes("dir/файл.txt"), oflags: (int)(Oflags.Creat | Oflags.Trunc)));
        Assert.Equal("dir/файл.txt", impl.Path);
        Assert.Equal(Oflags.Creat | Oflags.Trunc, impl.Oflags);
        Assert.Equal(7u, U32(0x200));
        Assert.Equal(new[]
        {
            "path_open(fd=3, dirflags=0x1, path=0x300, path_len=16, oflags=0x9, fs_rights_base=0x0, fs_rights_inheriting=0x0, fdflags=0x0, retptr0=0x200)",
            "     | path=\"dir/файл.txt\"",
            "-> errno=ESUCCESS | *retptr0=7",
        }, _log.Lines);
    }

    [Theory]
    [InlineData(new byte[] { 0x66, 0xff, 0x6f })]        // invalid byte
    [InlineData(new byte[] { 0xc3 })]                    // truncated sequence
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]        // UTF-16 surrogate
    [InlineData(new byte[] { 0xc0, 0xaf })]              // over-long
    public void InvalidUtf8IsEilseq(byte[] path)
    {
        var impl = new Opener();
        Assert.Equal(25, (int)Errno.Ilseq);
        Assert.Equal((int)Errno.Ilseq, PathOpen(impl, path));
        Assert.Empty(impl.Calls);
        Assert.Equal("-> errno=EILSEQ", _log.Lines.Last());
    }

    [Fact]
    public void PathOutOfBoundsTraps()
    {
        var impl = new Opener();
        var e = Assert.Throws<WitxTrapException>(() =>
            WasiSnapshotPreview1Glue.path_open(impl, Memory, null, 3, 0, 0xfff0, 0x20, 0, 0, 0, 0, 0x200));
        Assert.Equal(WitxTrapKind.OutOfBounds, e.Kind);
    }

    [Theory]
    [InlineData(0x10, 0L, 0)]            // oflags: undefined bit 4
    [InlineData(0, 1L << 40, 0)]         // rights: undefined bit 40
    [InlineData(0, 0L, 0x20)]            // fdflags: undefined bit 5
    public void UndefinedFlagBitsAreEinval(int oflags, long rights, int fdflags)
    {
        var impl = new Opener();
        Assert.Equal(28, (int)Errno.Inval);
        Assert.Equal((int)Errno.Inval, PathOpen(impl, "a"u8.ToArray(), oflags, rights, fdflags));
        Assert.Empty(impl.Calls);
        Assert.Equal("-> errno=EINVAL", _log.Lines.Last());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0x100)]
    [InlineData(-1)]
    public void UndefinedEnumValuesAreEinval(int whence)
    {
        var impl = new WasiStub();
        Assert.Equal((int)Errno.Inval, WasiSnapshotPreview1Glue.fd_seek(impl, Memory, _log, 3, 0, whence, 0x200));
        Assert.Empty(impl.Calls);
    }

    [Fact]
    public void ValidEnumValuesReachTheImplementation()
    {
        var impl = new WasiStub();
        Assert.Equal((int)Errno.Nosys, WasiSnapshotPreview1Glue.fd_seek(impl, Memory, _log, 3, -5, (int)Whence.End, 0x200));
        Assert.Equal(new[] { "FdSeek" }, impl.Calls);
        Assert.Equal("fd_seek(fd=3, offset=-5, whence=2, retptr0=0x200)", _log.Lines.First());
        Assert.Equal((int)Errno.Inval, WasiSnapshotPreview1Glue.clock_time_get(impl, Memory, _log, 4, 0, 0x200));
        Assert.Equal((int)Errno.Inval, WasiSnapshotPreview1Glue.fd_fdstat_set_rights(impl, Memory, _log, 3, 1L << 30, 0));
    }

    private sealed class Poller : WasiStub
    {
        public List<Subscription> Seen { get; } = new();

        public override Errno PollOneoff(GuestMemory memory, GuestPtr<Subscription> @in, GuestPtr<Event> @out, uint nsubscriptions, out uint result)
        {
            Calls.Add("PollOneoff");
            result = 0;
            var subs = @in.AsList(nsubscriptions);
            for (uint i = 0; i < nsubscriptions; i++)
            {
                var s = subs.Get(memory, i);
                Seen.Add(s);
                @out.ElementAt(i).Write(memory, new Event
                {
                    Userdata = s.Userdata,
                    Error = Errno.Success,
                    Type = s.U.Tag,
                    FdReadwrite = new EventFdReadwrite { Nbytes = 42, Flags = Eventrwflags.FdReadwriteHangup },
                });
                result++;
            }
            return Errno.Success;
        }
    }

    private void Subscription(int at, ulong userdata, byte tag, uint fdOrClock, ulong timeout)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_mem.AsSpan(at), userdata);
        _mem[at + 8] = tag;
        U32(at + 16, fdOrClock);
        BinaryPrimitives.WriteUInt64LittleEndian(_mem.AsSpan(at + 24), timeout);
    }

    [Fact]
    public void PollOneoffReadsVariantsAndWritesEvents()
    {
        Subscription(0x1000, 0x1111, 0, (uint)Clockid.Monotonic, 5000);
        Subscription(0x1030, 0x2222, 1, 4, 0);
        var impl = new Poller();
        Assert.Equal(0, WasiSnapshotPreview1Glue.poll_oneoff(impl, Memory, _log, 0x1000, 0x2000, 2, 0x200));
        Assert.Equal(2u, U32(0x200));
        Assert.True(impl.Seen[0].U.IsClock);
        Assert.Equal(Clockid.Monotonic, impl.Seen[0].U.AsClock.Id);
        Assert.Equal(5000ul, impl.Seen[0].U.AsClock.Timeout);
        Assert.Equal(new Fd(4), impl.Seen[1].U.AsFdRead.FileDescriptor);
        Assert.Throws<InvalidOperationException>(() => impl.Seen[1].U.AsClock);
        // Events: userdata at 0, errno at 8, type at 10, nbytes at 16, flags at 24; 32 bytes each.
        Assert.Equal(0x2222ul, BinaryPrimitives.ReadUInt64LittleEndian(_mem.AsSpan(0x2020)));
        Assert.Equal(1, _mem[0x2020 + 10]);
        Assert.Equal(42ul, BinaryPrimitives.ReadUInt64LittleEndian(_mem.AsSpan(0x2020 + 16)));
        Assert.Equal(1, _mem[0x2020 + 24]);
    }

    [Fact]
    public void AnInvalidTagReadByTheImplementationIsEinval()
    {
        Subscription(0x1000, 1, 7, 0, 0);
        var impl = new Poller();
        Assert.Equal((int)Errno.Inval, WasiSnapshotPreview1Glue.poll_oneoff(impl, Memory, _log, 0x1000, 0x2000, 1, 0x200));
        Assert.Equal("-> errno=EINVAL", _log.Lines.Last());
    }

    [Fact]
    public void AnInvalidEnumFieldReadByTheImplementationIsEinval()
    {
        Subscription(0x1000, 1, 0, 9 /* not a clockid */, 0);
        var impl = new Poller();
        Assert.Equal((int)Errno.Inval, WasiSnapshotPreview1Glue.poll_oneoff(impl, Memory, _log, 0x1000, 0x2000, 1, 0x200));
    }

    [Fact]
    public void MisalignedRecordPointerTraps()
    {
        var impl = new Poller();
        var e = Assert.Throws<WitxTrapException>(() => WasiSnapshotPreview1Glue.poll_oneoff(impl, Memory, _log, 0x1004, 0x2000, 1, 0x200));
        Assert.Equal(WitxTrapKind.Misaligned, e.Kind);
        e = Assert.Throws<WitxTrapException>(() => WasiSnapshotPreview1Glue.poll_oneoff(impl, Memory, _log, 0x1000, 0x2004, 1, 0x200));
        Assert.Equal(WitxTrapKind.Misaligned, e.Kind);
        Assert.Empty(impl.Calls);
    }

    private sealed class Various : WasiStub
    {
        public override Errno FdPrestatGet(GuestMemory memory, Fd fd, out Prestat result)
        {
            result = Prestat.Dir(new PrestatDir { PrNameLen = 5 });
            return Errno.Success;
        }

        public override Errno ArgsSizesGet(GuestMemory memory, out uint result0, out uint result1)
        {
            result0 = 2;
            result1 = 13;
            return Errno.Success;
        }

        public override Errno FdFilestatGet(GuestMemory memory, Fd fd, out Filestat result)
        {
            result = new Filestat { Dev = 1, Ino = 2, Filetype = Filetype.RegularFile, Nlink = 3, Size = 4, Atim = 5, Mtim = 6, Ctim = 7 };
            return Errno.Success;
        }

        public override Errno FdClose(GuestMemory memory, Fd fd) => throw new GuestErrorException((int)Errno.Badf);

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public override void ProcExit(GuestMemory memory, uint rval) => throw new GuestExitException((int)rval);
    }

    [Fact]
    public void VariantTupleAndRecordResultsAreStored()
    {
        var impl = new Various();
        Assert.Equal(0, WasiSnapshotPreview1Glue.fd_prestat_get(impl, Memory, _log, 3, 0x200));
        Assert.Equal(0, _mem[0x200]);
        Assert.Equal(5u, U32(0x204));
        Assert.Equal("-> errno=ESUCCESS | *retptr0=dir(PrestatDir { PrNameLen = 5 })", _log.Lines.Last());

        Assert.Equal(0, WasiSnapshotPreview1Glue.args_sizes_get(impl, Memory, _log, 0x300, 0x304));
        Assert.Equal((2u, 13u), (U32(0x300), U32(0x304)));
        Assert.Equal("-> errno=ESUCCESS | *retptr0=2, *retptr1=13", _log.Lines.Last());

        Assert.Equal(0, WasiSnapshotPreview1Glue.fd_filestat_get(impl, Memory, _log, 3, 0x400));
        Assert.Equal(4, _mem[0x400 + 16]);
        Assert.Equal(3ul, BinaryPrimitives.ReadUInt64LittleEndian(_mem.AsSpan(0x400 + 24)));
        Assert.Equal(7ul, BinaryPrimitives.ReadUInt64LittleEndian(_mem.AsSpan(0x400 + 56)));
        Assert.Equal(Filetype.RegularFile, new GuestPtr<Filestat>(0x400).Read(Memory).Filetype);
    }

    [Fact]
    public void ThrownGuestErrorsBecomeTheResult()
    {
        Assert.Equal((int)Errno.Badf, WasiSnapshotPreview1Glue.fd_close(new Various(), Memory, _log, 3));
        Assert.Equal("-> errno=EBADF", _log.Lines.Last());
    }

    [Fact]
    public void ProcExitThrowsTheImplementationsExit()
    {
        var e = Assert.Throws<GuestExitException>(() => WasiSnapshotPreview1Glue.proc_exit(new Various(), Memory, _log, 3));
        Assert.Equal(3, e.ExitCode);
        Assert.Equal("proc_exit(rval=3)", _log.Lines.Single());
    }

    private sealed class ReturningExit : WasiStub
    {
#pragma warning disable CS8763 // deliberately breaks the noreturn contract
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public override void ProcExit(GuestMemory memory, uint rval)
        {
        }
#pragma warning restore CS8763
    }

    [Fact]
    public void ProcExitThatReturnsTraps()
    {
        var e = Assert.Throws<WitxTrapException>(() => WasiSnapshotPreview1Glue.proc_exit(new ReturningExit(), Memory, null, 0));
        Assert.Equal(WitxTrapKind.NoReturnReturned, e.Kind);
    }

    [Fact]
    public void TheUntypedInvokerCallsTheGlue()
    {
        var impl = SetUpWrite();
        var f = WasiSnapshotPreview1Glue.Functions.Single(x => x.Name == "fd_write");
        Span<long> results = stackalloc long[1];
        f.Invoke(impl, Memory, _log, new long[] { 1, 0x100, 2, 0x200 }, results);
        Assert.Equal(0, results[0]);
        Assert.Equal(11u, U32(0x200));
        var seek = WasiSnapshotPreview1Glue.Functions.Single(x => x.Name == "fd_seek");
        seek.Invoke(impl, Memory, null, new long[] { 3, -1, 9, 0x200 }, results);
        Assert.Equal((int)Errno.Inval, results[0]);
    }

    [Fact]
    public void CodecChecksAlignmentBoundsAndValues()
    {
        var m = Memory;
        var p = new GuestPtr<Filestat>(0x800);
        var value = new Filestat { Dev = 9, Filetype = Filetype.Directory, Size = 1234 };
        p.Write(m, value);
        Assert.Equal(value, p.Read(m));
        Assert.Equal(WitxTrapKind.Misaligned, Assert.Throws<WitxTrapException>(() => new GuestPtr<Filestat>(0x804).Read(Memory)).Kind);
        Assert.Equal(WitxTrapKind.OutOfBounds, Assert.Throws<WitxTrapException>(() => new GuestPtr<Filestat>(0xffc8).Read(Memory)).Kind);
        _mem[0x800 + 16] = 8; // not a filetype
        Assert.Equal(GuestValueError.InvalidEnum, Assert.Throws<GuestValueException>(() => p.Read(Memory)).Error);
        BinaryPrimitives.WriteUInt16LittleEndian(_mem.AsSpan(0x900), 0x20);
        Assert.Equal(GuestValueError.InvalidFlags, Assert.Throws<GuestValueException>(() => new GuestPtr<Fdflags>(0x900).Read(Memory)).Error);
        Assert.Equal("EBADF", Errno.Badf.TraceName());
        Assert.Equal("E2BIG", Errno._2big.TraceName());
        Assert.Equal("notcapable", Errno.Notcapable.WitxName());
        Assert.False(((Errno)77).IsValid());
        Assert.True(Errno.Notcapable.IsValid());
    }
}
