using System.Diagnostics;
using System.Text;
using Sharptime.Wasi.Tests.Support;

namespace Sharptime.Wasi.Tests.Preview0;

/// <summary>
/// poll_oneoff in both layouts: wasi_unstable's subscription is 56 bytes (the clock carries an
/// extra 64-bit identifier before its id), wasi_snapshot_preview1's 48. The guest exits with
/// <c>nevents * 1000 + userdata * 10 + type</c> of the first event.
/// </summary>
public class UnstablePollTests
{
    /// <summary>A module that writes two subscriptions with <paramref name="setup"/> and polls them.</summary>
    private static GuestResult Poll(string module, string setup, int count, string stdin = "")
    {
        var wat = $$"""
            (module
              (import "{{module}}" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
              (import "{{module}}" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (local $e i32)
                {{setup}}
                (local.set $e (call $poll (i32.const 0) (i32.const 1024) (i32.const {{count}}) (i32.const 2048)))
                (if (local.get $e) (then (call $exit (i32.add (i32.const 900000) (local.get $e)))))
                (call $exit
                  (i32.add
                    (i32.mul (i32.load (i32.const 2048)) (i32.const 1000))
                    (i32.add
                      (i32.mul (i32.wrap_i64 (i64.load (i32.const 1024))) (i32.const 10))
                      (i32.load8_u (i32.const 1034)))))))
            """;
        return GuestRun.Run(GuestRun.FromText("poll.wat", wat), wasi => wasi.WithStdin(new MemoryStream(Encoding.UTF8.GetBytes(stdin))));
    }

    // wasi_unstable subscription i at 56*i: userdata +0, tag +8, clock identifier +16, id +24, timeout +32, precision +40, flags +48; fd +16.
    private const string UnstableClock10msThenStdin = """
        (i64.store (i32.const 0) (i64.const 1))
        (i32.store8 (i32.const 8) (i32.const 0))
        (i64.store (i32.const 16) (i64.const 77))
        (i32.store (i32.const 24) (i32.const 1))
        (i64.store (i32.const 32) (i64.const 10000000))
        (i64.store (i32.const 56) (i64.const 2))
        (i32.store8 (i32.const 64) (i32.const 1))
        (i32.store (i32.const 72) (i32.const 0))
        """;

    [Fact]
    public void UnstableLayoutReadsTheClockAfterItsIdentifier()
    {
        var watch = Stopwatch.StartNew();
        var result = Poll("wasi_unstable", UnstableClock10msThenStdin, 1);
        Assert.Equal(1 * 1000 + 1 * 10 + 0, result.ExitCode);
        Assert.True(watch.ElapsedMilliseconds >= 10, $"returned after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void UnstableLayoutFindsTheSecondSubscriptionAt56Bytes()
    {
        // stdin has data: its fd_read event (userdata 2, type 1) comes at once, before the 10 ms clock.
        var result = Poll("wasi_unstable", UnstableClock10msThenStdin, 2, stdin: "x");
        Assert.Equal(1 * 1000 + 2 * 10 + 1, result.ExitCode);
    }

    [Fact]
    public void Preview1LayoutHasNoIdentifier()
    {
        // preview1 subscription i at 48*i: userdata +0, tag +8, clock id +16, timeout +24, precision +32, flags +40; fd +16.
        var setup = """
            (i64.store (i32.const 0) (i64.const 3))
            (i32.store8 (i32.const 8) (i32.const 0))
            (i32.store (i32.const 16) (i32.const 1))
            (i64.store (i32.const 24) (i64.const 10000000))
            (i64.store (i32.const 48) (i64.const 4))
            (i32.store8 (i32.const 56) (i32.const 2))
            (i32.store (i32.const 64) (i32.const 1))
            """;
        Assert.Equal(1 * 1000 + 3 * 10 + 0, Poll("wasi_snapshot_preview1", setup, 1).ExitCode);
        // fd_write on stdout (userdata 4, type 2) is ready at once.
        Assert.Equal(1 * 1000 + 4 * 10 + 2, Poll("wasi_snapshot_preview1", setup, 2).ExitCode);
    }

    [Fact]
    public void NoSubscriptionsIsEinvalAndABadFdIsAnEventError()
    {
        Assert.Equal(900000 + 28, Poll("wasi_unstable", "", 0).ExitCode);
        var badFd = """
            (i64.store (i32.const 0) (i64.const 5))
            (i32.store8 (i32.const 8) (i32.const 1))
            (i32.store (i32.const 16) (i32.const 99))
            """;
        var result = Poll("wasi_snapshot_preview1", badFd, 1);
        Assert.Equal(1 * 1000 + 5 * 10 + 1, result.ExitCode);
    }
}
