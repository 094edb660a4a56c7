namespace Sharptime.Validation;

/// <summary>
/// What validation established about a valid module, for the compiler: the checked type section (with
/// type equivalence and subtyping) and facts about each defined function's body.
/// </summary>
public sealed class ValidationResult
{
    internal ValidationResult(ModuleTypes types, FunctionInfo[] functions)
    {
        Types = types;
        Functions = functions;
    }

    public ModuleTypes Types { get; }

    /// <summary>One entry per defined function (parallel to <see cref="Model.WasmModule.Bodies"/>).</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; }
}
