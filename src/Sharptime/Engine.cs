using Sharptime.Compilation;
using Sharptime.Runtime;

namespace Sharptime;

/// <summary>
/// Compiles modules and holds what they share: the configuration, the generated code (one dynamic
/// assembly per engine) and the registry of function types. Create one per application and share it;
/// it is thread-safe.
/// </summary>
public sealed class Engine
{
    public Engine(Config? config = null)
    {
        Config = config ?? new Config();
        Stubs = new StubCompiler(this);
    }

    public Config Config { get; }

    internal DynamicCode Code { get; } = new();
    internal TypeRegistry Types { get; } = new();
    internal StubCompiler Stubs { get; }
}
