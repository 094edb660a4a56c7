using System.Runtime.Intrinsics;
using Sharptime.Model;

namespace Sharptime.Tests.EngineTests;

/// <summary>The public API around running code: values in and out, externals, host callbacks, errors.</summary>
public class ApiTests
{
    private static (Sharptime.Engine Engine, Store Store, Instance Instance) Load(string wat, Config? config = null)
    {
        var engine = new Sharptime.Engine(config);
        var store = new Store(engine);
        return (engine, store, new Instance(store, Module.FromText(engine, "api", wat)));
    }

    [Fact]
    public void MultipleResultsComeBackFromInvokeAsAnArray()
    {
        var (_, _, instance) = Load("""
            (module (func (export "swap") (param i32 i64) (result i64 i32) local.get 1 local.get 0))
            """);
        var results = Assert.IsType<object?[]>(instance.GetFunction("swap")!.Invoke(7, 9L));
        Assert.Equal([9L, 7], results);
    }

    [Fact]
    public void VectorsAndNaNPayloadsSurviveTheBoundary()
    {
        var (_, _, instance) = Load("""
            (module
              (func (export "id") (param v128) (result v128) local.get 0)
              (func (export "nan") (result f32) f32.const nan:0x200001))
            """);
        var v = Vector128.Create(1, 2, 3, 4).AsByte();
        Assert.Equal(v, instance.GetFunction("id")!.Invoke(v));
        var nan = (float)instance.GetFunction("nan")!.Invoke()!;
        Assert.Equal(0x7FA00001u, BitConverter.SingleToUInt32Bits(nan));
    }

    [Fact]
    public void TypedDelegatesCheckTheSignature()
    {
        var (_, _, instance) = Load("(module (func (export \"f\") (param i32) (result i64) i64.const 1))");
        Assert.Throws<InvalidCastException>(() => instance.GetFunction<int, int>("f"));
        Assert.Equal(1L, instance.GetFunction<int, long>("f")!(0));
        Assert.Null(instance.GetFunction<int, long>("missing"));
    }

    [Fact]
    public void UntypedHostCallbacksTakeAndReturnBoxedValues()
    {
        var engine = new Sharptime.Engine();
        var store = new Store(engine);
        var type = new FuncType([ValType.I32, ValType.F64], [ValType.F64, ValType.I32]);
        var host = Function.FromCallback(store, type, (caller, args, results) =>
        {
            results[0] = (double)args[1]! * 2;
            results[1] = (int)args[0]! + 1;
        });
        var module = Module.FromText(engine, "m", """
            (module (import "h" "f" (func $f (param i32 f64) (result f64 i32)))
              (func (export "run") (result i32) (local i32)
                (call $f (i32.const 41) (f64.const 1.5)) (local.set 0) (drop) (local.get 0)))
            """);
        var instance = new Instance(store, module, host);
        Assert.Equal(42, instance.GetFunction("run")!.Invoke());
        Assert.Equal([3.0, 6], host.InvokeAll(5, 1.5));
    }

    [Fact]
    public void MemoryTablesAndGlobalsAreReachableFromTheHost()
    {
        var (_, _, instance) = Load("""
            (module
              (memory (export "mem") 1)
              (table (export "tab") 2 funcref)
              (global (export "g") (mut i32) (i32.const 5))
              (func $f (export "f") (result i32) (global.get 0))
              (elem (i32.const 1) $f)
              (data (i32.const 16) "hello"))
            """);
        var memory = instance.GetMemory("mem")!;
        Assert.Equal("hello", memory.ReadString(16, 5));
        memory.WriteInt32(100, 1234);
        Assert.Equal(1234, memory.ReadInt32(100));
        Assert.Equal(1UL, memory.Size);
        Assert.Throws<TrapException>(() => memory.ReadInt64(65532));

        var global = instance.GetGlobal("g")!;
        global.SetValue(77);
        Assert.Equal(77, instance.GetFunction("f")!.Invoke());

        var table = instance.GetTable("tab")!;
        Assert.Null(table.GetElement(0));
        var f = Assert.IsType<Function>(table.GetElement(1));
        Assert.Equal(77, f.Invoke());
        Assert.Equal(2L, table.Grow(3, null));
        Assert.Equal(5u, table.Size);
        Assert.Throws<TrapException>(() => table.GetElement(5));
    }

