using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using Sharptime.Cli.Compile;
using Sharptime.Cli.Completion;
using Sharptime.Cli.Configuration;
using Sharptime.Cli.Errors;
using Sharptime.Cli.Run;

namespace Sharptime.Cli;

/// <summary>
/// The <c>sharptime</c> command line: the subcommands, help with examples, the version, and the
/// one place every failure is turned into a message and an exit code (no .NET stack trace reaches
/// the user). As in Wasmtime, <c>sharptime FILE</c> means <c>sharptime run FILE</c>.
/// </summary>
internal static class CommandLine
{
    private static readonly string[] s_examples =
    [
        "sharptime hello.wasm                              run a WASI command",
        "sharptime run --invoke add add.wat 1 2            call an export, print its results",
        "sharptime run --dir ./data::/data --env HOME=/ app.wasm --verbose in.txt",
        "                                                  preopen a folder, set a variable, pass arguments",
        "sharptime run --preload env=lib.wasm main.wasm    satisfy imports from another module",
        "sharptime compile app.wasm -o app.cwasm           compile ahead of time...",
        "sharptime run --allow-precompiled app.cwasm       ...and run without generating code",
        "sharptime wast tests/spec/                        run spec scripts",
        "sharptime config new                              write a commented configuration file",
        "eval \"$(sharptime completions bash)\"              complete commands and options in bash",
    ];

    public static int Run(string[] args)
    {
        try
        {
            var root = Create();
            var parse = root.Parse(WithImplicitRun(args, root));
            if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine($"Error: {error.Message}");
                Console.Error.WriteLine("\nFor more information, try '--help'.");
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Stdout first: what the guest printed before failing comes before the error, as in a terminal.
            try { Console.Out.Flush(); } catch (IOException) { }
            return ErrorReport.Report(e, Console.Error);
        }
    }

    public static RootCommand Create()
    {
        var root = new RootCommand("Sharptime: a standalone WebAssembly runtime for .NET, with WASI")
        {
            RunCommand.Create(),
            CompileCommand.Create(),
            WastCommand.Create(),
            ConfigCommand.Create(),
            CompletionsCommand.Create(),
            Loading.CacheStoreCommand.Create(),
        };
        root.HelpName = "sharptime";
        foreach (var option in root.Options)
        {
            if (option is VersionOption) option.Action = new PrintVersion();
            if (option is HelpOption { Action: HelpAction help }) option.Action = new HelpWithExamples(help);
        }
        return root;
    }

    /// <summary>
    /// <c>sharptime FILE ...</c> and <c>sharptime --dir . FILE</c> are runs: "run" goes in front
    /// unless the first word is a subcommand, or help or version asked of the root.
    /// </summary>
    public static string[] WithImplicitRun(string[] args, RootCommand root)
    {
        if (args.Length == 0) return ["--help"];
        var first = args[0];
        if (root.Subcommands.Any(c => c.Name == first)) return args;
        if (first is "-h" or "--help" or "-?" or "/?" or "--version" || first.StartsWith('[')) return args;
        return [RunCommand.Name, .. args];
    }

    public static string Version
    {
        get
        {
            var assembly = typeof(Engine).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "unknown";
            // The SDK appends "+<commit>"; keep a short form of it, as `wasmtime --version` shows its commit.
            int plus = informational.IndexOf('+');
            if (plus >= 0 && informational.Length - plus > 10) informational = $"{informational[..plus]} ({informational[(plus + 1)..(plus + 10)]})";
            return informational;
        }
    }

    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            Console.Out.WriteLine($"sharptime {Version} (.NET {Environment.Version})");
            return ExitCodes.Success;
        }
    }

    /// <summary>The standard help, then examples after the root's and run's help.</summary>
    private sealed class HelpWithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int code = standard.Invoke(parseResult);
            var command = parseResult.CommandResult.Command;
            if (command is RootCommand || command.Name == RunCommand.Name)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var line in s_examples) output.WriteLine("  " + line);
                output.WriteLine();
                output.WriteLine("Exit status: the guest's proc_exit code; 134 when it traps; 1 for errors loading,");
                output.WriteLine("compiling or linking the module; 2 for a malformed command line.");
                output.WriteLine("Environment: SHARPTIME_LOG=wasi,cache,time (or debug, trace) logs WASI calls, cache");
                output.WriteLine("decisions and stage timings to stderr; SHARPTIME_CONFIG and SHARPTIME_CACHE_DIR move the");
                output.WriteLine("configuration file and the cache.");
            }
            return code;
        }
    }
}
