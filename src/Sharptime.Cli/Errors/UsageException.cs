namespace Sharptime.Cli.Errors;

/// <summary>The command line itself is wrong: reported like a parse error, with exit code <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
