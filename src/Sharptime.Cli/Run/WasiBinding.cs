namespace Sharptime.Cli.Run;

/// <summary>
/// The one place the CLI binds WASI (src/Sharptime.Wasi) into a linker: arguments, environment,
/// preopened directories and listening sockets from the run settings. Until Sharptime.Wasi has an
/// implementation to bind, it defines nothing and modules importing WASI fail to link with a
/// message saying so.
/// </summary>
internal static class WasiBinding
{
    /// <summary>Whether this build can give modules WASI.</summary>
    public static bool IsAvailable => false;

    public static WasiSession Define(Linker linker, Store store, RunSettings settings, string argv0)
    {
        _ = linker;
        _ = store;
        _ = settings;
        _ = argv0;
        return new WasiSession();
    }
}

/// <summary>The guest's WASI state for one run; flushing it pushes out whatever the guest wrote.</summary>
internal sealed class WasiSession : IDisposable
{
    public void Flush()
    {
        Console.Out.Flush();
        Console.Error.Flush();
    }

    public void Dispose() => Flush();
}
