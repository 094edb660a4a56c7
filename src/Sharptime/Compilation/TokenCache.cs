using System.Reflection;
using System.Reflection.Emit;

namespace Sharptime.Compilation;

/// <summary>
/// Metadata tokens of the runtime members generated code uses, one lookup per member per module.
/// ILGenerator looks a member of another assembly up again at every use (about 5 µs each, measured),
/// which made compiling a 30 MB module take half a minute; emitting cached tokens takes 0.2 µs.
/// </summary>
internal sealed class TokenCache(ModuleBuilder module)
{
    // By reference: MethodBuilder.Equals compares signatures, which it rebuilds every time (it was a
    // third of compile time); runtime members are canonical objects, so identity is the right key.
    private readonly Dictionary<MemberInfo, int> _members = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Type, int> _types = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _signatures = new(StringComparer.Ordinal);

    private readonly Dictionary<MethodInfo, bool> _pushesWithoutArguments = [];

    public ModuleBuilder Module { get; } = module;

    /// <summary>Whether a call to <paramref name="method"/> pushes a value without taking any (see FunctionCompiler.EmitCall).</summary>
    public bool PushesWithoutArguments(MethodInfo method)
    {
        if (!_pushesWithoutArguments.TryGetValue(method, out bool pushes))
            _pushesWithoutArguments[method] = pushes = method.IsStatic && method.ReturnType != typeof(void) && method.GetParameters().Length == 0;
        return pushes;
    }

    public int Method(MethodInfo method)
    {
        if (!_members.TryGetValue(method, out int token)) _members[method] = token = Module.GetMethodMetadataToken(method);
        return token;
    }

    public int Field(FieldInfo field)
    {
        if (!_members.TryGetValue(field, out int token)) _members[field] = token = Module.GetFieldMetadataToken(field);
        return token;
    }

    public int Type(Type type)
    {
        if (!_types.TryGetValue(type, out int token)) _types[type] = token = Module.GetTypeMetadataToken(type);
        return token;
    }

    /// <summary>A standalone method signature (for calli), by its return and parameter types.</summary>
    public int Signature(Type returnType, Type[] parameters)
    {
        var key = returnType.FullName + "(" + string.Join(",", parameters.Select(p => p.FullName)) + ")";
        if (!_signatures.TryGetValue(key, out int token))
        {
            var helper = SignatureHelper.GetMethodSigHelper(Module, CallingConventions.Standard, returnType);
            helper.AddArguments(parameters, null, null);
            _signatures[key] = token = Module.GetSignatureMetadataToken(helper);
        }
        return token;
    }
}
