namespace Sharptime.Compilation.Persistence;

/// <summary>
/// A precompiled file cannot be used: it is not one, it is damaged, or it was made by another
/// Sharptime build or for another engine configuration. Compiling the module again fixes it.
/// </summary>
public sealed class PrecompiledModuleException(string message) : WasmException(message);
