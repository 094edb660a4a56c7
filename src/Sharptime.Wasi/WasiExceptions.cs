namespace Sharptime.Wasi;

/// <summary>
/// The guest called <c>proc_exit</c>: execution unwinds to whoever called into the guest, which
/// ends the program with <see cref="ExitCode"/> (the <c>sharptime</c> command exits with it).
/// </summary>
public sealed class WasiExitException(int exitCode) : Exception($"the guest exited with code {exitCode}")
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>WASI could not be set up as configured (a preopened directory that cannot be opened, ...).</summary>
public sealed class WasiException(string message) : WasmException(message);
