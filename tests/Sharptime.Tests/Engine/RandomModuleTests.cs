using System.Diagnostics;
using Sharptime.Model;

namespace Sharptime.Tests.EngineTests;

/// <summary>
/// Random valid modules from binaryen's translate-to-fuzz mode (wasm-opt -ttf, when installed), run
/// export by export: whatever they do, the engine may only end in its own exceptions (traps and
/// wasm errors), never a .NET exception from the compiler, the JIT (invalid IL) or the runtime.
/// </summary>
public class RandomModuleTests
{
    // Binaryen's reference-types mode also emits typed function references, beyond WebAssembly 2.0.
    private const string Features = "--enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue";

    /// <summary>40 seeds by default; SHARPTIME_FUZZ_SEEDS=N runs more.</summary>
    public static TheoryData<int> Seeds =>
        new(Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("SHARPTIME_FUZZ_SEEDS"), out int n) ? n : 40));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomModuleRunsWithoutForeignExceptions(int seed)
    {
        var wasm = Generate(seed);
        if (wasm is null)
        {
            // Not installed on a user's clone: nothing to run. CI installs it (.ci/run).
            Assert.False(SharedFiles.IsCI, "CI=true but binaryen's wasm-opt is not installed");
            return;
        }

        var engine = new Sharptime.Engine();
        var store = new Store(engine);
        var module = Module.FromBytes(engine, $"fuzz{seed}", wasm);
        var imports = module.Imports.Select(i => i.Kind == ExternalKind.Function
            ? (object)Function.FromCallback(store, module.Definition.GetFuncType(i.TypeIndex), (_, _, results) =>
            {
                var type = module.Definition.GetFuncType(i.TypeIndex);
                for (int r = 0; r < results.Length; r++) results[r] = Sharptime.Runtime.Values.Default(type.Results[r]);
            })
            : throw new InvalidOperationException($"unexpected import {i.Module} {i.Name}")).ToArray();
        Instance instance;
        try
        {
            instance = new Instance(store, module, imports);
        }
        catch (TrapException)
        {
            return;
        }
        foreach (var (name, value) in instance.Exports)
        {
            if (value is not Function function) continue;
            var args = function.Parameters.Select(Sharptime.Runtime.Values.Default).ToArray();
            try
            {
                function.InvokeAll(args);
            }
            catch (TrapException)
            {
                // Traps are fine; anything else fails the test.
            }
        }
    }

    private static byte[]? Generate(int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sharptime-fuzz");
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, $"seed{seed}.bin");
        var output = Path.Combine(dir, $"seed{seed}.wasm");
        var random = new Random(seed);
        var bytes = new byte[2000 + random.Next(8000)];
        random.NextBytes(bytes);
        File.WriteAllBytes(input, bytes);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("wasm-opt", $"-ttf {input} -o {output} {Features}")
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0 ? File.ReadAllBytes(output) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
