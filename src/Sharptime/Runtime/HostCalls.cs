namespace Sharptime.Runtime;

/// <summary>A host function that takes and returns boxed values (any signature, no generated delegate type).</summary>
/// <param name="caller">Who called: the importing instance, through which the host reaches its memory.</param>
/// <param name="arguments">The arguments: int, long, float, double, Vector128&lt;byte&gt;, or references.</param>
/// <param name="results">To fill with one value per result of the function's type.</param>
public delegate void UntypedHostCallback(Caller caller, ReadOnlySpan<object?> arguments, Span<object?> results);

/// <summary>What generated host stubs call for untyped callbacks.</summary>
internal static class HostCalls
{
    public static object?[] InvokeUntyped(InstanceContext context, object?[] arguments)
    {
        var host = (HostFunctionContext)context;
        var results = new object?[host.Type.Results.Length];
        ((UntypedHostCallback)host.Callback)(host.MakeCaller(), arguments, results);
        for (int i = 0; i < results.Length; i++) results[i] = Values.Coerce(host.Type.Results[i], results[i], -1, host.Store?.Engine.Types);
        return results;
    }

    /// <summary>The Caller of a typed host callback that asks for one.</summary>
    public static Caller MakeCaller(InstanceContext context) => ((HostFunctionContext)context).MakeCaller();

    /// <summary>The callback of a host function's context.</summary>
    public static Delegate Callback(InstanceContext context) => ((HostFunctionContext)context).Callback;
}
