using System.Diagnostics;
using Sharptime.Binary;
using Sharptime.Model;
using Xunit.Abstractions;

namespace Sharptime.Tests.EngineTests;

/// <summary>Alone, not in parallel with other tests: it counts the methods the JIT compiles process-wide.</summary>
[CollectionDefinition(nameof(LazyCompilationTests), DisableParallelization = true)]
public sealed class JitCountingCollection;

[Collection(nameof(LazyCompilationTests))]
public class LazyCompilationTests(ITestOutputHelper output)
{
    /// <summary>
    /// A module of 10,000 functions whose program calls 10: only those 10 (and the runtime's own glue)
    /// are JIT-compiled, because each function is a method of the module's generated type, compiled
    /// on its first call.
    /// </summary>
    [Fact]
    public void OnlyCalledFunctionsAreJitCompiled()
    {
        const int functionCount = 10_000;
        var module = new WasmModule();
        module.Types.Add(new SubType(new FuncType([ValType.I32], [ValType.I32])));
        module.RecGroups.Add(new RecGroup(0, 1));
        for (int i = 0; i < functionCount; i++)
        {
            // (func (param i32) (result i32) local.get 0 i32.const i i32.add)
            var code = new WasmWriter();
            code.Byte(0x20);
            code.U32(0);
            code.Byte(0x41);
            code.S32(i);
            code.Byte(0x6A);
            code.Byte(0x0B);
            module.Functions.Add(0);
            module.Bodies.Add(new FunctionBody { Locals = [], Code = code.ToArray() });
        }
        var called = Enumerable.Range(0, 10).Select(k => k * 997).ToArray();
        foreach (int f in called) module.Exports.Add(new Export($"f{f}", ExternalKind.Function, f));

        var engine = new Sharptime.Engine();
        var watch = Stopwatch.StartNew();
        var compiled = Module.FromDefinition(engine, "many", module);
        output.WriteLine($"validated and emitted IL for {functionCount} functions in {watch.ElapsedMilliseconds} ms");
        var instance = new Instance(new Store(engine), compiled);

        // Warm up the runtime's own glue on a function outside the measured set.
        var first = instance.GetFunction<int, int>($"f{called[0]}")!;
        Assert.Equal(1, first(1));

        long before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        foreach (int f in called.Skip(1))
        {
            var function = instance.GetFunction<int, int>($"f{f}")!;
            Assert.Equal(f + 1, function(1));
        }
        long jitted = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) - before;
        output.WriteLine($"methods JIT-compiled while calling 9 more functions: {jitted}");
        Assert.True(jitted < 100, $"{jitted} methods were compiled for 9 calls: functions are not compiled lazily");
    }
}
