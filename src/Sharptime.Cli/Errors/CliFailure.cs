namespace Sharptime.Cli.Errors;

/// <summary>
/// A failure of one stage of a command (reading, compiling, linking, running), with the headline
/// that says which: "failed to compile 'x.wasm'". The cause is the library's exception; the
/// top level (<see cref="ErrorReport"/>) turns both into the message and exit code.
/// </summary>
internal sealed class CliFailure(string headline, Exception cause) : Exception(headline, cause)
{
    public string Headline { get; } = headline;

    /// <summary>
    /// Runs one stage; the errors bad input or a bad environment can cause get the stage's headline.
    /// Anything else is a bug and goes up unwrapped, to be reported as an internal error.
    /// </summary>
    public static T Stage<T>(string headline, Func<T> stage)
    {
        try
        {
            return stage();
        }
        catch (Exception e) when (IsExpected(e))
        {
            throw new CliFailure(headline, e);
        }
    }

    public static void Stage(string headline, Action stage) => Stage(headline, () => { stage(); return 0; });

    /// <summary>Exceptions that describe the input or the environment rather than a bug of Sharptime.</summary>
    public static bool IsExpected(Exception e) =>
        e is WasmException or IOException or UnauthorizedAccessException or UsageException
        || ErrorReport.TryGetGuestExitCode(e, out _);
}
