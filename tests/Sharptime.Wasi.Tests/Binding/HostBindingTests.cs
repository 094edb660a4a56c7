using Sharptime.Wasi.Tests.Support;

namespace Sharptime.Wasi.Tests.Binding;

/// <summary>
/// What the binding of the generated glue to the engine does with what a guest hands it: bad
/// pointers trap (as the design notes require), proc_exit unwinds with its code from either
/// module, and bad values become errnos.
/// </summary>
public class HostBindingTests
{
    private static GuestResult Run(string body, string imports = "", Action<WasiConfiguration>? configure = null)
    {
        var wat = $$"""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              {{imports}}
              (memory (export "memory") 1)
              (data (i32.const 100) "abc")
              (func (export "_start") {{body}}))
            """;
        return GuestRun.Run(GuestRun.FromText("test.wat", wat), configure ?? (_ => { }));
    }

    [Fact]
    public void AnIovecArrayOutsideMemoryTraps()
    {
        var result = Run("(drop (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 0)))");
        Assert.NotNull(result.Trap);
        Assert.Equal(TrapCode.MemoryOutOfBounds, result.Trap!.Code);
    }

    [Fact]
    public void ABufferOutsideMemoryTraps()
    {
        var result = Run("""
            (i32.store (i32.const 0) (i32.const 65000))
            (i32.store (i32.const 4) (i32.const 1000))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            """);
        Assert.Equal(TrapCode.MemoryOutOfBounds, result.Trap?.Code);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void AMisalignedResultPointerTraps()
    {
        // The seed article: "Having the fourth parameter i32.const 18 will result in bad alignment".
        var result = Run("""
            (i32.store (i32.const 0) (i32.const 100))
            (i32.store (i32.const 4) (i32.const 3))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 18)))
            """);
        Assert.Equal(TrapCode.HostError, result.Trap?.Code);
        Assert.Contains("misaligned", result.Trap!.Message);
    }

    [Fact]
    public void ProcExitEndsTheRunWithItsCodeAndKeepsEarlierOutput()
    {
        var result = Run("""
            (i32.store (i32.const 0) (i32.const 100))
            (i32.store (i32.const 4) (i32.const 3))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $exit (i32.const 7))
            unreachable
            """);
        Assert.Null(result.Trap);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("abc", result.StdoutText);
    }

    [Fact]
    public void WasiUnstableProcExitToo()
    {
        var result = Run("(call $exit0 (i32.const 3)) unreachable",
            """(import "wasi_unstable" "proc_exit" (func $exit0 (param i32)))""");
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public void AnInvalidEnumValueIsEinval()
    {
        // fd_seek with whence 7: the glue answers EINVAL without calling the implementation.
        var result = Run("(call $exit (call $seek (i32.const 1) (i64.const 0) (i32.const 7) (i32.const 8)))",
            """(import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))""");
        Assert.Equal(28, result.ExitCode);
    }

    [Fact]
    public void WithoutAMemoryExportPointersTrap()
    {
        var wat = """
            (module
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
              (func (export "_start") (drop (call $sizes (i32.const 0) (i32.const 4)))))
            """;
        var result = GuestRun.Run(GuestRun.FromText("nomem.wat", wat), _ => { });
        Assert.Equal(TrapCode.MemoryOutOfBounds, result.Trap?.Code);
    }

    [Fact]
    public void DefiningWasiForModulesDefinesOnlyWhatTheyImport()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var module = Module.FromText(engine, "m", """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "no_such_function" (func)))
            """);
        var linker = new Linker(engine);
        using var context = linker.DefineWasiFor(store, [module], new WasiConfiguration());
        Assert.NotNull(linker.Get("wasi_snapshot_preview1", "fd_write"));
        Assert.Null(linker.Get("wasi_snapshot_preview1", "fd_read"));
        Assert.Null(linker.Get("wasi_snapshot_preview1", "no_such_function"));
        Assert.Null(linker.Get("wasi_unstable", "fd_write"));
    }

    [Fact]
    public void PreopenedDirectoriesThatDoNotExistAreReported()
    {
        var engine = new Engine();
        var missing = Path.Combine(Path.GetTempPath(), "sharptime-no-such-dir-" + Guid.NewGuid());
        var e = Assert.Throws<WasiException>(() =>
            new Linker(engine).DefineWasi(new Store(engine), new WasiConfiguration().WithPreopenedDirectory(missing, "/x")));
        Assert.Contains(missing, e.Message);
    }
}
