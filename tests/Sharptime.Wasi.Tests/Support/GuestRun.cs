using System.Text;
using Microsoft.Extensions.Logging;

namespace Sharptime.Wasi.Tests.Support;

/// <summary>The outcome of running a WASI command in-process.</summary>
internal sealed record GuestResult(int ExitCode, byte[] Stdout, byte[] Stderr, TrapException? Trap)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);
    public string StderrText => Encoding.UTF8.GetString(Stderr);
}

/// <summary>Runs a module as a WASI command: stdout and stderr captured, exit code as the CLI computes it.</summary>
internal static class GuestRun
{
    private static readonly Engine s_engine = new();

    public static Module Load(string path) => Module.FromFile(s_engine, path);

    public static Module FromText(string name, string wat) => Module.FromText(s_engine, name, wat);

    /// <summary>Runs <paramref name="module"/>; <paramref name="configure"/> adds args, env, preopens, stdin.</summary>
    public static GuestResult Run(Module module, Action<WasiConfiguration> configure, ILoggerFactory? loggerFactory = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var configuration = new WasiConfiguration().WithStdout(stdout).WithStderr(stderr);
        configure(configuration);
        var store = new Store(s_engine);
        var linker = new Linker(s_engine);
        using var context = linker.DefineWasi(store, configuration, loggerFactory);
        var instance = linker.Instantiate(store, module);
        int exit;
        TrapException? trap = null;
        try
        {
            exit = WasiContext.RunCommand(instance);
        }
        catch (TrapException e)
        {
            // As the sharptime command does: a trap exits 134 and reports the trap on stderr.
            trap = e;
            exit = 134;
            var message = Encoding.UTF8.GetBytes("error: " + e.Describe() + "\n");
            stderr.Write(message);
        }
        return new GuestResult(exit, stdout.ToArray(), stderr.ToArray(), trap);
    }
}
