using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    private FuncType FunctionType(uint function)
    {
        if (function >= (uint)_module.FunctionTypes.Length) throw ValidationErrors.Unknown("function", function);
        return _types.TryGetFunc(_module.FunctionTypes[function], out var type) ? type : FuncType.Empty;
    }

    /// <summary>The function type at a type index given in the code (call_indirect, call_ref).</summary>
    private FuncType FuncTypeAt(uint typeIndex)
    {
        if (_types.TryGetFunc(typeIndex, out var type)) return type;
        if (!_types.IsValidIndex(typeIndex)) throw ValidationErrors.Unknown("type", typeIndex);
        throw ValidationErrors.TypeMismatch($"type {typeIndex} is not a function type");
    }

    private void ValidateCall(uint function, bool tail) => ApplyCall(FunctionType(function), tail);

    private void ValidateCallIndirect(uint typeIndex, uint tableIndex, bool tail)
    {
        var table = Table(tableIndex);
        if (!_types.IsSubtype(table.ElementType, ValType.FuncRef))
            throw ValidationErrors.TypeMismatch($"call_indirect needs a table of functions, not of {table.ElementType}");
        var type = FuncTypeAt(typeIndex);
        Pop(ModuleContext.AddressType(table.Limits));
        ApplyCall(type, tail);
    }

    private void ValidateCallRef(uint typeIndex, bool tail)
    {
        var type = FuncTypeAt(typeIndex);
        Pop(ValType.Ref(HeapType.FromTypeIndex((int)typeIndex), nullable: true));
        ApplyCall(type, tail);
    }

    /// <summary>
    /// Pops the arguments and pushes the results; a tail call instead ends the frame, and the callee's
    /// results must be what the caller returns.
    /// </summary>
    private void ApplyCall(FuncType type, bool tail)
    {
        _makesCalls = true;
        PopValues(type.Parameters);
        if (!tail)
        {
            PushValues(type.Results);
            return;
        }
        var returns = _frames[0].Results;
        bool matches = type.Results.Length == returns.Length;
        for (int i = 0; matches && i < returns.Length; i++) matches = _types.IsSubtype(type.Results[i], returns[i]);
        if (!matches)
            throw ValidationErrors.TypeMismatch($"tail call returns {ValidationErrors.Format(type.Results)} but the function returns {ValidationErrors.Format(returns)}");
        SetUnreachable();
    }
}
