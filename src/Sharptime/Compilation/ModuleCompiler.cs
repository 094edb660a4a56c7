using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// Compiles a valid module: one static method per defined function, named <c>f{index}</c> so traps can
/// name the wasm function. In memory the IL is emitted lazily, a function at a time
/// (<see cref="LazyModuleCode"/>); code saved to disk is emitted whole into one type. The JIT compiles
/// each method on its first call, so functions never called cost at most their IL.
/// </summary>
internal static class ModuleCompiler
{
    public static CompiledModule Compile(Engine engine, WasmModule module, string name)
    {
        var canonicalIds = InternTypes(engine, module);
        return new CompiledModule(name, module, new LazyModuleCode(engine, module, name, canonicalIds), canonicalIds);
    }

    /// <summary>The engine-wide id of every type index of <paramref name="module"/> (equal ids: equivalent types).</summary>
    public static int[] InternTypes(Engine engine, WasmModule module) => engine.Types.Canonicalize(module);

    /// <summary>
    /// Defines one static method per defined function in <paramref name="type"/>, a type of an assembly
    /// saved to disk (Persistence/), and emits all their bodies. Saved code cannot hold this engine's
    /// type ids as constants, so it reads them from <paramref name="typeIdFields"/>: static fields (one
    /// per type index) set when it is loaded. It has no metadata tokens before it is saved, so members
    /// are emitted as they are, without the token cache.
    /// </summary>
    public static MethodBuilder[] EmitFunctions(Engine engine, WasmModule module, TypeBuilder type, int[] canonicalIds, FieldInfo[] typeIdFields)
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
        var compilation = ModuleCompilation.Create(engine, module, i => methods[i], canonicalIds, tokenModule: null);
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
