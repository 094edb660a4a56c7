using System.Security.Cryptography;
using Sharptime.Wasi.Context;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// Clocks, randomness, and the process: exit, signals, yielding.
internal sealed partial class WasiSnapshotPreview1
{
    public Errno ClockResGet(GuestMemory memory, Clockid id, out ulong result) => WasiClocks.Resolution(id, out result);

    public Errno ClockTimeGet(GuestMemory memory, Clockid id, ulong precision, out ulong result) => WasiClocks.Now(id, out result);

    public Errno RandomGet(GuestMemory memory, GuestPtr<byte> buf, uint bufLen)
    {
        RandomNumberGenerator.Fill(memory.Slice(buf.Offset, bufLen));
        return Errno.Success;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void ProcExit(GuestMemory memory, uint rval) => throw new WasiExitException((int)rval);

    /// <summary>Not supported, as in Wasmtime: a guest cannot signal the host process.</summary>
    public Errno ProcRaise(GuestMemory memory, Signal sig) => Errno.Notsup;

    public Errno SchedYield(GuestMemory memory)
    {
        Thread.Yield();
        return Errno.Success;
    }
}
