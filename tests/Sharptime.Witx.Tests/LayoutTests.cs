using System.Reflection;
using Sharptime.Witx;
using P0 = Sharptime.Wasi.Preview0;
using P1 = Sharptime.Wasi.Preview1;

namespace Sharptime.Witx.Tests;

/// <summary>Layouts of our own witx files and of the generated C# against the documented WASI 0.1 numbers.</summary>
public class LayoutTests
{
    internal static WitxDocument OurPreview1 { get; } = WitxFiles.Load(Paths.OurWitx("preview1/wasi_snapshot_preview1.witx"));
    internal static WitxDocument OurPreview0 { get; } = WitxFiles.Load(Paths.OurWitx("preview0/wasi_unstable.witx"));

    [Theory]
    // type, preview1 size, preview1 align, preview0 size, preview0 align (docs.md of each snapshot)
    [InlineData("filestat", 64, 8, 56, 8)]
    [InlineData("subscription", 48, 8, 56, 8)]
    [InlineData("subscription_u", 40, 8, 48, 8)]
    [InlineData("subscription_clock", 32, 8, 40, 8)]
    [InlineData("event", 32, 8, 32, 8)]
    [InlineData("event_fd_readwrite", 16, 8, 16, 8)]
    [InlineData("fdstat", 24, 8, 24, 8)]
    [InlineData("dirent", 24, 8, 24, 8)]
    [InlineData("prestat", 8, 4, 8, 4)]
    [InlineData("iovec", 8, 4, 8, 4)]
    [InlineData("ciovec", 8, 4, 8, 4)]
    [InlineData("errno", 2, 2, 2, 2)]
    [InlineData("rights", 8, 8, 8, 8)]
    [InlineData("fd", 4, 4, 4, 4)]
    [InlineData("whence", 1, 1, 1, 1)]
    public void SizesMatchTheDocumentation(string type, int size1, int align1, int size0, int align0)
    {
        var l1 = WitxLayout.Of(OurPreview1.FindType(type)!.Type);
        var l0 = WitxLayout.Of(OurPreview0.FindType(type)!.Type);
        Assert.Equal(((uint)size1, (uint)align1), (l1.Size, l1.Align));
        Assert.Equal(((uint)size0, (uint)align0), (l0.Size, l0.Align));
    }

    [Fact]
    public void GeneratedConstantsMatchTheDocumentation()
    {
        Assert.Equal(64u, P1.Filestat.GuestSize);
        Assert.Equal(56u, P0.Filestat.GuestSize);
        Assert.Equal(24u, P1.Filestat.NlinkOffset);
        Assert.Equal(20u, P0.Filestat.NlinkOffset);
        Assert.Equal(32u, P1.Filestat.SizeOffset);
        Assert.Equal(24u, P0.Filestat.SizeOffset);
        Assert.Equal(48u, P1.Subscription.GuestSize);
        Assert.Equal(56u, P0.Subscription.GuestSize);
        Assert.Equal(8u, P1.Subscription.UOffset);
        Assert.Equal(8u, P1.SubscriptionU.PayloadOffset);
        Assert.Equal(32u, P1.Event.GuestSize);
        Assert.Equal(8u, P1.Event.ErrorOffset);
        Assert.Equal(10u, P1.Event.TypeOffset);
        Assert.Equal(16u, P1.Event.FdReadwriteOffset);
        Assert.Equal(8u, P1.Fdstat.FsRightsBaseOffset);
        Assert.Equal(4u, P1.Prestat.PayloadOffset);
        Assert.Equal(8u, P0.SubscriptionClock.IdOffset);
    }

