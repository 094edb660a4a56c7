using System.Runtime.CompilerServices;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// JIT-compiles, on a background thread, the large functions a module's entry point is about to call,
/// so that the second core compiles them while the first runs. A program's start is mostly JIT time
/// (a cached Yosys <c>-V</c> spends 495 of its 509 ms in the JIT), and a few functions take much of
/// it: C++ programs built with LTO merge their static constructors into one function and keep a large
/// <c>main</c> (Yosys: 346 KB and 213 KB of IL, about half of that JIT time). Those sit within a few
/// direct calls of <c>_start</c> and run on every start.
/// </summary>
/// <remarks>
/// The guess is made from the code alone: the functions that the entry points (the start function,
/// <c>_start</c>, <c>_initialize</c>) reach through at most <see cref="MaxDepth"/> direct calls,
/// visited depth first in the order of their call sites (the order a start runs them in when nothing
/// is skipped), keeping those with at least <see cref="MinBodyBytes"/> bytes of code. Compiling one
/// that the guest then does not call only costs the background thread's time; one the main thread
/// reaches while it is being compiled is waited for, not compiled twice (the runtime sees to that).
/// The code is the same either way: <see cref="RuntimeHelpers.PrepareMethod(RuntimeMethodHandle)"/>
/// makes the method's first tier, as a first call would.
/// </remarks>
internal static class SpeculativeJit
{
    /// <summary>How many direct calls below an entry point a function may be (Yosys: _start, the constructors' caller, the merged constructor).</summary>
    public const int MaxDepth = 3;

    /// <summary>
    /// The smallest body worth compiling ahead: about 16 KB of IL, several milliseconds of JIT; the
    /// main thread compiles smaller ones about as fast as it would wait for them.
    /// </summary>
    public const int MinBodyBytes = 4096;

    /// <summary>Bounds the search in programs whose entry reaches much of the code (bytes of bodies read for calls).</summary>
    private const int MaxBytesScanned = 8 << 20;

    /// <summary>Starts compiling <paramref name="code"/>'s likely first large functions on a background thread, if it has any.</summary>
    public static void Start(CompiledModule code, DecoderOptions decoding)
    {
        var module = code.Module;
        var entries = EntryPoints(module);
        if (entries.Count == 0 || !HasLargeFunction(module)) return;
        // A stack as large as the guest's own thread: the JIT's recursion follows the shape of the code.
        var thread = new Thread(() => Run(code, entries, decoding), maxStackSize: 16 << 20)
        {
            IsBackground = true,
            Name = "sharptime speculative JIT",
        };
        thread.Start();
    }

    private static void Run(CompiledModule code, List<int> entries, DecoderOptions decoding)
    {
        try
        {
            foreach (int function in LargeFunctionsNear(code.Module, entries, decoding))
                code.Prepare(function);
        }
        catch (Exception)
        {
            // A guess, never an error: whatever failed here fails again, properly reported, when the
            // guest calls the function.
        }
    }

    /// <summary>The defined functions a start runs first: the start function, then the WASI command and reactor entries.</summary>
    public static List<int> EntryPoints(WasmModule module)
    {
        var entries = new List<int>();
        if (module.Start is int start) entries.Add(start);
        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Name is "_start" or "_initialize") entries.Add(export.Index);
        }
        entries.RemoveAll(f => f < module.ImportedFunctionCount);
        return entries;
    }

    /// <summary>
    /// The defined functions of at least <see cref="MinBodyBytes"/> that <paramref name="entries"/>
    /// reach within <see cref="MaxDepth"/> direct calls, depth first in call-site order, each once.
    /// </summary>
    public static IEnumerable<int> LargeFunctionsNear(WasmModule module, IReadOnlyList<int> entries, DecoderOptions decoding)
    {
        var seen = new HashSet<int>();
        int scanned = 0;
        var stack = new Stack<(int Function, int Depth)>();
        for (int i = entries.Count - 1; i >= 0; i--) stack.Push((entries[i], 0));
        while (stack.Count > 0)
        {
            var (function, depth) = stack.Pop();
            if (!seen.Add(function)) continue;
            var body = module.Bodies[function - module.ImportedFunctionCount];
            if (body.Code.Length >= MinBodyBytes) yield return function;
            if (depth == MaxDepth || scanned > MaxBytesScanned) continue;
            scanned += body.Code.Length;
            var callees = DirectCallees(module, body, decoding);
            for (int i = callees.Count - 1; i >= 0; i--)
            {
                if (!seen.Contains(callees[i])) stack.Push((callees[i], depth + 1));
            }
        }
    }

    /// <summary>The defined functions <paramref name="body"/> calls directly, in the order of their call sites.</summary>
    private static List<int> DirectCallees(WasmModule module, FunctionBody body, DecoderOptions decoding)
    {
        var callees = new List<int>();
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset, decoding);
        while (reader.TryRead(out var instruction))
        {
            // Repeated callees stay: the search visits each function once, at its first call site.
            if (instruction.Opcode is Opcode.Call or Opcode.ReturnCall && instruction.Index >= module.ImportedFunctionCount)
                callees.Add((int)instruction.Index);
        }
        return callees;
    }

    private static bool HasLargeFunction(WasmModule module)
    {
        foreach (var body in module.Bodies)
        {
            if (body.Code.Length >= MinBodyBytes) return true;
        }
        return false;
    }
}
