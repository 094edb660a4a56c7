using Sharptime.Cli.Errors;
using Sharptime.Cli.Configuration;
using Sharptime.Cli.Loading;
using Sharptime.Model;

namespace Sharptime.Cli.Run;

/// <summary>
/// <c>sharptime run</c>: builds the engine from the settings, links WASI and the preloaded
/// modules, instantiates the main module and runs it as a command (<c>_start</c>) or, with
/// <c>--invoke</c>, as a reactor (<c>_initialize</c>, then the function). Each stage fails with its
/// own headline (see <see cref="CliFailure"/>); a proc_exit unwinds to here as an exit code.
/// </summary>
internal sealed class ModuleRunner(RunSettings settings, CliConfiguration configuration, TextWriter stdout)
{
    public int Run()
    {
        var timing = CliLog.IsEnabled(CliLog.Time) ? System.Diagnostics.Stopwatch.StartNew() : null;
        var engine = new Engine(EngineConfig.Build(settings, configuration));
        var store = new Store(engine);
        if (settings.Fuel is { } fuel) store.Fuel = fuel;
        var linker = new Linker(engine) { AllowShadowing = true };
        var loader = new ModuleLoader(engine, configuration, settings.AllowPrecompiled, settings.Cache ?? configuration.CacheEnabled);
        try
        {
            // Compile everything first, as Wasmtime does: a bad module fails before WASI opens anything.
            // modules[i] is settings.Preloads[i]'s, the main module comes last.
            var modules = new List<Module>(settings.Preloads.Count + 1);
            foreach (var preload in settings.Preloads)
                modules.Add(CliFailure.Stage($"failed to compile '{preload.Path}'", () => loader.Load(preload.Path)));
            var main = CliFailure.Stage($"failed to compile '{settings.ModulePath}'", () => loader.Load(settings.ModulePath));
            modules.Add(main);
            LogTime(timing, "load");

            // Binding WASI generates a thunk per function: only the imported ones are bound, none when no module imports WASI.
            using var wasi = modules.Any(WasiBinding.IsImportedBy)
                ? WasiBinding.Define(linker, store, modules, settings, settings.Argv0 ?? settings.ModulePath)
                : null;
            LogTime(timing, "WASI");

            for (int i = 0; i < settings.Preloads.Count; i++)
            {
                var (name, path) = settings.Preloads[i];
                var instance = Instantiate(linker, store, modules[i], path);
                CliFailure.Stage($"failed to initialize '{path}'", () => instance.GetFunction("_initialize")?.InvokeAll());
                linker.DefineInstance(name, instance);
            }
            var mainInstance = Instantiate(linker, store, main, settings.ModulePath);
            LogTime(timing, "instantiate");
            var headline = $"failed to run main module '{settings.ModulePath}'";
            try
            {
                return CliFailure.Stage(headline, () => Execute(mainInstance));
            }
            finally
            {
                stdout.Flush();
                LogTime(timing, "run");
            }
        }
        finally
        {
            // A first run's cache entry is written in the background while the module runs; the next run needs it.
            loader.WaitForCacheWrites();
        }
    }

    /// <summary>SHARPTIME_LOG=time: how long each stage took (since process start for the first).</summary>
    private static void LogTime(System.Diagnostics.Stopwatch? timing, string stage)
    {
        if (timing is null) return;
        // The JIT's running totals (all threads) tell how much of a stage was compiling .NET and guest code.
        CliLog.Write(CliLog.Time, $"{stage}: {timing.Elapsed.TotalMilliseconds:F1} ms (process: {(DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms; " +
            $"JIT so far: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompiledILBytes() / 1024} KB of IL, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms)");
        timing.Restart();
    }

    private static Instance Instantiate(Linker linker, Store store, Module module, string path) =>
        CliFailure.Stage($"failed to instantiate '{path}'", () =>
        {
            ImportCheck.ThrowIfUnresolved(linker, module);
            return linker.Instantiate(store, module);
        });

    private int Execute(Instance instance)
    {
        if (settings.Invoke is not { } name)
        {
            if (instance.GetFunction("_start") is { } start)
            {
                start.InvokeAll();
                return ExitCodes.Success;
            }
            if (settings.GuestArguments.Count > 0)
                throw new UsageException($"'{settings.ModulePath}' exports no _start function to pass arguments to; use --invoke NAME to call an export");
            return ExitCodes.Success;
        }

        instance.GetFunction("_initialize")?.InvokeAll();
        var function = instance.GetFunction(name)
            ?? throw new UsageException($"'{settings.ModulePath}' exports no function named '{name}'{DescribeExports(instance)}");
        var arguments = InvokeValues.ParseArguments(name, function.Type, settings.GuestArguments);
        var results = function.InvokeAll(arguments);
        foreach (var value in results) stdout.WriteLine(InvokeValues.Format(value));
        stdout.Flush();
        return ExitCodes.Success;
    }

    private static string DescribeExports(Instance instance)
    {
        var functions = instance.Module.Exports.Where(e => e.Kind == ExternalKind.Function).Select(e => e.Name).Take(10).ToList();
        return functions.Count == 0 ? " (it exports no functions)" : $" (its functions: {string.Join(", ", functions)})";
    }
}
