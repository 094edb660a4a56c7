using System.Collections;
using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// What validation established about a valid module, for the compiler: the checked type section (with
/// type equivalence and subtyping) and facts about each defined function's body. When bodies were left
/// for later (<see cref="ValidationOptions.DeferFunctionBodies"/>), each is validated the first time its
/// facts are asked for; that may throw <see cref="InvalidModuleException"/>.
/// </summary>
public sealed class ValidationResult
{
    private readonly ModuleContext _context;
    private readonly FunctionInfo[] _functions;
    // 0: not validated yet, 1: validated. Written after the info, read before it (Volatile), so a
    // racing reader sees either "not yet" (and validates again, harmlessly) or the finished info.
    private readonly int[] _validated;

    internal ValidationResult(ModuleContext context, FunctionInfo[] functions, bool allValidated)
    {
        _context = context;
        _functions = functions;
        _validated = new int[functions.Length];
        // A loop, not Array.Fill: its vectorized SpanHelpers.Fill<int> is JIT-compiled at every start.
        if (allValidated)
            for (int i = 0; i < _validated.Length; i++) _validated[i] = 1;
        Functions = new FunctionInfoList(this);
    }

    public ModuleTypes Types => _context.Types;

    /// <summary>One entry per defined function (parallel to <see cref="WasmModule.Bodies"/>).</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; }

    /// <summary>Whether the body of defined function <paramref name="definedIndex"/> has been validated.</summary>
    public bool IsValidated(int definedIndex) => Volatile.Read(ref _validated[definedIndex]) != 0;

    /// <summary>The facts about a defined function's body, validating it first if that was deferred. Thread-safe.</summary>
    /// <exception cref="InvalidModuleException">The body is invalid.</exception>
    public FunctionInfo GetFunctionInfo(int definedIndex)
    {
        if (Volatile.Read(ref _validated[definedIndex]) != 0) return _functions[definedIndex];
        int imported = _context.FunctionTypes.Length - _functions.Length;
        var info = ModuleValidator.ValidateBody(new FunctionValidator(_context), imported + definedIndex,
            _context.Module.Bodies[definedIndex]);
        _functions[definedIndex] = info;
        Volatile.Write(ref _validated[definedIndex], 1);
        return info;
    }

    private sealed class FunctionInfoList(ValidationResult owner) : IReadOnlyList<FunctionInfo>
    {
        public FunctionInfo this[int index] => owner.GetFunctionInfo(index);
        public int Count => owner._functions.Length;

        public IEnumerator<FunctionInfo> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
