namespace Sharptime.Tests.Performance;

/// <summary>
/// Loops whose fast copy once made an access out of memory (found by review and <see cref="VersionedLoopShapeFuzzTests"/>):
/// each is still versioned, and run in a child process (the access killed its process) it must trap where wasm does.
/// </summary>
public class VersionedLoopEscapeTests
{
    /// <summary>
    /// 2^32 iterations (k + 1 != 0 from 0) of two pointers stepping 2^31 - 1, loaded from through their sum: each
    /// pointer's bound is nearly 2^63, and the two added wrapped in 64 bits to 2, within memory, so the guard
    /// passed and the first load, at 0xFFFFFFFE, went unchecked.
    /// </summary>
    private const string SumOfTwoHugeBounds = """
        (module (memory 1)
          (func (export "f") (param $a i32) (param $b i32) (result i32)
            (local $k i32) (local $acc i32)
            (loop $l
              (local.set $acc (i32.add (local.get $acc) (i32.load (i32.add (local.get $a) (local.get $b)))))
              (local.set $a (i32.add (local.get $a) (i32.const 0x7FFFFFFF)))
              (local.set $b (i32.add (local.get $b) (i32.const 0x7FFFFFFF)))
              (br_if $l (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 0))))
            (local.get $acc)))
        """;

    [Fact]
    public void TheBoundOfASumOfTwoPointersDoesNotWrap()
    {
        Assert.True(VersionedLoopShapeFuzzTests.IsVersioned(SumOfTwoHugeBounds));
        AssertTraps(SumOfTwoHugeBounds, "(invoke \"f\" (i32.const -1) (i32.const -1))");
        // From within memory: the third iteration's sum, 2 + 4 * (2^31 - 1) mod 2^32, is 0xFFFFFFFE.
        AssertTraps(SumOfTwoHugeBounds, "(invoke \"f\" (i32.const 1) (i32.const 1))");
    }

    private static void AssertTraps(string module, string invoke)
    {
        string path = Path.Combine(Path.GetTempPath(), $"sharptime-escape-{Guid.NewGuid():N}.wast");
        File.WriteAllText(path, $"{module}\n(assert_trap {invoke} \"out of bounds memory access\")\n");
        try
        {
            var outcome = IsolatedWast.Run(path, TimeSpan.FromMinutes(1));
            Assert.True(outcome.ExitCode == 0, $"{(outcome.TimedOut ? "timed out" : $"exit {outcome.ExitCode}")}\n{outcome.Output}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
