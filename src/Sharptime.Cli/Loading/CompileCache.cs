using Sharptime.Cli.Configuration;

namespace Sharptime.Cli.Loading;

/// <summary>The compile cache (interim: compiles every time until persistence lands).</summary>
internal sealed class CompileCache
{
    private CompileCache() { }

    public static CompileCache Open(CliConfiguration configuration)
    {
        _ = configuration;
        return new CompileCache();
    }

    public Module GetOrCompile(Engine engine, string name, byte[] wasm) => Module.FromBytes(engine, name, wasm);
}
