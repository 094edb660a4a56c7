using Sharptime.Cli.Configuration;
using Sharptime.Compilation.Persistence;

namespace Sharptime.Cli.Loading;

/// <summary>The CLI's view of the library's <see cref="ModuleCache"/>: where the configuration puts it, logging under the area "cache".</summary>
internal static class CompileCache
{
    public static ModuleCache Open(CliConfiguration configuration) =>
        new(configuration.EffectiveCacheDirectory, configuration.CacheMaxSize)
        {
            Log = CliLog.IsEnabled(CliLog.Cache) ? message => CliLog.Write(CliLog.Cache, message) : null,
        };
}
