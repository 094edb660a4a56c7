using System.Diagnostics;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Context;

/// <summary>
/// The four WASI clocks, in nanoseconds: realtime, monotonic, process and thread CPU time
/// (clock_gettime on Linux; .NET's clocks elsewhere).
/// </summary>
internal static unsafe class WasiClocks
{
    private static readonly bool s_linux = OperatingSystem.IsLinux();

    public static Errno Now(Clockid id, out ulong time)
    {
        time = 0;
        if ((uint)id > 3) return Errno.Inval;
        if (s_linux)
        {
            Timespec ts;
            if (Libc.ClockGetTime((int)id, &ts) != 0) return ErrnoMapping.Last();
            time = ts.ToWasiTimestamp();
            return Errno.Success;
        }
        time = id switch
        {
            Clockid.Realtime => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100,
            Clockid.Monotonic => (ulong)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency)),
            Clockid.ProcessCputimeId => (ulong)Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100,
            _ => (ulong)Process.GetCurrentProcess().TotalProcessorTime.Ticks * 100,
        };
        return Errno.Success;
    }

    public static Errno Resolution(Clockid id, out ulong resolution)
    {
        resolution = 0;
        if ((uint)id > 3) return Errno.Inval;
        if (s_linux)
        {
            Timespec ts;
            if (Libc.ClockGetRes((int)id, &ts) != 0) return ErrnoMapping.Last();
            resolution = Math.Max(1, ts.ToWasiTimestamp());
            return Errno.Success;
        }
        resolution = id == Clockid.Monotonic ? Math.Max(1, (ulong)(1_000_000_000.0 / Stopwatch.Frequency)) : 100;
        return Errno.Success;
    }
}
