using static Sharptime.Tests.Performance.OnePageModule;

namespace Sharptime.Tests.Performance;

/// <summary>
/// A straight-line run of memory accesses in a loop is compiled twice, a copy without checks behind one guard
/// per local and a copy with every check (Compilation/FunctionCompiler.Versioning.cs). These cases
/// make sure traps stay exact: the stores before the access that is out of bounds happen, a sum that
/// wraps around 2^32 is the address wasm means, and a local written inside the run is checked again.
/// Each body is in a loop that runs once: runs outside loops are not versioned.
/// </summary>
public class VersionedRegionTests
{
    /// <summary>The body beside a "peek" export that reads one byte, to see which stores happened.</summary>
    private static Instance Instantiate(string body) =>
        OnePageModule.Instantiate("regions", $"{body} (func (export \"peek\") (param i32) (result i32) (i32.load8_u (local.get 0)))");

    [Fact]
    public void StoresBeforeTheAccessOutOfBoundsHappen()
    {
        var instance = Instantiate("""
            (func (export "f") (param $p i32)
              (loop $once
              (i32.store8 (local.get $p) (i32.const 1))
              (i32.store8 (i32.add (local.get $p) (i32.const 1)) (i32.const 2))
              (i32.store8 (i32.add (local.get $p) (i32.const 2)) (i32.const 3))
              (i32.store8 (i32.add (local.get $p) (i32.const 3)) (i32.const 4))
              (i32.store8 (i32.add (local.get $p) (i32.const 4)) (i32.const 5))))
            """);
        var f = instance.GetAction<int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        f(100);
        Assert.Equal(5, peek(104));
        AssertOutOfBounds(() => f(65533));
        Assert.Equal(1, peek(65533));
        Assert.Equal(2, peek(65534));
        Assert.Equal(3, peek(65535));
    }

    [Fact]
    public void CopyBetweenTwoPointersTrapsAtTheFirstStoreOutOfBounds()
    {
        // memcpy's shape: load through one local, store through another.
        var instance = Instantiate("""
            (func (export "copy") (param $d i32) (param $s i32)
              (loop $once
              (i32.store8 (local.get $d) (i32.load8_u (local.get $s)))
              (i32.store8 offset=1 (local.get $d) (i32.load8_u offset=1 (local.get $s)))
              (i32.store8 offset=2 (local.get $d) (i32.load8_u offset=2 (local.get $s)))
              (i32.store8 offset=3 (local.get $d) (i32.load8_u offset=3 (local.get $s)))))
            (func (export "fill") (param $p i32) (param $v i32) (i32.store8 (local.get $p) (local.get $v)))
            """);
        var copy = instance.GetAction<int, int>("copy")!;
        var fill = instance.GetAction<int, int>("fill")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        for (int i = 0; i < 4; i++) fill(200 + i, 10 + i);
        copy(1000, 200);
        Assert.Equal(13, peek(1003));
        AssertOutOfBounds(() => copy(65534, 200));
        Assert.Equal(10, peek(65534));
        Assert.Equal(11, peek(65535));
        for (int i = 0; i < 4; i++) fill(65532 + i, 20 + i);
        AssertOutOfBounds(() => copy(300, 65534));
        Assert.Equal(22, peek(300));
        Assert.Equal(23, peek(301));
        Assert.Equal(0, peek(302));
    }

    [Fact]
    public void SumThatWrapsAroundIsTheAddressWasmMeans()
    {
        // $p = -8: the sums are 0, 4 and 8 modulo 2^32, all in bounds.
        var f = Instantiate("""
            (func (export "f") (param $p i32) (result i32)
              (loop $once (result i32)
              (i32.store (i32.add (local.get $p) (i32.const 8)) (i32.const 1))
              (i32.store (i32.add (local.get $p) (i32.const 12)) (i32.const 2))
              (i32.store (i32.add (local.get $p) (i32.const 16)) (i32.const 3))
              (i32.add (i32.load (i32.add (local.get $p) (i32.const 12)))
                (i32.load (i32.add (local.get $p) (i32.const 16))))))
            """).GetFunction<int, int>("f")!;
        Assert.Equal(5, f(-8));
        Assert.Equal(5, f(100));
        AssertOutOfBounds(() => f(65524));
    }

