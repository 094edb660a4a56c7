using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>
    /// Most locals a function may have. The spec allows up to 2^32 - 1; like other engines we stop far
    /// earlier, since every local costs compiled code a slot.
    /// </summary>
    public const int MaxLocals = 50_000;

    private ValType[] _locals = new ValType[32];
    private int _localCount;

    // Non-defaultable locals (non-null references) must be set before they are read. Which are set is
    // tracked per block: a set inside a block is forgotten at its end.
    private bool _tracksInitialization;
    private bool[] _initialized = new bool[32];
    private int[] _initStack = new int[16];
    private int _initCount;

    private void DeclareLocals(FuncType type, LocalDeclaration[] declarations)
    {
        long total = type.Parameters.Length;
        foreach (var declaration in declarations) total += declaration.Count;
        if (total > MaxLocals) throw ValidationErrors.Invalid($"too many locals: {total} (at most {MaxLocals})");
        int count = (int)total;
        if (_locals.Length < count)
        {
            _locals = new ValType[Math.Max(count, _locals.Length * 2)];
            _initialized = new bool[_locals.Length];
        }

        type.Parameters.CopyTo(_locals, 0);
        int next = type.Parameters.Length;
        _tracksInitialization = false;
        foreach (var declaration in declarations)
        {
            CheckValueType(declaration.Type);
            if (!ModuleTypes.IsDefaultable(declaration.Type)) _tracksInitialization = true;
            // A loop, not Span.Fill: span methods over our struct are JIT-compiled at every start.
            for (uint i = 0; i < declaration.Count; i++) _locals[next++] = declaration.Type;
        }
        _localCount = count;
        if (_tracksInitialization)
        {
            // Parameters are set by the caller; other locals start with their default, if they have one.
            for (int i = 0; i < count; i++)
                _initialized[i] = i < type.Parameters.Length || ModuleTypes.IsDefaultable(_locals[i]);
        }
    }

    private ValType LocalType(uint index)
    {
        if (index >= (uint)_localCount) throw ValidationErrors.Unknown("local", index);
        return _locals[index];
    }

    private void ValidateLocalGet(uint index)
    {
        var type = LocalType(index);
        if (_tracksInitialization && !_initialized[index]) throw ValidationErrors.Invalid($"uninitialized local {index}");
        Push(type);
    }

    private void ValidateLocalSet(uint index, bool tee)
    {
        var type = LocalType(index);
        Pop(type);
        if (_tracksInitialization && !_initialized[index])
        {
            _initialized[index] = true;
            if (_initCount == _initStack.Length) Array.Resize(ref _initStack, _initStack.Length * 2);
            _initStack[_initCount++] = (int)index;
        }
        if (tee) Push(type);
    }

    /// <summary>Forgets the initializations made since a frame began (at its end, or at else/catch).</summary>
    private void ResetLocalInitialization(int height)
    {
        while (_initCount > height) _initialized[_initStack[--_initCount]] = false;
    }

    private void ValidateGlobalGet(uint index)
    {
        if (index >= (uint)_module.Globals.Length) throw ValidationErrors.Unknown("global", index);
        Push(_module.Globals[index].Type);
    }

    private void ValidateGlobalSet(uint index)
    {
        if (index >= (uint)_module.Globals.Length) throw ValidationErrors.Unknown("global", index);
        var global = _module.Globals[index];
        // The 2.0 spec says "global is immutable", 3.0 "immutable global": lead with the wording of the
        // version whose features are on, and say both.
        if (!global.Mutable)
        {
            throw ValidationErrors.Invalid(_module.Has(WasmFeatures.GC)
                ? $"immutable global {index}: global is immutable"
                : $"global is immutable: immutable global {index}");
        }
        Pop(global.Type);
    }

    /// <summary>A value type written in the code must refer to existing types.</summary>
    private void CheckValueType(ValType type)
    {
        if (type.IsRef && type.Heap.IsConcrete && !_types.IsValidIndex(type.Heap.TypeIndex))
            throw ValidationErrors.Unknown("type", type.Heap.TypeIndex);
    }

    private void CheckHeapType(HeapType heap)
    {
        if (heap.IsConcrete && !_types.IsValidIndex(heap.TypeIndex)) throw ValidationErrors.Unknown("type", heap.TypeIndex);
    }
}
