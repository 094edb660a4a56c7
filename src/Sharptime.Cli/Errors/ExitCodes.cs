namespace Sharptime.Cli.Errors;

/// <summary>The process exit codes, as Wasmtime's CLI uses them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Decode, validation, link, I/O and internal errors.</summary>
    public const int Failure = 1;

    /// <summary>A malformed command line (clap's code, which Wasmtime keeps).</summary>
    public const int Usage = 2;

    /// <summary>
    /// A trap. Wasmtime exits like a process killed by SIGABRT would report it through a shell
    /// (128 + 6), so scripts cannot confuse a trap with any proc_exit code below 126.
    /// </summary>
    public const int Trap = 134;
}
