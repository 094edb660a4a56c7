using System.Reflection.Emit;
using static Sharptime.Tests.Performance.OnePageModule;

namespace Sharptime.Tests.Performance;

/// <summary>
/// A counted loop whose accesses go through induction and invariant locals is compiled twice, a copy without
/// checks behind one guard before the loop and a copy with every check (Compilation/FunctionCompiler.LoopVersioning.cs).
/// These cases make sure traps stay exact (the stores before the access that is out of bounds happen, in the
/// iteration where it is), that the guard's bound on the iterations is right for each kind of test, and that
/// addresses that wrap around 2^32 or locals written twice fall back to the checked copy.
/// </summary>
public class VersionedLoopTests
{
    /// <summary>The body beside a "peek" export that reads one byte, to see which stores happened.</summary>
    private static Instance Instantiate(string body) =>
        OnePageModule.Instantiate("loops", $"{body} (func (export \"peek\") (param i32) (result i32) (i32.load8_u (local.get 0)))");

    private static List<GeneratedIL.Op> IL(string body) => GeneratedIL.Of($"(module (memory 1) {body})", 0);

    /// <summary>clang's shape: two stores through a pointer, the pointer and a counter increased, <c>br_if</c> on counter != n.</summary>
    private const string Fill = """
        (func (export "fill") (param $p i32) (param $n i32)
          (local $i i32)
          (loop $l
            (i32.store8 (local.get $p) (i32.const 7))
            (i32.store8 offset=1 (local.get $p) (i32.const 8))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
        """;

    [Fact]
    public void LoopIsCompiledWithOneGuardAndAFullyCheckedCopy()
    {
        var il = IL(Fill);
        Assert.Single(il, op => op.Callee == "IterationsNotEqual");
        // The checked copy's two checks; the unchecked copy has none.
        Assert.Equal(2, il.Count(op => op.Callee == "MemoryOutOfBounds"));
    }

    [Fact]
    public void ACounterIncreasedInAThenPartDoesNotBoundABackEdgeInItsElsePart()
    {
        // With $c = 0 the else part goes round without increasing $i: the loop never meets its limit,
        // and $y walks off the end of memory. Counting the then part's increment for the else part's
        // back edge bounded the loop at 10 iterations and read unchecked past the memory (a crash).
        const string body = """
            (func (export "f") (param $c i32) (result i32)
              (local $i i32) (local $y i32) (local $s i32)
              (loop $l
                (local.set $y (i32.add (local.get $y) (i32.const 4096)))
                (local.set $s (i32.add (local.get $s) (i32.load (local.get $y))))
                (local.set $s (i32.add (local.get $s) (i32.load offset=4 (local.get $y))))
                (if (local.get $c)
                  (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
                  (else (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))))
              (local.get $s))
            """;
        Assert.DoesNotContain(IL(body), op => op.Callee?.StartsWith("Iterations", StringComparison.Ordinal) == true);
        var f = Instantiate(body).GetFunction<int, int>("f")!;
        AssertOutOfBounds(() => f(0));
        Assert.Equal(0, f(1));
    }

    [Fact]
    public void AccessOutOfBoundsTrapsInItsIterationAfterTheStoresBeforeIt()
    {
        var instance = Instantiate(Fill);
        var fill = instance.GetAction<int, int>("fill")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        fill(100, 10);
        Assert.Equal(8, peek(119));
        Assert.Equal(0, peek(120));
        fill(65526, 5);
        Assert.Equal(8, peek(65535));
        // Iterations at 65530, 65532, 65534 store; the fourth traps at its first store.
        AssertOutOfBounds(() => fill(65530, 10));
        Assert.Equal(7, peek(65534));
        Assert.Equal(8, peek(65535));
        // The last iteration's second store is the one out of bounds.
        AssertOutOfBounds(() => fill(65535, 1));
        Assert.Equal(7, peek(65535));
    }

    [Fact]
    public void AccessAfterTheIncrementInTheLastIterationIsCovered()
    {
        // p is increased before its accesses: the last iteration stores at p + 4 * n, one step past
        // what the iterations before it reached.
        const string body = """
            (func (export "f") (param $p i32) (param $n i32)
              (local $i i32)
              (loop $l
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (i32.store16 (local.get $p) (i32.const 0x0303))
                (i32.store16 offset=2 (local.get $p) (i32.const 0x0404))
                (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
            """;
        var instance = Instantiate(body);
        var f = instance.GetAction<int, int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        f(65532 - 40, 10);
        Assert.Equal(4, peek(65535));
        AssertOutOfBounds(() => f(65536 - 40, 10));
        Assert.Equal(3, peek(65532));
        Assert.Single(IL(body), op => op.Callee == "IterationsNotEqual");
    }

