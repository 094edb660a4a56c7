namespace Sharptime.Cli.Loading;

/// <summary>Loads files written by <c>sharptime compile</c> (interim: refused until persistence lands).</summary>
internal static class PrecompiledLoader
{
    public static Module Load(Engine engine, string path, string name)
    {
        _ = engine;
        _ = name;
        throw new WasmException($"'{path}': precompiled modules are not supported by this build yet");
    }
}
