using Sharptime.Tests.Performance;

/// <summary>
/// The runtime calls <c>StartupHook.Initialize</c> (this exact name, in no namespace) before Main in a
/// process started with DOTNET_STARTUP_HOOKS naming this assembly: <see cref="IsolatedWast"/> starts its
/// child that way. In the test host (no hook set) it is never called.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(IsolatedWast.ScriptVariable) is { Length: > 0 } script) IsolatedWast.RunInChild(script);
    }
}