    [Theory]
    [InlineData("unreachable", "unreachable")]
    [InlineData("i32.const 1 i32.const 0 i32.div_u drop", "integer divide by zero")]
    [InlineData("i32.const 0x80000000 i32.const -1 i32.div_s drop", "integer overflow")]
    [InlineData("f32.const nan i32.trunc_f32_s drop", "invalid conversion to integer")]
    [InlineData("i32.const 70000 i32.load drop", "out of bounds memory access")]
    [InlineData("i32.const 5 call_indirect (type 0)", "undefined element")]
    [InlineData("i32.const 0 call_indirect (type 0)", "uninitialized element")]
    [InlineData("i32.const 1 call_indirect (type 0)", "indirect call type mismatch")]
    public void TrapsCarryTheSpecsMessage(string body, string message)
    {
        var (_, _, instance) = Load($$"""
            (module (type (func)) (memory 1) (table 2 funcref)
              (func $other (param i32))
              (elem (i32.const 1) $other)
              (func (export "run") {{body}}))
            """);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke());
        Assert.Equal(message, trap.Message);
    }

    [Fact]
    public void BacktracesUseTheNameSection()
    {
        var (_, _, instance) = Load("""
            (module
              (func $inner unreachable)
              (func $outer (export "run") call $inner))
            """);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("run")!.Invoke());
        Assert.Equal(["inner", "outer"], trap.WasmBacktrace.Select(f => f.FunctionName));
        Assert.Contains("wasm backtrace", trap.Describe());
    }

    [Fact]
    public void UncaughtWasmExceptionsReachTheHost()
    {
        var (_, _, instance) = Load("""
            (module (tag $e (param i32))
              (func (export "throw") (param i32) (throw $e (local.get 0))))
            """, new Config { Features = Sharptime.Validation.WasmFeatures.Wasm3 });
        var thrown = Assert.Throws<ThrownException>(() => instance.GetFunction("throw")!.Invoke(42));
        Assert.Equal([42], thrown.Payload);
    }

    [Fact]
    public void TailCallsRunInConstantStack()
    {
        var (_, _, instance) = Load("""
            (module
              (func $count (export "count") (param i32 i64) (result i64)
                (if (result i64) (i32.eqz (local.get 0)) (then (local.get 1))
                  (else (return_call $count (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 1)))))))
            """, new Config { Features = Sharptime.Validation.WasmFeatures.Wasm3 });
        Assert.Equal(5_000_000L, instance.GetFunction("count")!.Invoke(5_000_000, 0L));
    }

    [Fact]
    public void HostExceptionsPropagateAsTheyAre()
    {
        var engine = new Sharptime.Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "fail", new Action(() => throw new InvalidOperationException("host says no")));
        var module = Module.FromText(engine, "m", "(module (import \"env\" \"fail\" (func $f)) (func (export \"run\") call $f))");
        var instance = linker.Instantiate(new Store(engine), module);
        var e = Assert.Throws<InvalidOperationException>(() => instance.GetFunction("run")!.Invoke());
        Assert.Equal("host says no", e.Message);
    }

    [Fact]
    public void LinkErrorsUseTheSpecsWords()
    {
        var engine = new Sharptime.Engine();
        var linker = new Linker(engine);
        var module = Module.FromText(engine, "m", "(module (import \"env\" \"f\" (func (param i32))))");
        Assert.StartsWith("unknown import", Assert.Throws<LinkException>(() => linker.Instantiate(new Store(engine), module)).Message);
        var store = new Store(engine);
        linker.Define("env", "f", Function.FromCallback(store, () => { }));
        Assert.StartsWith("incompatible import type", Assert.Throws<LinkException>(() => linker.Instantiate(store, module)).Message);
    }

    [Fact]
    public void HostReferencesAreCheckedLikeCasts()
    {
        var wasm3 = new Config { Features = Sharptime.Validation.WasmFeatures.Wasm3 };
        var (_, store, instance) = Load("""
            (module
              (type $s (struct (field i32)))
              (type $f (func (result i32)))
              (table (export "typed") 1 (ref null $f))
              (func $one (export "one") (type $f) i32.const 1)
              (func $other (export "other") (param i32) (result i32) local.get 0)
              (func (export "get") (param (ref null $s)) (result i32) (struct.get $s 0 (local.get 0)))
              (func (export "make") (result (ref $s)) (struct.new $s (i32.const 7)))
              (func (export "len") (param arrayref) (result i32) (array.len (local.get 0))))
            """, wasm3);
        var get = instance.GetFunction("get")!;
        // A host object where a struct is expected would be reinterpreted by compiled code: refused.
        Assert.Throws<ArgumentException>(() => get.Invoke("not a struct"));
        Assert.Throws<ArgumentException>(() => instance.GetFunction("len")!.Invoke(new object()));
        Assert.Equal(7, get.Invoke(instance.GetFunction("make")!.Invoke()));
        // Typed delegates do not check their arguments, so they refuse such parameters.
        Assert.Throws<InvalidCastException>(() => instance.GetFunction<object, int>("get"));
        // A table of typed function references takes only functions of (a subtype of) that type.
        var table = instance.GetTable("typed")!;
        Assert.Throws<ArgumentException>(() => table.SetElement(0, instance.GetFunction("other")));
        Assert.Throws<ArgumentException>(() => table.SetElement(0, "not a function"));
        table.SetElement(0, instance.GetFunction("one"));
        _ = store;
    }
}