    [Fact]
    public void CounterThatNeverMeetsItsLimitRunsTheCheckedCopy()
    {
        // 0, 2, 4, ... never equals 7: the loop runs until the store traps (the guard cannot bound it).
        var instance = Instantiate(Fill.Replace("(i32.const 1)))", "(i32.const 2)))"));
        var fill = instance.GetAction<int, int>("fill")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        AssertOutOfBounds(() => fill(0, 7));
        Assert.Equal(8, peek(65535));
    }

    [Fact]
    public void LargeOffsetMakesTheGuardFail()
    {
        // Each iteration stores p[i] then loads p[i + 65000]: iteration 536 loads past the end.
        const string body = """
            (func (export "f") (param $p i32) (param $n i32) (result i32)
              (local $i i32) (local $sum i32)
              (loop $l
                (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.const 1))
                (local.set $sum (i32.add (local.get $sum)
                  (i32.load8_u offset=65000 (i32.add (local.get $p) (local.get $i)))))
                (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $p))))
                (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
              (local.get $sum))
            """;
        var instance = Instantiate(body);
        var f = instance.GetFunction<int, int, int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        Assert.Equal(10, f(0, 10));
        AssertOutOfBounds(() => f(0, 1000));
        Assert.Equal(1, peek(536));
        Assert.Equal(0, peek(537));
        // Offsets near 2^32: the guard's 64-bit sum fails, the checked copy traps at the first access.
        var far = Instantiate(body.Replace("offset=65000", "offset=4294967295"));
        AssertOutOfBounds(() => far.GetFunction<int, int, int>("f")!(0, 10));
        Assert.Equal(1, far.GetFunction<int, int>("peek")!(0));
        Assert.Equal(0, far.GetFunction<int, int>("peek")!(1));
    }

    [Fact]
    public void AddressesThatWrapAroundAreTheOnesWasmMeans()
    {
        // p = -16: p + 16 and p + 20 are 0 and 4 modulo 2^32, then 8 and 12, ...: all in bounds. The guard's
        // 64-bit bound is past the memory, so the checked copy runs and computes them as wasm does.
        const string sums = """
            (func (export "f") (param $p i32) (param $n i32)
              (local $i i32)
              (loop $l
                (i32.store (i32.add (local.get $p) (i32.const 16)) (i32.const 5))
                (i32.store (i32.add (local.get $p) (i32.const 20)) (i32.const 6))
                (local.set $p (i32.add (local.get $p) (i32.const 8)))
                (br_if $l (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
            """;
        var instance = Instantiate(sums);
        instance.GetAction<int, int>("f")!(-16, 4);
        var peek = instance.GetFunction<int, int>("peek")!;
        Assert.Equal(5, peek(0));
        Assert.Equal(6, peek(4));
        Assert.Equal(6, peek(28));
        Assert.Equal(0, peek(32));

        // The induction local itself passes 2^32 before its first access: 0, 16, 32.
        const string local = """
            (func (export "f") (param $p i32) (param $n i32)
              (local $i i32)
              (loop $l
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (i32.store (local.get $p) (i32.const 9))
                (i32.store offset=4 (local.get $p) (i32.const 9))
                (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
            """;
        instance = Instantiate(local);
        instance.GetAction<int, int>("f")!(-16, 3);
        peek = instance.GetFunction<int, int>("peek")!;
        Assert.Equal(9, peek(0));
        Assert.Equal(9, peek(36));
        Assert.Equal(0, peek(48));
        Assert.Single(IL(local), op => op.Callee == "IterationsNotEqual");
    }

