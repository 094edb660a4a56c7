using Sharptime.Cli.Errors;
using System.CommandLine;
using System.CommandLine.Parsing;
using Sharptime.Cli.Configuration;

namespace Sharptime.Cli.Run;

/// <summary>
/// <c>sharptime [run] [OPTIONS] FILE [ARGS...]</c>. Options come before the module; everything
/// after it belongs to the guest (its argv, or the arguments of <c>--invoke</c>), even words that
/// look like options, as in Wasmtime.
/// </summary>
internal static class RunCommand
{
    public const string Name = "run";

    public static Command Create()
    {
        var dir = new Option<string[]>("--dir") { Description = "Give the guest a host directory, as GUEST (default: the host path as written). Repeatable; preopened as fds 3, 4, ... in order", HelpName = "HOST[::GUEST]", Arity = ArgumentArity.OneOrMore };
        var env = new Option<string[]>("--env") { Description = "Set a guest environment variable; NAME alone passes the host's value. Repeatable; nothing else is inherited", HelpName = "NAME[=VALUE]", Arity = ArgumentArity.OneOrMore };
        var invoke = new Option<string?>("--invoke") { Description = "Call this export instead of _start (after _initialize if the module has one); ARGS are its arguments, results are printed one per line", HelpName = "NAME" };
        var preload = new Option<string[]>("--preload") { Description = "Instantiate another module first and satisfy imports from module NAME with its exports. Repeatable", HelpName = "NAME=PATH", Arity = ArgumentArity.OneOrMore };
        var argv0 = new Option<string?>("--argv0") { Description = "The guest's argv[0] (default: FILE as written)", HelpName = "NAME" };
        var fuel = new Option<ulong?>("--fuel") { Description = "Trap once the guest has used N units of fuel (one per function entry and loop iteration)", HelpName = "N" };
        var maxMemory = new Option<ulong?>("--max-memory-size") { Description = "The largest size a linear memory may grow to, in bytes (K, M, G suffixes allowed; default 4G)", HelpName = "BYTES", CustomParser = ParseSize };
        var maxStack = new Option<int?>("--max-wasm-stack") { Description = "The most native stack wasm code may use, in bytes (default 16M); deeper recursion traps", HelpName = "BYTES", CustomParser = result => checked((int?)(int)(ParseSize(result) ?? 0)) };
        var allowPrecompiled = new Option<bool>("--allow-precompiled") { Description = "Allow FILE to be a module precompiled by `sharptime compile` (its code is trusted: not validated)" };
        var tcpListen = new Option<string[]>("--tcplisten") { Description = "Open a listening TCP socket for the guest (preopened after the directories). Repeatable", HelpName = "ADDR:PORT", Arity = ArgumentArity.OneOrMore };
        var cache = new Option<bool?>("--cache") { Description = "Use the compile cache (default: on, or as the configuration file says)", HelpName = "true|false", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config") { Description = "Read this configuration file instead of the default one (see `sharptime config`)", HelpName = "PATH" };
        var module = new Argument<string[]>("FILE [ARGS...]")
        {
            Description = "The module (.wasm, .wat, or precompiled), then the guest's arguments",
            Arity = ArgumentArity.OneOrMore,
            CaptureRemainingTokens = true,
        };

        var command = new Command(Name, "Run a WebAssembly module")
        {
            dir, env, invoke, preload, argv0, fuel, maxMemory, maxStack, allowPrecompiled, tcpListen, cache, config, module,
        };
        foreach (var option in new Option[] { dir, env, preload, tcpListen }) option.AllowMultipleArgumentsPerToken = false;

        command.SetAction(result =>
        {
            var words = result.GetValue(module) ?? [];
            // The module word captures what follows it, so an unknown option before it lands here.
            if (words[0].StartsWith('-') && words[0].Length > 1 && !File.Exists(words[0]))
                throw new UsageException($"unexpected argument '{words[0]}' found: run's options are listed by `sharptime run --help`");
            var settings = new RunSettings
            {
                ModulePath = words[0],
                GuestArguments = words[1..],
                Invoke = result.GetValue(invoke),
                Argv0 = result.GetValue(argv0),
                Directories = [.. (result.GetValue(dir) ?? []).Select(DirectoryMapping.Parse)],
                Environment = GuestEnvironment.Parse(result.GetValue(env) ?? []),
                Preloads = [.. (result.GetValue(preload) ?? []).Select(Preload.Parse)],
                TcpListen = result.GetValue(tcpListen) ?? [],
                Fuel = result.GetValue(fuel),
                MaxMemorySize = result.GetValue(maxMemory),
                MaxWasmStack = result.GetValue(maxStack),
                AllowPrecompiled = result.GetValue(allowPrecompiled),
                Cache = result.GetResult(cache) is null ? null : result.GetValue(cache) ?? true,
                ConfigPath = result.GetValue(config),
            };
            var configuration = CliConfiguration.Load(settings.ConfigPath);
            return new ModuleRunner(settings, configuration, Console.Out).Run();
        });
        return command;
    }

    private static ulong? ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        try
        {
            return CliConfiguration.ParseSize(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            result.AddError($"'{text}' is not a size in bytes (examples: 65536, 64K, 512M, 4G)");
            return null;
        }
    }
}

/// <summary>The guest environment from <c>--env</c> words.</summary>
internal static class GuestEnvironment
{
    /// <summary>
    /// <c>NAME=VALUE</c> sets (the value may contain '='); <c>NAME</c> alone takes the host's value
    /// and is left out when the host has none. A later word for the same name replaces the earlier.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IEnumerable<string> words)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var word in words)
        {
            int eq = word.IndexOf('=');
            string name = eq < 0 ? word : word[..eq];
            if (name.Length == 0) throw new UsageException($"invalid --env '{word}': expected NAME=VALUE or NAME");
            string? value = eq < 0 ? Environment.GetEnvironmentVariable(name) : word[(eq + 1)..];
            result.RemoveAll(p => p.Key == name);
            if (value is not null) result.Add(new(name, value));
        }
        return result;
    }
}
