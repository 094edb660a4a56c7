using System.Globalization;
using Sharptime.Model;

namespace Sharptime.Cli.Run;

/// <summary>
/// Finds the first import the linker cannot satisfy before instantiation, so the message can say
/// what the module expected: the import's module, field and full type (the library's link error
/// names only the kind).
/// </summary>
internal static class ImportCheck
{
    public static void ThrowIfUnresolved(Linker linker, Module module)
    {
        foreach (var import in module.Imports)
        {
            if (linker.Get(import.Module, import.Name) is not null) continue;
            var hint = WasiBinding.ModuleNames.Contains(import.Module)
                ? $" (WASI {import.Module} has no function of that name)"
                : "";
            throw new LinkException(
                $"unknown import: \"{import.Module}\" \"{import.Name}\" has not been defined; the module expects {Describe(module.Definition, import)}{hint}");
        }
    }

    /// <summary>The import's type in the text format's words: <c>a function of type (func (param i32))</c>, <c>a memory (memory 1 2)</c>, ...</summary>
    public static string Describe(WasmModule module, Import import) => import.Kind switch
    {
        ExternalKind.Function => $"a function of type {DescribeFunc(module, import.TypeIndex)}",
        ExternalKind.Table => $"a table (table {Limits(import.Table.Limits)} {import.Table.ElementType})",
        ExternalKind.Memory => $"a memory (memory {Limits(import.Memory!.Limits)})",
        ExternalKind.Global => import.Global.Mutable ? $"a global (global (mut {import.Global.Type}))" : $"a global (global {import.Global.Type})",
        ExternalKind.Tag => $"a tag of type {DescribeFunc(module, import.TypeIndex)}",
        _ => import.Kind.ToString().ToLowerInvariant(),
    };

    private static string DescribeFunc(WasmModule module, int typeIndex)
    {
        if (typeIndex < 0 || typeIndex >= module.Types.Count || module.Types[typeIndex].Composite is not FuncType f) return $"type {typeIndex}";
        var text = "(func";
        if (f.Parameters.Length > 0) text += $" (param {string.Join(' ', f.Parameters)})";
        if (f.Results.Length > 0) text += $" (result {string.Join(' ', f.Results)})";
        return text + ")";
    }

    private static string Limits(Limits limits)
    {
        var text = limits.Is64 ? "i64 " : "";
        text += limits.Min.ToString(CultureInfo.InvariantCulture);
        if (limits.Max is { } max) text += " " + max.ToString(CultureInfo.InvariantCulture);
        return limits.Shared ? text + " shared" : text;
    }
}
