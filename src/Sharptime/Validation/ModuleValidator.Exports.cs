using Sharptime.Model;

namespace Sharptime.Validation;

public sealed partial class ModuleValidator
{
    private void ValidateStart(ModuleContext context)
    {
        if (_module.Start is not int start) return;
        if ((uint)start >= (uint)context.FunctionTypes.Length) throw ValidationErrors.Unknown("function", start);
        var type = _types.GetFuncTypeOrEmpty(context.FunctionTypes[start]);
        if (type.Parameters.Length != 0 || type.Results.Length != 0)
            throw ValidationErrors.Invalid($"start function {start} must take no parameters and return nothing");
    }

    private void ValidateExports(ModuleContext context)
    {
        var names = new HashSet<string>(_module.Exports.Count, StringComparer.Ordinal);
        foreach (var export in _module.Exports)
        {
            if (!names.Add(export.Name)) throw ValidationErrors.Invalid($"duplicate export name \"{export.Name}\"");
            var (count, what) = export.Kind switch
            {
                ExternalKind.Function => (context.FunctionTypes.Length, "function"),
                ExternalKind.Table => (context.Tables.Length, "table"),
                ExternalKind.Memory => (context.Memories.Length, "memory"),
                ExternalKind.Global => (context.Globals.Length, "global"),
                ExternalKind.Tag => (context.TagTypes.Length, "tag"),
                _ => throw ValidationErrors.Invalid($"unknown export kind {export.Kind}"),
            };
            if ((uint)export.Index >= (uint)count) throw ValidationErrors.Unknown(what, export.Index);
        }
    }
}
