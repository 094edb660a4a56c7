namespace Sharptime.Tests.EngineTests;

public class EngineBasicsTests
{
    private static Instance Instantiate(string wat, params object[] imports)
    {
        var engine = new Sharptime.Engine();
        var module = Module.FromText(engine, "test", wat);
        return new Instance(new Store(engine), module, imports);
    }

    [Fact]
    public void AddsTwoIntegers()
    {
        var instance = Instantiate("(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))");
        Assert.Equal(5, instance.GetFunction("add")!.Invoke(2, 3));
        var add = instance.GetFunction<int, int, int>("add")!;
        Assert.Equal(-1, add(int.MaxValue, int.MinValue));
    }

    [Fact]
    public void RecursiveFactorialWithBlocksAndBranches()
    {
        var instance = Instantiate("""
            (module
              (func $fac (export "fac") (param i64) (result i64)
                (if (result i64) (i64.eqz (local.get 0))
                  (then (i64.const 1))
                  (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
              (func (export "loop") (param i32) (result i32) (local i32)
                (block $done
                  (loop $next
                    (br_if $done (i32.eqz (local.get 0)))
                    (local.set 1 (i32.add (local.get 1) (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br $next)))
                (local.get 1)))
            """);
        Assert.Equal(2432902008176640000L, instance.GetFunction("fac")!.Invoke(20L));
        Assert.Equal(5050, instance.GetFunction("loop")!.Invoke(100));
    }

    [Fact]
    public void MemoryLoadsStoresAndTrapsOutOfBounds()
    {
        var instance = Instantiate("""
            (module (memory (export "mem") 1 2)
              (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """);
        instance.GetFunction("store")!.Invoke(100, 0x12345678);
        Assert.Equal(0x12345678, instance.GetFunction("load")!.Invoke(100));
        Assert.Equal(0x78, instance.GetMemory("mem")!.GetSpan()[100]);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("load")!.Invoke(65533));
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
        Assert.Equal(1, instance.GetFunction("grow")!.Invoke(1));
        Assert.Equal(0, instance.GetFunction("load")!.Invoke(65533));
        Assert.Equal(-1, instance.GetFunction("grow")!.Invoke(1));
    }

    [Fact]
    public void TrapsCarryTheSpecMessageAndABacktrace()
    {
        var instance = Instantiate("""
            (module
              (func $inner (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func $outer (export "outer") (result i32) (call $inner (i32.const 1) (i32.const 0))))
            """);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("outer")!.Invoke());
        Assert.Equal("integer divide by zero", trap.Message);
        Assert.Equal([0, 1], trap.WasmBacktrace.Select(f => f.FunctionIndex));
    }

    [Fact]
    public void HostFunctionsAreCalledWithTheirCaller()
    {
        var engine = new Sharptime.Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        int seen = 0;
        linker.DefineFunction(store, "env", "add", (int a, int b) => a + b);
        linker.DefineFunction(store, "env", "peek", (Caller caller, int address) => { seen = caller.GetMemory("mem")!.ReadInt32((ulong)address); });
        var module = Module.FromText(engine, "m", """
            (module
              (import "env" "add" (func $add (param i32 i32) (result i32)))
              (import "env" "peek" (func $peek (param i32)))
              (memory (export "mem") 1)
              (func (export "run") (result i32)
                (i32.store (i32.const 8) (i32.const 42))
                (call $peek (i32.const 8))
                (call $add (i32.const 40) (i32.const 2))))
            """);
        var instance = linker.Instantiate(store, module);
        Assert.Equal(42, instance.GetFunction<int>("run")!());
        Assert.Equal(42, seen);
    }

    [Fact]
    public void LinkerFunctionsWithoutAStoreAreMadeForEachStore()
    {
        var engine = new Sharptime.Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "twice", (Caller caller, int x) => 2 * x + (caller.Instance is null ? 1000 : 0));
        var module = Module.FromText(engine, "m", """
            (module (import "env" "twice" (func $twice (param i32) (result i32)))
              (func (export "run") (param i32) (result i32) (call $twice (local.get 0))))
            """);
        foreach (var store in new[] { new Store(engine), new Store(engine) })
            Assert.Equal(42, linker.Instantiate(store, module).GetFunction<int, int>("run")!(21));
    }

    [Fact]
    public void DeepRecursionTrapsInsteadOfCrashing()
    {
        var instance = Instantiate("""
            (module
              (func $count (export "count") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $count (i32.sub (local.get 0) (i32.const 1)))))))
              (func $forever (export "forever") (call $forever)))
            """);
        Assert.Equal(100_000, instance.GetFunction("count")!.Invoke(100_000));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("forever")!.Invoke());
        Assert.Equal(TrapCode.CallStackExhausted, trap.Code);
    }
}
