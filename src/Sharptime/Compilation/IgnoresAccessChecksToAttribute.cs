namespace System.Runtime.CompilerServices;

/// <summary>
/// Recognized by name by the runtime: applied to a generated assembly, it lets that assembly's code
/// use the named assembly's non-public members (as System.Reflection.DispatchProxy does).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
