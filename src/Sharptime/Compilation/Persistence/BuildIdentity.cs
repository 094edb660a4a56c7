using System.Reflection;

namespace Sharptime.Compilation.Persistence;

/// <summary>
/// Which Sharptime made a piece of saved code. Saved code calls the runtime's internal members
/// directly, so it is only valid with the very build that emitted it: the check is on the build id
/// (the MVID of Sharptime.dll, which a deterministic build changes exactly when the code changes);
/// the version is for messages.
/// </summary>
internal static class BuildIdentity
{
    private static readonly Assembly s_assembly = typeof(Engine).Assembly;

    // Computed when asked (messages, writing a file), not with BuildId: reading the attribute is
    // reflection that every cached run paid for nothing.
    public static string Version =>
        s_assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? s_assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static Guid BuildId { get; } = s_assembly.ManifestModule.ModuleVersionId;
}
