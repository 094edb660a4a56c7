using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Sharptime.Cli.Compile;
using Sharptime.Compilation.Persistence;
using Sharptime.Validation;

namespace Sharptime.Cli.Loading;

/// <summary>
/// <c>sharptime cache-store ENTRY WASM ...</c> (hidden): the background process that
/// <see cref="DetachedCacheStore"/> starts for a large module. It writes the module's IL entry if
/// there is none, then, with <c>--native</c>, compiles the code again for crossgen2 and moves
/// crossgen2's native image over the entry. It has no terminal: it runs in a session of its own
/// (a Ctrl+C meant for the run does not reach it), at low priority, and reports only through the
/// files beside the entry (<see cref="DetachedCacheStore.PendingMarker"/> while it works,
/// <see cref="DetachedCacheStore.FailureNote"/> if native compilation failed).
/// </summary>
internal static partial class CacheStoreCommand
{
    public const string Name = "cache-store";

    /// <summary>How to start this command in a new process of this program (the apphost, or dotnet and the assembly).</summary>
    public static ProcessStartInfo StartInfo(string entry, string wasmFile, string name, Config config, bool native)
    {
        var host = Environment.ProcessPath ?? throw new IOException("the path of this program is unknown");
        // Full paths: the process starts in the cache folder, where a relative cache folder would mean another place.
        entry = Path.GetFullPath(entry);
        wasmFile = Path.GetFullPath(wasmFile);
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            // Its own pipes, closed by this process: inheriting ours would keep a caller that reads
            // our output to the end waiting until the background work is done.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(entry)!,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var argument in new[] { Name, entry, wasmFile, "--name", name, "--features", ((long)config.Features).ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        if (config.ConsumeFuel) start.ArgumentList.Add("--fuel");
        if (native) start.ArgumentList.Add("--native");
        // Its settings come from the arguments (they decide the entry's key), not from the user's file or log.
        start.Environment.Remove("SHARPTIME_LOG");
        return start;
    }

    public static Command Create()
    {
        var entry = new Argument<string>("ENTRY") { Description = "The cache entry to write" };
        var wasm = new Argument<string>("WASM") { Description = "The binary module (deleted when done)" };
        var name = new Option<string>("--name") { DefaultValueFactory = _ => "module" };
        var features = new Option<long>("--features");
        var fuel = new Option<bool>("--fuel");
        var native = new Option<bool>("--native");
        var command = new Command(Name, "Store a large module's cache entry in the background (started by run)")
        {
            entry, wasm, name, features, fuel, native,
        };
        command.Hidden = true;
        command.SetAction(result => Run(result.GetValue(entry)!, result.GetValue(wasm)!, result.GetValue(name)!,
            new Config { Features = (WasmFeatures)result.GetValue(features), ConsumeFuel = result.GetValue(fuel), SpeculativeJit = false },
            result.GetValue(native)));
        return command;
    }

    private static int Run(string entry, string wasmFile, string name, Config config, bool native)
    {
        Detach();
        var pending = DetachedCacheStore.PendingMarker(entry);
        try
        {
            // The marker is created, not overwritten: of two runs that missed at once, one stores.
            using (var marker = new FileStream(pending, FileMode.CreateNew, FileAccess.Write))
                marker.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
        }
        catch (IOException)
        {
            DetachedCacheStore.TryDelete(wasmFile);
            return 0;
        }
        try
        {
            var wasm = File.ReadAllBytes(wasmFile);
            DetachedCacheStore.TryDelete(wasmFile); // not kept on disk through minutes of crossgen2
            var engine = new Engine(config);
            var cache = new ModuleCache(Path.GetDirectoryName(entry)!);
            if (cache.PathFor(engine, wasm) != entry) return 1; // other settings than the run's: the entry would never be found
            if (!File.Exists(entry)) cache.Store(engine, name, wasm);
            if (native && !ModuleCache.HasNativeCode(entry)) CompileToNativeCode(cache, engine, name, wasm, entry);
            return 0;
        }
        catch (Exception)
        {
            // Nobody reads this process's output: whatever failed, the entry is left as it was
            // (or absent), and the next run of the module compiles in memory and tries again.
            return 1;
        }
        finally
        {
            DetachedCacheStore.TryDelete(wasmFile);
            DetachedCacheStore.TryDelete(pending);
        }
    }

    /// <summary>As <c>sharptime compile --native always</c>, with the result moved over the entry.</summary>
    private static void CompileToNativeCode(ModuleCache cache, Engine engine, string name, byte[] wasm, string entry)
    {
        var crossgen = Crossgen.Find();
        if (crossgen is null) return;
        // Beside the entry, so that the result is moved within one file system.
        var work = entry + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".native";
        Directory.CreateDirectory(work);
        try
        {
            var il = Path.Combine(work, "il.dll");
            var image = Path.Combine(work, "native.dll");
            File.WriteAllBytes(il, ModulePersistence.Precompile(engine, name, wasm, forReadyToRun: true));
            crossgen.Compile(il, image);
            cache.Replace(engine, wasm, image);
            DetachedCacheStore.TryDelete(DetachedCacheStore.FailureNote(entry));
        }
        catch (Exception e)
        {
            // The entry keeps its IL; the note keeps later runs from trying again for a day.
            File.WriteAllText(DetachedCacheStore.FailureNote(entry), $"{e.GetType().Name}: {e.Message}{Environment.NewLine}");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A session of its own, so that the terminal's signals for the run (Ctrl+C, hang-up) do not reach it; and low priority.</summary>
    private static void Detach()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) _ = SetSid();
        try
        {
            using var self = Process.GetCurrentProcess();
            self.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException) { }
    }

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();
}
