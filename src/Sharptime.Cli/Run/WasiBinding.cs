using Sharptime.Cli.Errors;
using Sharptime.Cli.Loading;
using Sharptime.Wasi;

namespace Sharptime.Cli.Run;

/// <summary>
/// The one place the CLI binds WASI (src/Sharptime.Wasi) into a linker, from the run settings:
/// argv (argv[0] is the module as written, or --argv0), exactly the --env variables, inherited
/// stdio, the --dir preopens (fds 3, 4, ... in order) and the --tcplisten sockets after them.
/// </summary>
internal static class WasiBinding
{
    /// <summary>Whether this build can give modules WASI.</summary>
    public static bool IsAvailable => true;

    /// <summary>The module names WASI defines.</summary>
    public static readonly string[] ModuleNames = ["wasi_snapshot_preview1", "wasi_unstable"];

    public static bool IsImportedBy(Module module) => module.Imports.Any(i => ModuleNames.Contains(i.Module));

    public static WasiSession Define(Linker linker, Store store, IReadOnlyList<Module> modules, RunSettings settings, string argv0)
    {
        var configuration = new WasiConfiguration()
            .WithArgs([argv0, .. settings.GuestArguments])
            .WithInheritedStdio();
        foreach (var (name, value) in settings.Environment) configuration.WithEnvironment(name, value);
        foreach (var dir in settings.Directories)
        {
            if (!Directory.Exists(dir.HostPath))
                throw new CliFailure($"failed to open directory '{dir.HostPath}'", new DirectoryNotFoundException(dir.HostPath));
            configuration.WithPreopenedDirectory(dir.HostPath, dir.GuestPath);
        }
        foreach (var address in settings.TcpListen)
        {
            try
            {
                configuration.WithTcpListener(address);
            }
            catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException)
            {
                throw new CliFailure($"failed to listen on '{address}'", new IOException(e.Message, e));
            }
        }
        var context = CliFailure.Stage("failed to set up WASI", () => linker.DefineWasiFor(store, modules, configuration, CliLog.Factory));
        return new WasiSession(context);
    }
}

/// <summary>The guest's WASI state for one run: disposing it closes the host descriptors it holds.</summary>
internal sealed class WasiSession(WasiContext context) : IDisposable
{
    public void Dispose() => context.Dispose();
}
