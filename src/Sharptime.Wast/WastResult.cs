namespace Sharptime.Wast;

/// <summary>One assertion or command of a script that did not do what the script says.</summary>
public sealed record WastFailure(int Line, string Command, string Message)
{
    public override string ToString() => $"line {Line}: {Command}: {Message}";
}

/// <summary>The outcome of running one script: how many commands passed and which failed.</summary>
public sealed record WastResult(string File, int Passed, int Failed, IReadOnlyList<WastFailure> Failures)
{
    public bool Success => Failed == 0;

    public override string ToString() => $"{File}: {Passed} passed, {Failed} failed";
}
