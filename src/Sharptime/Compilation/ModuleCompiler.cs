using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// Compiles a valid module into one generated type with a static method per defined function, named
/// <c>f{index}</c> so traps can name the wasm function. The JIT compiles each method on its first call,
/// so functions never called cost only their IL.
/// </summary>
internal static class ModuleCompiler
{
    public static CompiledModule Compile(Engine engine, WasmModule module, string name)
    {
        var canonicalIds = InternTypes(engine, module);
        var code = engine.Code;
        lock (code.Lock)
        {
            var type = code.DefineType(name);
            var methods = EmitFunctions(engine, module, type, canonicalIds, typeIdFields: null);
            var created = type.CreateType();
            var tokens = Array.ConvertAll(methods, m => m.MetadataToken);
            return new CompiledModule(name, module, created, tokens, canonicalIds);
        }
    }

    /// <summary>The engine-wide id of every type index of <paramref name="module"/> (equal ids: equivalent types).</summary>
    public static int[] InternTypes(Engine engine, WasmModule module) => engine.Types.Canonicalize(module);

    /// <summary>
    /// Defines one static method per defined function in <paramref name="type"/> and emits their
    /// bodies. The type may belong to the engine's dynamic assembly or to one saved to disk
    /// (Persistence/); saved code cannot hold this engine's type ids as constants, so it passes
    /// <paramref name="typeIdFields"/>: static fields (one per type index) set when it is loaded.
    /// </summary>
    public static MethodBuilder[] EmitFunctions(Engine engine, WasmModule module, TypeBuilder type, int[] canonicalIds, FieldInfo[]? typeIdFields)
    {
        int imported = module.ImportedFunctionCount;
        var methods = new MethodBuilder[module.Functions.Count];
        for (int i = 0; i < methods.Length; i++)
        {
            var funcType = module.GetFuncType(module.Functions[i]);
            var method = type.DefineMethod(MethodName(imported + i), MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig,
                ClrTypes.ReturnType(funcType), ClrTypes.ParameterTypes(funcType));
            for (int r = 1; r < funcType.Results.Length; r++)
                method.DefineParameter(funcType.Parameters.Length + 1 + r, ParameterAttributes.Out, $"result{r}");
            methods[i] = method;
        }
        // Methods get metadata tokens lazily, and a method's first token request tokenizes every method
        // defined before it, comparing each with MethodBuilder.Equals (which rebuilds signatures); asking
        // in definition order makes that one cheap step per method instead of a scan per call site.
        // Saved code (typeIdFields given) has no tokens before it is saved: it is emitted without them.
        bool saved = typeIdFields is not null;
        if (!saved) foreach (var method in methods) _ = method.MetadataToken;
        var compilation = ModuleCompilation.Create(engine, module, methods, canonicalIds, useTokens: !saved);
        compilation.TypeIdFields = typeIdFields;
        for (int i = 0; i < methods.Length; i++)
        {
            FunctionCompiler.Compile(compilation, i, methods[i]);
            TieringPolicy.Apply(methods[i]);
        }
        return methods;
    }

    public static string MethodName(int functionIndex) => "f" + functionIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
