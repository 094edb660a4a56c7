using Sharptime.Compilation;
using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// Compiles modules and holds what they share: the configuration, the generated code (one dynamic
/// assembly per engine) and the registry of function types. Create one per application and share it;
/// it is thread-safe.
/// </summary>
public sealed class Engine
{
    public Engine(Config? config = null)
    {
        Config = config ?? new Config();
        Stubs = new StubCompiler(this);
    }

    public Config Config { get; }

    /// <summary>
    /// Runs <paramref name="work"/> where calls into wasm need no thread hop, and returns its result.
    /// A call into wasm from a thread with less free stack than <see cref="Config.MaxWasmStack"/> (the
    /// default 16 MiB does not fit on a main or pool thread) runs on a runtime thread and comes back,
    /// which costs microseconds per call. Calls made inside <paramref name="work"/> run directly: it
    /// runs on such a runtime thread once (or here, when this thread has the room). Use it around a
    /// batch of calls to small exports.
    /// </summary>
    public T RunWithWasmStack<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return GuestEntry.HasRoom(Config.MaxWasmStack) ? work() : GuestEntry.RunOnGuestThread(Config.MaxWasmStack, work);
    }

    /// <inheritdoc cref="RunWithWasmStack{T}(Func{T})"/>
    public void RunWithWasmStack(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        RunWithWasmStack(() => { work(); return 0; });
    }

    internal DynamicCode Code { get; } = new();
    internal TypeRegistry Types { get; } = new();
    internal StubCompiler Stubs { get; }
}