    [Fact]
    public void Preview0DiffersFromPreview1WhereDocumented()
    {
        Assert.Equal(0, (int)P1.Whence.Set);
        Assert.Equal(1, (int)P1.Whence.Cur);
        Assert.Equal(2, (int)P1.Whence.End);
        Assert.Equal(0, (int)P0.Whence.Cur);
        Assert.Equal(1, (int)P0.Whence.End);
        Assert.Equal(2, (int)P0.Whence.Set);
        Assert.Equal(typeof(ulong), typeof(P1.Filestat).GetProperty("Nlink")!.PropertyType);
        Assert.Equal(typeof(uint), typeof(P0.Filestat).GetProperty("Nlink")!.PropertyType);
        Assert.NotNull(typeof(P0.SubscriptionClock).GetProperty("Identifier"));
        Assert.Null(typeof(P1.SubscriptionClock).GetProperty("Identifier"));
        Assert.True(Enum.IsDefined(P1.Rights.SockAccept));
        Assert.DoesNotContain("SockAccept", Enum.GetNames<P0.Rights>());
    }

    [Fact]
    public void ModulesHaveTheRightNumberOfFunctions()
    {
        Assert.Equal(46, P1.WasiSnapshotPreview1Glue.Functions.Count);
        Assert.Equal(45, P0.WasiUnstableGlue.Functions.Count);
        Assert.Equal(46, typeof(P1.IWasiSnapshotPreview1).GetMethods().Length);
        Assert.Equal(45, typeof(P0.IWasiUnstable).GetMethods().Length);
        Assert.Equal(46, OurPreview1.Modules.Single().Functions.Count);
        Assert.Equal(45, OurPreview0.Modules.Single().Functions.Count);
        Assert.Contains(P1.WasiSnapshotPreview1Glue.Functions, f => f.Name == "sock_accept");
        Assert.DoesNotContain(P0.WasiUnstableGlue.Functions, f => f.Name == "sock_accept");
        Assert.Equal(
            P1.WasiSnapshotPreview1Glue.Functions.Select(f => f.Name).Where(n => n != "sock_accept"),
            P0.WasiUnstableGlue.Functions.Select(f => f.Name));
        Assert.All(P1.WasiSnapshotPreview1Glue.Functions, f => Assert.Equal("wasi_snapshot_preview1", f.Module));
        Assert.All(P0.WasiUnstableGlue.Functions, f => Assert.Equal("wasi_unstable", f.Module));
    }

    [Fact]
    public void DescriptorsMatchTheGlueMethods()
    {
        foreach (var f in P1.WasiSnapshotPreview1Glue.Functions.Concat(P0.WasiUnstableGlue.Functions))
        {
            var ps = f.Method.GetParameters();
            Assert.Equal(f.InterfaceType, ps[0].ParameterType);
            Assert.Equal(typeof(Sharptime.Witx.Runtime.GuestMemory), ps[1].ParameterType);
            Assert.Equal(typeof(Microsoft.Extensions.Logging.ILogger), ps[2].ParameterType);
            Assert.Equal(f.Parameters.Select(ClrOf), ps.Skip(3).Select(p => p.ParameterType));
            Assert.Equal(f.Parameters.Count, f.ParameterNames.Count);
            Assert.Equal(f.Results.Count == 0 ? typeof(void) : ClrOf(f.Results[0]), f.Method.ReturnType);
            Assert.True(f.Method.IsStatic);
        }
        var fdWrite = P1.WasiSnapshotPreview1Glue.Functions.Single(f => f.Name == "fd_write");
        Assert.Equal("(param i32 i32 i32 i32) (result i32)", fdWrite.Signature);
        Assert.Equal(new[] { "fd", "iovs", "iovs_len", "retptr0" }, fdWrite.ParameterNames);
        var procExit = P1.WasiSnapshotPreview1Glue.Functions.Single(f => f.Name == "proc_exit");
        Assert.Equal("(param i32) (result)", procExit.Signature);
        Assert.NotNull(typeof(P1.IWasiSnapshotPreview1).GetMethod("ProcExit")!
            .GetCustomAttribute<System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute>());
    }

    private static Type ClrOf(Sharptime.Witx.Runtime.WitxCoreType t) => t switch
    {
        Sharptime.Witx.Runtime.WitxCoreType.I32 => typeof(int),
        Sharptime.Witx.Runtime.WitxCoreType.I64 => typeof(long),
        Sharptime.Witx.Runtime.WitxCoreType.F32 => typeof(float),
        _ => typeof(double),
    };
}
