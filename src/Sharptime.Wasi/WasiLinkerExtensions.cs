using Microsoft.Extensions.Logging;
using Sharptime.Wasi.Binding;
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
    public static WasiContext DefineWasi(this Linker linker, Store store, WasiConfiguration configuration, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(store);
        var context = new WasiContext(configuration);
        try
        {
            var preview1 = new WasiSnapshotPreview1(context);
            WitxModuleBinder.Define(linker, store, WasiSnapshotPreview1Glue.Functions, preview1,
                loggerFactory?.CreateLogger(WasiLogging.Category));
            WitxModuleBinder.Define(linker, store, WasiUnstableGlue.Functions, new WasiUnstable(preview1),
                loggerFactory?.CreateLogger(WasiLogging.Category));
        }
        catch
        {
            context.Dispose();
            throw;
        }
        return context;
    }
}