    [Fact]
    public void InductionLocalWrittenElsewhereInTheBodyIsNotHoisted()
    {
        // p += 8 and, in the first iteration, p = q: the second iteration stores at q and q + 4.
        const string body = """
            (func (export "f") (param $p i32) (param $q i32) (param $n i32)
              (local $i i32)
              (loop $l
                (i32.store8 (local.get $p) (i32.const 3))
                (i32.store8 offset=4 (local.get $p) (i32.const 4))
                (local.set $p (i32.add (local.get $p) (i32.const 8)))
                (if (i32.eqz (local.get $i)) (then (local.set $p (local.get $q))))
                (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
            """;
        var instance = Instantiate(body);
        var f = instance.GetAction<int, int, int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        AssertOutOfBounds(() => f(0, 65533, 3));
        Assert.Equal(3, peek(65533));
        Assert.Equal(0, peek(8));
        Assert.DoesNotContain(IL(body), op => op.Callee == "IterationsNotEqual");
    }

    /// <summary>sha256's round loop: the test before the increment, in an if around the back edge; K[i] and w[i + 1] through two locals.</summary>
    private const string Rounds = """
        (func (export "f") (param $w i32) (param $n i32) (result i32)
          (local $i i32) (local $x i32)
          (loop $l
            (local.set $x (i32.add (local.get $x) (i32.load offset=1024 (local.get $i))))
            (if (i32.eqz (i32.eq (local.get $i) (local.get $n)))
              (then
                (local.set $x (i32.xor (local.get $x) (i32.load (i32.add (local.get $i) (local.get $w)))))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $l))))
          (local.get $x))
        (func (export "put") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
        """;

    [Fact]
    public void TestInAnIfAroundTheBackEdgeBoundsTheLoop()
    {
        var instance = Instantiate(Rounds);
        var f = instance.GetFunction<int, int, int>("f")!;
        var put = instance.GetAction<int, int>("put")!;
        put(1024, 1);
        put(1028, 2);
        put(1032, 4);
        put(40000, 16);
        put(40004, 32);
        // i = 0, 4, 8: K adds 1, 2, 4 and w (at 40000 + i) xors 16, 32 in the first two.
        Assert.Equal((((1 ^ 16) + 2) ^ 32) + 4, f(40000, 8));
        // w + i reaches past the end in the iteration with i = 4, after its K load.
        AssertOutOfBounds(() => f(65532, 8));
        // i never equals 6: the loop runs until K's load traps.
        AssertOutOfBounds(() => f(0, 6));
        var il = IL(Rounds);
        Assert.Single(il, op => op.Callee == "IterationsNotEqual");
        Assert.Equal(2, il.Count(op => op.Callee == "MemoryOutOfBounds"));
    }

    [Theory]
    [InlineData("i32.lt_u", "IterationsBelowUnsigned", 10, 10)]
    [InlineData("i32.lt_s", "IterationsBelowSigned", 10, 10)]
    [InlineData("i32.le_u", "IterationsAtMostUnsigned", 10, 11)]
    [InlineData("i32.le_s", "IterationsAtMostSigned", 10, 11)]
    [InlineData("i32.ne", "IterationsNotEqual", 10, 10)]
    public void EachKindOfTestBoundsTheIterationsExactly(string compare, string guard, int limit, int iterations)
    {
        // A br_if out of the loop when the counter fails the test (the negation of the one that goes round),
        // then an unconditional back edge; the stores go to p + 4 * i and p + 4 * i + 2.
        string body = $$"""
            (func (export "f") (param $p i32) (param $n i32)
              (local $i i32)
              (block $out
                (loop $l
                  (i32.store16 (local.get $p) (i32.const 0x0101))
                  (i32.store16 offset=2 (local.get $p) (i32.const 0x0202))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $out (i32.eqz ({{compare}} (local.get $i) (local.get $n))))
                  (br $l))))
            """;
        var instance = Instantiate(body);
        var f = instance.GetAction<int, int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        f(1000, limit);
        Assert.Equal(2, peek(1000 + 4 * iterations - 1));
        Assert.Equal(0, peek(1000 + 4 * iterations));
        // The last iteration's second store is the first out of bounds.
        AssertOutOfBounds(() => f(65536 - 4 * iterations + 2, limit));
        Assert.Equal(1, peek(65535));
        Assert.Equal(2, peek(65533));
        Assert.Single(IL(body), op => op.Callee == guard);
    }

