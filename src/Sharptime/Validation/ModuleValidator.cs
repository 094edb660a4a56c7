using Sharptime.Model;

namespace Sharptime.Validation;

/// <summary>
/// Validates a module as the specification defines it: every index refers to something that exists,
/// every type is well formed, every constant expression is constant and of the right type, and every
/// function body type-checks. Run it on every module before instantiating it.
/// </summary>
public sealed partial class ModuleValidator
{
    private readonly WasmModule _module;
    private readonly ValidationOptions _options;
    private readonly WasmFeatures _features;
    private ModuleTypes _types = ModuleTypes.Empty;

    private ModuleValidator(WasmModule module, ValidationOptions options)
    {
        _module = module;
        _options = options;
        _features = options.Features;
    }

    /// <summary>Validates <paramref name="module"/>.</summary>
    /// <exception cref="InvalidModuleException">The module is not valid; the message starts with the spec's wording.</exception>
    /// <exception cref="MalformedModuleException">A function body or constant expression is not well-formed binary code.</exception>
    public static ValidationResult Validate(WasmModule module, ValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return new ModuleValidator(module, options ?? ValidationOptions.Default).Run();
    }

    private bool Has(WasmFeatures feature) => (_features & feature) == feature;

    private ValidationResult Run()
    {
        try
        {
            _types = ModuleTypes.Build(_module);
            CheckFeaturesOfTypes();
            var context = BuildContext();
            var constants = new FunctionValidator(context);
            ValidateTables(context, constants);
            ValidateMemories(context);
            ValidateGlobals(context, constants);
            ValidateTags();
            ValidateElements(context, constants);
            ValidateData(context, constants);
            ValidateStart(context);
            ValidateExports(context);
            if (_options.DeferFunctionBodies)
                return new ValidationResult(context, new FunctionInfo[_module.Bodies.Count], allValidated: false);
            return new ValidationResult(context, ValidateBodies(context), allValidated: true);
        }
        catch (Exception e) when (e is not WasmException and not OperationCanceledException)
        {
            // Bad input must end in the library's own exceptions; anything else here is a validator bug
            // that a malformed module provoked, and still means the module cannot be used.
            throw new InvalidModuleException($"invalid module (validator error: {e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Builds the context C: the type of every function, table, memory, global, tag and segment.</summary>
    private ModuleContext BuildContext()
    {
        var functions = new List<int>();
        // Arrays, not lists: List over our structs is JIT-compiled at every start (see RATIONALE.md).
        var tables = new TableType[_module.TotalTableCount];
        var memories = new MemoryType[_module.TotalMemoryCount];
        var globals = new GlobalType[_module.TotalGlobalCount];
        int tableCount = 0, memoryCount = 0, importedGlobals = 0;
        var tags = new List<int>();
        foreach (var import in _module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    CheckFunctionType(import.TypeIndex);
                    functions.Add(import.TypeIndex);
                    break;
                case ExternalKind.Table:
                    CheckTableType(import.Table);
                    tables[tableCount++] = import.Table;
                    break;
                case ExternalKind.Memory:
                    CheckMemoryType(import.Memory!);
                    memories[memoryCount++] = import.Memory!;
                    break;
                case ExternalKind.Global:
                    CheckValueType(import.Global.Type);
                    globals[importedGlobals++] = import.Global;
                    break;
                case ExternalKind.Tag:
                    CheckTagType(import.TypeIndex);
                    tags.Add(import.TypeIndex);
                    break;
                default:
                    throw ValidationErrors.Invalid($"unknown import kind {import.Kind}");
            }
        }
        foreach (int typeIndex in _module.Functions)
        {
            CheckFunctionType(typeIndex);
            functions.Add(typeIndex);
        }
        if (_module.Bodies.Count != _module.Functions.Count)
            throw ValidationErrors.Invalid("function and code section have inconsistent lengths");
        foreach (var table in _module.Tables) tables[tableCount++] = table.Type;
        foreach (var memory in _module.Memories) memories[memoryCount++] = memory;
        for (int i = 0; i < _module.Globals.Count; i++) globals[importedGlobals + i] = _module.Globals[i].Type;
        foreach (var tag in _module.Tags) tags.Add(tag.TypeIndex);

        var elementTypes = new ValType[_module.Elements.Count];
        for (int i = 0; i < elementTypes.Length; i++) elementTypes[i] = _module.Elements[i].ElementType;

        return new ModuleContext
        {
            Module = _module,
            Types = _types,
            Features = _features,
            Decoding = _options.Decoding,
            FunctionTypes = functions.ToArray(),
            Tables = tables,
            Memories = memories,
            Globals = globals,
            ImportedGlobalCount = importedGlobals,
            TagTypes = tags.ToArray(),
            ElementTypes = elementTypes,
            DataCount = _module.Data.Count,
            DeclaredFunctions = CollectDeclaredFunctions(functions.Count),
        };
    }

    private void CheckFunctionType(int typeIndex)
    {
        if (!_types.IsValidIndex(typeIndex)) throw ValidationErrors.Unknown("type", typeIndex);
        if (_types[typeIndex].Composite is not FuncType)
            throw ValidationErrors.TypeMismatch($"type {typeIndex} of a function is not a function type");
    }

    private void CheckValueType(ValType type)
    {
        if (!_types.IsValid(type)) throw ValidationErrors.Unknown("type", type.Heap.TypeIndex);
    }

    /// <summary>Struct, array and subtype declarations need the GC proposal; typed references the function references proposal.</summary>
    private void CheckFeaturesOfTypes()
    {
        for (int i = 0; i < _types.Count; i++)
        {
            var type = _types[i];
            if (type.Composite is not FuncType || type.SuperTypes.Length != 0 || !type.Final || _types.RecGroupOf(i).Count != 1)
            {
                if (!Has(WasmFeatures.GC)) throw ValidationErrors.Invalid($"type {i} requires the GC feature");
            }
            if (type.Composite is FuncType f)
            {
                foreach (var p in f.Parameters) CheckValueType(p);
                foreach (var r in f.Results) CheckValueType(r);
            }
        }
    }
}
