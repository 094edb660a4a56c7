using static Sharptime.Tests.Performance.OnePageModule;

namespace Sharptime.Tests.Performance;

/// <summary>
/// Accesses through a local whose range an earlier check already proved skip their own check
/// (Compilation/CheckedAddresses). These cases make sure every access that is out of bounds still
/// traps: a wider access than the one checked, a local written in between, a check in a branch
/// that does not dominate the access, a loop's back edge, and a copy of the local taken before it
/// was written.
/// </summary>
public class BoundsCheckEliminationTests
{
    private static Instance Instantiate(string body) => OnePageModule.Instantiate("checks", body);

    [Fact]
    public void LargerOffsetThroughTheSameLocalIsStillChecked()
    {
        var f = Instantiate("""
            (func (export "f") (param $p i32) (result i32)
              (i32.add (i32.load offset=0 (local.get $p)) (i32.load offset=8 (local.get $p))))
            """).GetFunction<int, int>("f")!;
        Assert.Equal(0, f(65524));
        AssertOutOfBounds(() => f(65532));
    }

    [Fact]
    public void AccessWithinTheCheckedRangeStillReadsTheRightBytes()
    {
        var instance = Instantiate("""
            (func (export "f") (param $p i32) (result i32)
              (i32.store offset=8 (local.get $p) (i32.const 7))
              (i32.store offset=4 (local.get $p) (i32.const 5))
              (i32.add (i32.load offset=4 (local.get $p)) (i32.load8_u offset=8 (local.get $p))))
            """);
        var f = instance.GetFunction<int, int>("f")!;
        Assert.Equal(12, f(100));
        Assert.Equal(12, f(65524));
        AssertOutOfBounds(() => f(65525));
    }

    [Fact]
    public void WritingTheLocalForgetsItsCheck()
    {
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $q i32) (result i32)
              (drop (i32.load (local.get $p)))
              (local.set $p (local.get $q))
              (i32.load (local.get $p)))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(0, f(0, 4));
        AssertOutOfBounds(() => f(0, 65536));
    }

    [Fact]
    public void ValueReadBeforeTheLocalWasWrittenIsNotTheLocal()
    {
        // The address operand is the old value of $p, read before local.tee changed $p; the check made
        // through the new value says nothing about it.
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $q i32) (result i32)
              (local.get $p)
              (drop (i32.load (local.tee $p (local.get $q))))
              (i32.load))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(0, f(8, 0));
        AssertOutOfBounds(() => f(65536, 0));
    }

    [Fact]
    public void CheckInsideAnIfDoesNotCoverTheCodeAfterIt()
    {
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $c i32) (result i32)
              (if (local.get $c) (then (drop (i32.load offset=8 (local.get $p)))))
              (i32.load offset=8 (local.get $p)))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(0, f(65520, 1));
        AssertOutOfBounds(() => f(65530, 0));
    }

    [Fact]
    public void CheckBeforeALoopDoesNotCoverTheLoopBodyWhereTheLocalChanges()
    {
        // The first iteration's access is covered by the check before the loop; later iterations are not.
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $n i32) (result i32)
              (local $sum i32)
              (drop (i32.load (local.get $p)))
              (loop $next
                (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $p))))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
              (local.get $sum))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(0, f(65528, 2));
        AssertOutOfBounds(() => f(65528, 3));
    }

    [Fact]
    public void CheckSurvivesCallsBecauseMemoryNeverShrinks()
    {
        var instance = Instantiate("""
            (func $grow (drop (memory.grow (i32.const 1))))
            (func (export "f") (param $p i32) (result i32)
              (drop (i32.load (local.get $p)))
              (call $grow)
              (i32.load offset=65536 (local.get $p)))
            """);
        var f = instance.GetFunction<int, int>("f")!;
        Assert.Equal(0, f(0));
        AssertOutOfBounds(() => f(131072));
    }

    [Fact]
    public void CopyOfALocalPlusAConstantIsForgottenWhenTheLocalIsWritten()
    {
        // $q = $p + 8 is known until $p is written; afterwards $q is checked through its own value.
        var f = Instantiate("""
            (func (export "f") (param $p i32) (param $r i32) (result i32)
              (local $q i32)
              (local.set $q (i32.add (local.get $p) (i32.const 8)))
              (drop (i32.load offset=12 (local.get $p)))
              (local.set $p (local.get $r))
              (i32.load (local.get $q)))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(0, f(65520, 0));
        AssertOutOfBounds(() => f(65524, 0));
    }

    [Fact]
    public void CheckOfASumThatWrapsCoversOnlyThatSum()
    {
        // $p = -8: $p + 8 wraps to address 0. Its check covers the second access through the same sum,
        // which must still use the wrapped address, and says nothing about $p itself.
        var instance = Instantiate("""
            (func (export "set") (i32.store (i32.const 0) (i32.const 21)))
            (func (export "f") (param $p i32) (result i32)
              (i32.add (i32.load (i32.add (local.get $p) (i32.const 8)))
                (i32.load offset=0 (i32.add (local.get $p) (i32.const 8)))))
            (func (export "g") (param $p i32) (result i32)
              (drop (i32.load (i32.add (local.get $p) (i32.const 8))))
              (i32.load (local.get $p)))
            """);
        instance.GetAction("set")!();
        var f = instance.GetFunction<int, int>("f")!;
        var g = instance.GetFunction<int, int>("g")!;
        Assert.Equal(42, f(-8));
        Assert.Equal(21, g(0));
        AssertOutOfBounds(() => g(-8));
    }

    [Fact]
    public void MemoryShorterThanTheAccessTraps()
    {
        // The check compares the address with length - size: negative here, so every address is above it.
        var engine = new Sharptime.Engine();
        var module = Module.FromText(engine, "empty", """
            (module (memory 0)
              (func (export "f") (param $p i32) (result i64) (i64.load (local.get $p))))
            """);
        var f = new Instance(new Store(engine), module).GetFunction<int, long>("f")!;
        AssertOutOfBounds(() => f(0));
        AssertOutOfBounds(() => f(-1));
    }
}