    [Fact]
    public void LocalWrittenInsideTheRunIsCheckedAgain()
    {
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $q i32) (result i32)
              (loop $once (result i32)
              (drop (i32.load (local.get $p)))
              (drop (i32.load offset=4 (local.get $p)))
              (drop (i32.load offset=8 (local.get $p)))
              (local.set $p (local.get $q))
              (drop (i32.load offset=8 (local.get $p)))
              (i32.load offset=12 (local.get $p))))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(0, f(0, 100));
        AssertOutOfBounds(() => f(0, 65528));
    }

    [Fact]
    public void ValueReadBeforeTheLocalWasWrittenIsChecked()
    {
        // The last address is the old value of $p, taken before local.tee changed it; the accesses
        // through $r make the run worth versioning.
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $q i32) (param $r i32) (result i32)
              (loop $once (result i32)
              (drop (i32.load (local.get $r)))
              (drop (i32.load offset=4 (local.get $r)))
              (drop (i32.load offset=8 (local.get $r)))
              (local.get $p)
              (drop (i32.load (local.tee $p (local.get $q))))
              (i32.load offset=65532)))
            """).GetFunction<int, int, int, int>("f")!;
        Assert.Equal(0, f(0, 0, 0));
        AssertOutOfBounds(() => f(4, 0, 0));
    }

    /// <summary>
    /// LLVM writes p + 64 as <c>i32.sub p, -64</c> (one byte shorter): such a run is versioned like
    /// one of i32.add, and a sum that wraps is still the address wasm means.
    /// </summary>
    [Fact]
    public void SubtractingANegativeConstantIsAnAccessThroughTheLocal()
    {
        const string body = """
            (func (export "f") (param $p i32)
              (loop $once
              (i32.store (i32.sub (local.get $p) (i32.const -64)) (i32.const 1))
              (i32.store (i32.sub (local.get $p) (i32.const -68)) (i32.const 2))
              (i32.store (i32.sub (local.get $p) (i32.const -72)) (i32.const 3))))
            """;
        var instance = Instantiate(body);
        var f = instance.GetAction<int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        f(100);
        Assert.Equal(3, peek(172));
        f(-64);
        Assert.Equal(1, peek(0));
        Assert.Equal(2, peek(4));
        AssertOutOfBounds(() => f(65462));
        Assert.Equal(1, peek(65526));
        Assert.Equal(2, peek(65530));

        var il = GeneratedIL.Of($"(module (memory 1) {body})", 0);
        Assert.Single(il, op => op.Code == System.Reflection.Emit.OpCodes.Bgt_Un);
        Assert.Equal(3, il.Count(op => op.Callee == "MemoryOutOfBounds"));
    }

    /// <summary>
    /// sha256's message schedule: the store's address is computed first, the local is then reused for a
    /// loaded value, and the store goes to the old value plus a constant. The region's guard checks that
    /// old value, so the store needs no check of its own in the unchecked copy; a store out of bounds
    /// still traps, after the loads.
    /// </summary>
    [Fact]
    public void StoreThroughTheLocalsValueAtTheStartOfTheRunIsCoveredByTheGuard()
    {
        const string body = """
            (func (export "f") (param $p i32) (result i32)
              (loop $once (result i32)
              (i32.add (local.get $p) (i32.const 16))
              (i32.load (local.get $p))
              (i32.add (i32.load offset=4 (local.get $p)))
              (i32.add (i32.load offset=8 (local.get $p)))
              (local.tee $p)
              (i32.store)
              (local.get $p)))
            (func (export "put") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
            (func (export "get") (param i32) (result i32) (i32.load (local.get 0)))
            """;
        var instance = OnePageModule.Instantiate("regions", body);
        var f = instance.GetFunction<int, int>("f")!;
        var put = instance.GetAction<int, int>("put")!;
        var get = instance.GetFunction<int, int>("get")!;
        put(100, 1);
        put(104, 20);
        put(108, 300);
        Assert.Equal(321, f(100));
        Assert.Equal(321, get(116));
        Assert.Equal(0, get(321 + 16));
        put(65520, 5);
        AssertOutOfBounds(() => f(65520));
        Assert.Equal(5, get(65520));

        var il = GeneratedIL.Of($"(module (memory 1) {body})", 0);
        Assert.Single(il, op => op.Code == System.Reflection.Emit.OpCodes.Bgt_Un);
        Assert.Equal(4, il.Count(op => op.Callee == "MemoryOutOfBounds"));
    }
}
