using Microsoft.Extensions.Logging;
using Sharptime.Model;
using Sharptime.Wasi.Binding;
using Sharptime.Witx.Runtime;
using Sharptime.Wasi.Preview0;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi;

/// <summary>Defines WASI in a <see cref="Linker"/>.</summary>
public static class WasiLinkerExtensions
{
    /// <summary>
    /// Defines every function of <c>wasi_snapshot_preview1</c> and <c>wasi_unstable</c> for
    /// <paramref name="store"/>, over one <see cref="WasiContext"/> made from
    /// <paramref name="configuration"/> (which it returns; dispose it when the guest is done).
    /// With a <paramref name="loggerFactory"/>, each call is traced at <see cref="LogLevel.Trace"/>
    /// (see <see cref="WasiLogging.CreateLoggerFactory"/>).
    /// </summary>
    public static WasiContext DefineWasi(this Linker linker, Store store, WasiConfiguration configuration, ILoggerFactory? loggerFactory = null) =>
        Define(linker, store, configuration, loggerFactory, modules: null);

    /// <summary>
    /// As <see cref="DefineWasi"/>, but defines only the WASI functions that <paramref name="modules"/>
    /// import, for a linker that instantiates nothing else: binding generates a thunk per function,
    /// and a program imports a handful of the ninety (most of the cost of binding WASI at start-up).
    /// </summary>
    public static WasiContext DefineWasiFor(this Linker linker, Store store, IReadOnlyList<Module> modules, WasiConfiguration configuration, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(modules);
        return Define(linker, store, configuration, loggerFactory, modules);
    }

    /// <summary>Defines the functions <paramref name="modules"/> import, or all when it is null.</summary>
    private static WasiContext Define(Linker linker, Store store, WasiConfiguration configuration, ILoggerFactory? loggerFactory, IReadOnlyList<Module>? modules)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(store);
        Func<WitxHostFunction, bool>? include = modules is null ? null : f => IsImported(modules, f.Module, f.Name);
        var context = new WasiContext(configuration);
        try
        {
            var preview1 = new WasiSnapshotPreview1(context);
            // A module's glue (its list of functions, found by reflection) is not even built when nothing imports from it.
            if (modules is null || ImportsFrom(modules, WasiSnapshotPreview1Glue.ModuleName))
            {
                WitxModuleBinder.Define(linker, store, WasiSnapshotPreview1Glue.Functions, preview1,
                    loggerFactory?.CreateLogger(WasiLogging.Category), include);
            }
            if (modules is null || ImportsFrom(modules, WasiUnstableGlue.ModuleName))
            {
                WitxModuleBinder.Define(linker, store, WasiUnstableGlue.Functions, new WasiUnstable(preview1),
                    loggerFactory?.CreateLogger(WasiLogging.Category), include);
            }
        }
        catch
        {
            context.Dispose();
            throw;
        }
        return context;
    }

    private static bool ImportsFrom(IReadOnlyList<Module> modules, string module)
    {
        foreach (var m in modules)
        {
            foreach (var import in m.Imports)
            {
                if (import.Kind == ExternalKind.Function && import.Module == module) return true;
            }
        }
        return false;
    }

    private static bool IsImported(IReadOnlyList<Module> modules, string module, string name)
    {
        foreach (var m in modules)
        {
            foreach (var import in m.Imports)
            {
                if (import.Kind == ExternalKind.Function && import.Name == name && import.Module == module) return true;
            }
        }
        return false;
    }
}
