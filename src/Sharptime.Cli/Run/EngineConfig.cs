using Sharptime.Cli.Errors;
using Sharptime.Cli.Configuration;

namespace Sharptime.Cli.Run;

/// <summary>The engine's <see cref="Config"/>: the command line's limits over the configuration file's defaults.</summary>
internal static class EngineConfig
{
    public static Config Build(RunSettings settings, CliConfiguration configuration)
    {
        var config = new Config();
        var maxMemory = settings.MaxMemorySize ?? configuration.MaxMemorySize;
        if (maxMemory is { } bytes) config = config with { MaxMemoryBytes = bytes };
        var maxStack = settings.MaxWasmStack ?? configuration.MaxWasmStack;
        if (maxStack is { } stack)
        {
            if (stack < 16 * 1024) throw new UsageException($"--max-wasm-stack {stack} is too small: give at least 16384 bytes");
            config = config with { MaxWasmStack = stack };
        }
        // Metering is compiled into the code, so it is on only when asked for (the store gets the amount).
        if (settings.Fuel is not null) config = config with { ConsumeFuel = true };
        return config;
    }
}
