using Sharptime.Cli.Run;

namespace Sharptime.Cli.Tests;

/// <summary>A test that needs WASI in the CLI: skipped, saying so, while this build has none to bind.</summary>
public sealed class WasiFactAttribute : FactAttribute
{
    public const string Unavailable = "WASI is not available in this build: Sharptime.Wasi has no implementation for the CLI to bind yet (WasiBinding.IsAvailable is false)";

    public WasiFactAttribute()
    {
        if (!WasiBinding.IsAvailable) Skip = Unavailable;
    }
}
