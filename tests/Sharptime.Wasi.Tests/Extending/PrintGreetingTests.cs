using Sharptime.Wasi.Binding;
using Sharptime.Wasi.Tests.Extending.Greeting;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Tests.Extending;

/// <summary>
/// The seed article's "adding a new WASI syscall", end to end in this project (docs/extending-wasi.md):
/// print_greeting declared in witx (Extending/greeting.witx), its generated interface implemented
/// here, bound to a linker with <see cref="WitxModuleBinder"/>, and called from the article's .wat
/// through the engine, with the trace the article shows. (The generator's own tests, including the
/// compile error for a missing implementation, are in tests/Sharptime.Witx.Tests.)
/// </summary>
public class PrintGreetingTests
{
    /// <summary>The implementation the article adds to WasiCtx: it prints a fixed line.</summary>
    private sealed class Greeter(TextWriter output) : IGreeting
    {
        public Errno PrintGreeting(GuestMemory memory)
        {
            output.WriteLine("Hello World from the new print_greeting syscall in WASI");
            return Errno.Success;
        }
    }

    private const string GreetingWat = """
        (module
          (import "greeting" "print_greeting" (func $print_greeting (result i32)))
          (memory 1)
          (export "memory" (memory 0))
          (func $main (export "_start")
            (call $print_greeting)
            drop))
        """;

    [Fact]
    public void AModuleCallsTheNewFunctionThroughTheEngineAndTheCallIsTraced()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        var printed = new StringWriter();
        var trace = new StringWriter();
        using var logging = WasiLogging.CreateLoggerFactory("wasi=trace", trace);
        WitxModuleBinder.Define(linker, store, GreetingGlue.Functions, new Greeter(printed), logging.CreateLogger(WasiLogging.Category));

        var instance = linker.Instantiate(store, Module.FromText(engine, "greeting.wat", GreetingWat));
        Assert.Equal(0, WasiContext.RunCommand(instance));

        Assert.Equal("Hello World from the new print_greeting syscall in WASI\n", printed.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("TRACE wasi > print_greeting()\nTRACE wasi > -> errno=ESUCCESS\n", trace.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AModuleAndWasiCanBeLinkedTogether()
    {
        // The new module next to WASI itself: the guest prints with fd_write and greets.
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        var stdout = new MemoryStream();
        var printed = new StringWriter();
        using var wasi = linker.DefineWasi(store, new WasiConfiguration().WithStdout(stdout));
        WitxModuleBinder.Define(linker, store, GreetingGlue.Functions, new Greeter(printed));
        var wat = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "greeting" "print_greeting" (func $print_greeting (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hi\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 3))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (drop (call $print_greeting))))
            """;
        var instance = linker.Instantiate(store, Module.FromText(engine, "both.wat", wat));
        Assert.Equal(0, WasiContext.RunCommand(instance));
        Assert.Equal("hi\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.StartsWith("Hello World", printed.ToString());
    }

    private sealed class Failing : IGreeting
    {
        public Errno PrintGreeting(GuestMemory memory) => throw new InvalidOperationException("the printer is on fire");
    }

    [Fact]
    public void AnExceptionOfTheImplementationIsAHostErrorTrap()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        WitxModuleBinder.Define(linker, store, GreetingGlue.Functions, new Failing());
        var instance = linker.Instantiate(store, Module.FromText(engine, "greeting.wat", GreetingWat));
        var trap = Assert.Throws<TrapException>(() => WasiContext.RunCommand(instance));
        Assert.Equal(TrapCode.HostError, trap.Code);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
        Assert.Contains("the printer is on fire", trap.Message);
    }

    [Fact]
    public void AnImplementationOfTheWrongInterfaceIsRefused()
    {
        var engine = new Engine();
        Assert.Throws<ArgumentException>(() =>
            WitxModuleBinder.Define(new Linker(engine), new Store(engine), GreetingGlue.Functions, new object()));
    }
}
