using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Sharptime.Runtime;

/// <summary>
/// Every call from the host into wasm passes here. It sets the callee's stack limit so that deep
/// recursion traps ("call stack exhausted") instead of overflowing the .NET stack, which would kill
/// the process. When the calling thread has less free stack than <see cref="Config.MaxWasmStack"/>
/// (plus a margin for the JIT, host functions and exception dispatch), the call runs on a runtime
/// thread created with enough stack, and the caller waits.
/// </summary>
internal static unsafe class GuestEntry
{
    /// <summary>
    /// Stack kept free below the wasm limit: the JIT compiles a wasm function on its first call deep in
    /// the guest's stack, host functions run there, and exception dispatch needs room too.
    /// </summary>
    public const int Margin = 1 << 20;

    /// <summary>Least stack above the limit for a call to reuse the limit already set (else it is computed afresh).</summary>
    private const int MinimumRoom = 64 << 10;

    /// <summary>
    /// Makes sure <paramref name="context"/>'s stack limit is right for this thread and returns true
    /// when the call can run here. The fast path needs no thread-local lookup: a limit is only ever
    /// set to sp - maxWasmStack on a thread whose stack spans [limit, sp], so when the current stack
    /// pointer lies in (limit, limit + maxWasmStack], this is that thread and the limit holds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryEnter(InstanceContext context, int maxWasmStack)
    {
        byte here;
        nuint sp = (nuint)(&here);
        nuint room = sp - context.StackLimit;
        if (room <= (nuint)maxWasmStack && room >= MinimumRoom) return true;
        return TryEnterSlow(context, maxWasmStack, sp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryEnterSlow(InstanceContext context, int maxWasmStack, nuint sp)
    {
        if (!HasRoom(maxWasmStack, sp)) return false;
        context.StackLimit = sp - (nuint)maxWasmStack;
        return true;
    }

    /// <summary>Whether this thread has room for a wasm stack of <paramref name="maxWasmStack"/> bytes (and the margin) below here.</summary>
    public static bool HasRoom(int maxWasmStack)
    {
        byte here;
        return HasRoom(maxWasmStack, (nuint)(&here));
    }

    private static bool HasRoom(int maxWasmStack, nuint sp)
    {
        nuint low = StackBounds.CurrentLow();
        return low != 0 && sp >= low && sp - low >= (nuint)maxWasmStack + Margin;
    }

    /// <summary>Runs <paramref name="call"/> on a thread with enough stack (see <see cref="TryEnter"/>) and returns its result.</summary>
    public static T RunOnGuestThread<T>(int maxWasmStack, Func<T> call)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var worker = GuestThread.Rent(maxWasmStack + 2 * Margin);
        worker.Run(() =>
        {
            try { result = call(); }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
        });
        error?.Throw();
        return result;
    }
}

/// <summary>
/// A thread with a large stack that runs guest calls handed to it, one at a time; idle ones are
/// kept for reuse (creating a thread per call would cost far more than the call).
/// </summary>
internal sealed class GuestThread
{
    /// <summary>
    /// The idle threads, of whatever stack size (a process rarely uses more than one). A list under a
    /// lock, not a dictionary by size: ConcurrentDictionary keyed by int is JIT-compiled at every start.
    /// </summary>
    private static readonly List<GuestThread> s_idle = [];

    private readonly int _stackSize;
    private readonly SemaphoreSlim _start = new(0);
    private readonly SemaphoreSlim _done = new(0);
    private Action? _work;

    private GuestThread(int stackSize)
    {
        _stackSize = stackSize;
        var thread = new Thread(Loop, stackSize) { IsBackground = true, Name = "sharptime guest" };
        thread.Start();
    }

    public static GuestThread Rent(int stackSize)
    {
        lock (s_idle)
        {
            for (int i = s_idle.Count - 1; i >= 0; i--)
            {
                var idle = s_idle[i];
                if (idle._stackSize != stackSize) continue;
                s_idle.RemoveAt(i);
                return idle;
            }
        }
        return new GuestThread(stackSize);
    }

    /// <summary>Runs <paramref name="work"/> on this thread, waits for it, and returns the thread to the pool.</summary>
    public void Run(Action work)
    {
        _work = work;
        _start.Release();
        _done.Wait();
        lock (s_idle) s_idle.Add(this);
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            var work = _work!;
            _work = null;
            work();
            _done.Release();
        }
    }
}