    [Fact]
    public void CountDownToZeroIsACountedLoop()
    {
        // clang's shape: the trip count counts down, tested by its truth at the back edge.
        const string body = """
            (func (export "f") (param $p i32) (param $n i32)
              (loop $l
                (i32.store8 (local.get $p) (i32.const 5))
                (i32.store8 offset=1 (local.get $p) (i32.const 6))
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1))))))
            """;
        var instance = Instantiate(body);
        var f = instance.GetAction<int, int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        f(100, 10);
        Assert.Equal(6, peek(119));
        Assert.Equal(0, peek(120));
        // 10 iterations from 65520 would store up to 65539: the 9th iteration's first store traps.
        AssertOutOfBounds(() => f(65520, 10));
        Assert.Equal(5, peek(65534));
        Assert.Equal(6, peek(65535));
        // n = 0 counts down through 2^32 values: the loop runs until a store traps.
        AssertOutOfBounds(() => f(0, 0));
        Assert.Equal(6, peek(65535));
        var il = IL(body);
        Assert.Single(il, op => op.Callee == "IterationsNotEqual");
        Assert.Equal(2, il.Count(op => op.Callee == "MemoryOutOfBounds"));
    }

    [Fact]
    public void PointerCountingDownIsBoundedByItsStartAndZero()
    {
        // p and i count down together while i > 0 (signed): stores at p + 3 and p + 2, p = p0, p0 - 4, ...
        const string body = """
            (func (export "f") (param $p i32) (param $i i32)
              (loop $l
                (i32.store8 offset=3 (local.get $p) (i32.const 7))
                (i32.store8 offset=2 (local.get $p) (i32.const 8))
                (local.set $p (i32.sub (local.get $p) (i32.const 4)))
                (br_if $l (i32.gt_s (local.tee $i (i32.sub (local.get $i) (i32.const 1))) (i32.const 0)))))
            """;
        var instance = Instantiate(body);
        var f = instance.GetAction<int, int>("f")!;
        var peek = instance.GetFunction<int, int>("peek")!;
        f(1000, 5);
        Assert.Equal(7, peek(1003));
        Assert.Equal(8, peek(986));
        Assert.Equal(0, peek(982));
        // From 8, the third iteration's p is 0 and the fourth's wraps to 2^32 - 4: its first store traps
        // (at 2^32 - 1), after the stores at 3 and 2.
        AssertOutOfBounds(() => f(8, 10));
        Assert.Equal(7, peek(3));
        Assert.Equal(8, peek(2));
        // The first store past the end.
        AssertOutOfBounds(() => f(65533, 2));
        Assert.Equal(0, peek(65535));
        Assert.Single(IL(body), op => op.Callee == "IterationsBelowSigned");
    }

    [Fact]
    public void LoopParameterIsNotTheLocalItWasOnEntry()
    {
        // The loop's parameter is p + 8 on entry and q + 8 after the back edge; a check of p in the body
        // must not make the load through the parameter read p + 8 again.
        var f = OnePageModule.Instantiate("loops", """
            (data (i32.const 108) "\01\00\00\00")
            (data (i32.const 208) "\02\00\00\00")
            (func (export "f") (param $p i32) (param $q i32) (result i32)
              (local $sum i32) (local $i i32)
              (i32.add (local.get $p) (i32.const 8))
              (loop $l (param i32)
                (drop (i32.load offset=16 (local.get $p)))
                (local.set $sum (i32.add (i32.load) (local.get $sum)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (i32.add (local.get $q) (i32.const 8))
                (br_if $l (i32.lt_u (local.get $i) (i32.const 2)))
                (drop))
              (local.get $sum))
            """).GetFunction<int, int, int>("f")!;
        Assert.Equal(3, f(100, 200));
    }

    [Fact]
    public void CounterNearTheTopOfItsRangeRunsTheCheckedCopy()
    {
        // i < 0xFFFFFFFF unsigned with a step of 2 from 0 would wrap past the limit: the guard cannot bound it,
        // and the loop runs until a store traps.
        const string body = """
            (func (export "f") (param $p i32) (param $n i32)
              (local $i i32)
              (loop $l
                (i32.store8 (local.get $p) (i32.const 1))
                (i32.store8 offset=1 (local.get $p) (i32.const 1))
                (local.set $p (i32.add (local.get $p) (i32.const 2)))
                (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 2))) (local.get $n)))))
            """;
        var instance = Instantiate(body);
        AssertOutOfBounds(() => instance.GetAction<int, int>("f")!(0, -1));
        Assert.Equal(1, instance.GetFunction<int, int>("peek")!(65535));
    }
}
