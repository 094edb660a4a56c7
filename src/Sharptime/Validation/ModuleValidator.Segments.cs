using Sharptime.Model;

namespace Sharptime.Validation;

public sealed partial class ModuleValidator
{
    private void ValidateElements(ModuleContext context, FunctionValidator constants)
    {
        int visible = VisibleGlobals(context, context.Globals.Length);
        foreach (var segment in _module.Elements)
        {
            var type = segment.ElementType;
            if (!type.IsRef) throw ValidationErrors.Invalid($"malformed reference type: element segment of {type}");
            CheckValueType(type);
            foreach (var item in segment.Items) constants.ValidateConstantExpression(item, type, visible);
            if (segment.Mode != SegmentMode.Active) continue;

            if ((uint)segment.TableIndex >= (uint)context.Tables.Length) throw ValidationErrors.Unknown("table", segment.TableIndex);
            var table = context.Tables[segment.TableIndex];
            if (!_types.IsSubtype(type, table.ElementType))
                throw ValidationErrors.TypeMismatch($"element segment of {type} does not fit a table of {table.ElementType}");
            var offset = segment.Offset ?? throw ValidationErrors.Invalid("active element segment without an offset");
            constants.ValidateConstantExpression(offset, ModuleContext.AddressType(table.Limits), visible);
        }
    }

    private void ValidateData(ModuleContext context, FunctionValidator constants)
    {
        int visible = VisibleGlobals(context, context.Globals.Length);
        foreach (var segment in _module.Data)
        {
            if (segment.Mode == SegmentMode.Declarative) throw ValidationErrors.Invalid("data segments cannot be declarative");
            if (segment.Mode != SegmentMode.Active) continue;
            if ((uint)segment.MemoryIndex >= (uint)context.Memories.Length) throw ValidationErrors.Unknown("memory", segment.MemoryIndex);
            var offset = segment.Offset ?? throw ValidationErrors.Invalid("active data segment without an offset");
            constants.ValidateConstantExpression(offset, ModuleContext.AddressType(context.Memories[segment.MemoryIndex].Limits), visible);
        }
    }
}
