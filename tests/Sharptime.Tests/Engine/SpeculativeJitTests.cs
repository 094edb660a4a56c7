using System.Diagnostics;
using System.Text;
using Sharptime.Binary;
using Sharptime.Compilation;

namespace Sharptime.Tests.EngineTests;

/// <summary>
/// Config.SpeculativeJit: the large functions an entry point reaches within a few direct calls are
/// compiled on a background thread (Compilation/SpeculativeJit).
/// </summary>
public class SpeculativeJitTests
{
    /// <summary>A function body of well over SpeculativeJit.MinBodyBytes that computes <paramref name="result"/>.</summary>
    private static string LargeBody(int result)
    {
        var body = new StringBuilder();
        for (int i = 0; i < 1_500; i++) body.Append("(drop (i32.const 100000)) ");
        return body.Append($"(i32.const {result})").ToString();
    }

    // Function indices: 0 $start, 1 $setup, 2 $constructors (large, depth 2), 3 $main (large, depth 1),
    // 4 $deep (large, depth 4: too far), 5 $unreached (large, never called), 6 $small, 7 $level3.
    private static readonly string Program = $$"""
        (module
          (func $start (export "_start") (drop (call $setup)) (drop (call $main)))
          (func $setup (result i32) (call $constructors))
          (func $constructors (result i32) {{LargeBody(1)}})
          (func $main (result i32) (drop (call $small)) {{LargeBody(2)}})
          (func $deep (result i32) {{LargeBody(3)}})
          (func $unreached (export "unreached") (result i32) {{LargeBody(4)}})
          (func $small (result i32) (call $level3))
          (func $level3 (result i32) (call $deep)))
        """;

    [Fact]
    public void LargeFunctionsNearTheEntryAreFoundDepthFirstInCallOrder()
    {
        var module = Module.FromText(new Engine(new Config { SpeculativeJit = false }), "speculative", Program);
        var definition = module.Definition;
        Assert.Equal([0], SpeculativeJit.EntryPoints(definition));
        // $constructors is reached first (through $setup), then $main; $deep is four calls down, $unreached is not reached.
        Assert.Equal([2, 3], SpeculativeJit.LargeFunctionsNear(definition, [0], DecoderOptions.Default));
    }

    [Fact]
    public void TheEntrysLargeFunctionsAreCompiledWithoutBeingCalled()
    {
        var module = Module.FromText(new Engine(), "speculative", Program);
        var code = module.Compiled;
        var clock = Stopwatch.StartNew();
        while (!(code.IsEmitted(2) && code.IsEmitted(3)) && clock.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(10);
        Assert.True(code.IsEmitted(2) && code.IsEmitted(3), "the background thread did not compile the entry's large functions");
        // Compiling $main emits $small, which it calls (IL is emitted a call ahead of the JIT), but
        // neither what $small calls nor the large functions out of reach.
        Assert.False(code.IsEmitted(7));
        Assert.False(code.IsEmitted(4));
        Assert.False(code.IsEmitted(5));
    }

    [Fact]
    public void OffNothingIsCompiledBeforeItIsCalled()
    {
        var module = Module.FromText(new Engine(new Config { SpeculativeJit = false }), "speculative", Program);
        Thread.Sleep(200);
        for (int f = 0; f < 8; f++) Assert.False(module.Compiled.IsEmitted(f));
    }

    [Fact]
    public void CallsRacingTheBackgroundThreadGetTheRightResults()
    {
        // The guest calls the functions while the background thread may be compiling them.
        for (int round = 0; round < 20; round++)
        {
            var engine = new Engine();
            var module = Module.FromText(engine, "speculative", Program);
            var instance = new Instance(new Store(engine), module);
            instance.GetAction("_start")!();
            Assert.Equal(4, instance.GetFunction<int>("unreached")!());
        }
    }
}
