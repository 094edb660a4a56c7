using Sharptime.Validation;

namespace Sharptime.Tests.EngineTests;

/// <summary>
/// Functions' IL is emitted lazily (Compilation/LazyModuleCode): a function is emitted when it is
/// called, when emitted code calls it, or when its code pointer is needed.
/// </summary>
public class LazyEmissionTests
{
    private static (Module Module, Instance Instance) Load(string wat)
    {
        var engine = new Engine(new Config { Features = WasmFeatures.Wasm3 });
        var module = Module.FromText(engine, "lazy", wat);
        return (module, new Instance(new Store(engine), module));
    }

    [Fact]
    public void ATableFunctionCalledThroughCallIndirectFirstIsEmittedThen()
    {
        var (module, instance) = Load("""
            (module
              (type $t (func (param i32) (result i32)))
              (table 2 funcref)
              (elem (i32.const 0) $double $triple)
              (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
              (func $triple (param i32) (result i32) local.get 0 i32.const 3 i32.mul)
              (func (export "call") (param i32 i32) (result i32)
                local.get 1 local.get 0 call_indirect (type $t)))
            """);
        Assert.False(module.Compiled.IsEmitted(0));
        Assert.False(module.Compiled.IsEmitted(1));
        var call = instance.GetFunction<int, int, int>("call")!;
        Assert.Equal(14, call(0, 7));
        Assert.True(module.Compiled.IsEmitted(0));
        Assert.False(module.Compiled.IsEmitted(1));
        // The second call takes the emitted code directly; the other entry is emitted on its own first call.
        Assert.Equal(16, call(0, 8));
        Assert.Equal(21, call(1, 7));
        Assert.True(module.Compiled.IsEmitted(1));
    }

    [Fact]
    public void ALazyFunctionWithSeveralResultsPassesThemThroughItsTrampoline()
    {
        var (_, instance) = Load("""
            (module
              (type $t (func (param i64) (result i32 i64 f64)))
              (table 1 funcref)
              (elem (i32.const 0) $spread)
              (func $spread (param i64) (result i32 i64 f64)
                local.get 0 i32.wrap_i64 local.get 0 i64.const 1 i64.add local.get 0 f64.convert_i64_s)
              (func (export "via-table") (param i64) (result i32 i64 f64)
                local.get 0 i32.const 0 call_indirect (type $t))
              (export "direct" (func $spread)))
            """);
        Assert.Equal([5, 6L, 5.0], Assert.IsType<object?[]>(instance.GetFunction("via-table")!.Invoke(5L)));
        Assert.Equal([9, 10L, 9.0], Assert.IsType<object?[]>(instance.GetFunction("direct")!.Invoke(9L)));
    }

    [Fact]
    public void AnExportedFunctionIsEmittedOnItsFirstCallFromTheHost()
    {
        var (module, instance) = Load("""
            (module
              (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
              (func (export "unused")))
            """);
        var add = instance.GetFunction<int, int, int>("add")!;
        Assert.False(module.Compiled.IsEmitted(0));
        Assert.Equal(5, add(2, 3));
        Assert.Equal(9, add(4, 5));
        Assert.True(module.Compiled.IsEmitted(0));
        Assert.False(module.Compiled.IsEmitted(1));
        Assert.Same(instance.GetFunction("add"), instance.GetFunction("add"));
    }

    [Fact]
    public void ATrapInALazilyEmittedFunctionHasTheWasmBacktrace()
    {
        var (_, instance) = Load("""
            (module
              (type $t (func))
              (table 1 funcref)
              (elem (i32.const 0) $middle)
              (func $inner unreachable)
              (func $middle call $inner)
              (func $outer (export "run") i32.const 0 call_indirect (type $t)))
            """);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke());
            Assert.Equal(["inner", "middle", "outer"], trap.WasmBacktrace.Select(f => f.FunctionName));
            Assert.Equal([0, 1, 2], trap.WasmBacktrace.Select(f => f.FunctionIndex));
        }
    }

    [Fact]
    public void ARefFuncOfALazyFunctionIsTheTableEntryAndTailCallsAndCallRefsReachIt()
    {
        var (module, instance) = Load("""
            (module
              (type $t (func (result i32)))
              (table (export "table") 1 funcref)
              (elem (i32.const 0) $seven)
              (elem declare func $seven)
              (func $seven (result i32) i32.const 7)
              (func (export "ref") (result funcref) ref.func $seven)
              (func (export "call-ref") (result i32) ref.func $seven call_ref $t)
              (func (export "tail") (result i32) i32.const 0 return_call_indirect (type $t)))
            """);
        var table = instance.GetTable("table")!;
        Assert.Same(table.GetElement(0), instance.GetFunction("ref")!.Invoke());
        Assert.False(module.Compiled.IsEmitted(0));
        Assert.Equal(7, instance.GetFunction("tail")!.Invoke());
        Assert.Equal(7, instance.GetFunction("call-ref")!.Invoke());
        Assert.Same(table.GetElement(0), instance.GetFunction("ref")!.Invoke());
        Assert.Equal(7, ((Function)table.GetElement(0)!).Invoke());
    }

    [Fact]
    public void InstancesOnSeveralThreadsEmitTheSameModuleOnce()
    {
        var engine = new Engine();
        var functions = string.Concat(Enumerable.Range(0, 40).Select(i =>
            $"(func $f{i} (param i32) (result i32) local.get 0 i32.const {i} i32.add {(i > 0 ? $"call $f{i - 1}" : "")})"));
        var module = Module.FromText(engine, "threads", $"(module {functions} (export \"top\" (func $f39)))");
        int expected = Enumerable.Range(0, 40).Sum();
        var results = new int[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var instance = new Instance(new Store(engine), module);
            results[k] = instance.GetFunction<int, int>("top")!(k);
        });
        for (int k = 0; k < results.Length; k++) Assert.Equal(expected + k, results[k]);
    }

    [Fact]
    public void CallsAndBacktracesCrossTheDynamicAssembliesFunctionsAreSpreadOver()
    {
        // More functions than one dynamic assembly holds (DynamicCode.TypesPerAssembly), each calling the next.
        int count = 2 * global::Sharptime.Compilation.DynamicCode.TypesPerAssembly + 10;
        var functions = string.Concat(Enumerable.Range(0, count).Select(i => i == count - 1
            ? $"(func $f{i} (param i32) (result i32) local.get 0 i32.eqz (if (then unreachable)) local.get 0)"
            : $"(func $f{i} (param i32) (result i32) local.get 0 call $f{i + 1} i32.const 1 i32.add)"));
        var (module, instance) = Load($"(module {functions} (export \"run\" (func $f0)))");
        var run = instance.GetFunction<int, int>("run")!;
        Assert.Equal(7 + count - 1, run(7));
        Assert.True(module.Compiled.IsEmitted(count - 1));
        var trap = Assert.Throws<TrapException>(() => run(0));
        Assert.Equal(Enumerable.Range(0, count).Reverse(), trap.WasmBacktrace.Select(f => f.FunctionIndex));
    }
}
