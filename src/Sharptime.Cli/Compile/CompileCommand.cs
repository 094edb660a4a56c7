using System.CommandLine;
using Sharptime.Binary;
using Sharptime.Cli.Errors;
using Sharptime.Cli.Loading;
using Sharptime.Compilation.Persistence;
using Sharptime.Text;

namespace Sharptime.Cli.Compile;

/// <summary>
/// <c>sharptime compile FILE [-o OUT]</c>: validates and compiles a module ahead of time into a
/// precompiled file that <c>sharptime run --allow-precompiled OUT</c> runs without generating code.
/// The code is IL, then compiled to native code by crossgen2 (ReadyToRun) when crossgen2 can be
/// found, so the JIT has nothing to do at run time for the functions it compiled.
/// </summary>
internal static class CompileCommand
{
    public const string DefaultExtension = ".cwasm";

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The module to compile (.wasm or .wat)" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the precompiled module (default: FILE with the extension .cwasm)", HelpName = "OUT" };
        var native = new Option<NativeMode>("--native")
        {
            Description = "Compile the code to native code with crossgen2 (ReadyToRun): auto uses it when it is found ($SHARPTIME_CROSSGEN2 or the NuGet package cache)",
            DefaultValueFactory = _ => NativeMode.Auto,
        };
        var command = new Command("compile", "Compile a module ahead of time, for `run --allow-precompiled`") { file, output, native };
        command.SetAction(result =>
        {
            var input = result.GetValue(file)!;
            var outPath = result.GetValue(output) ?? Path.ChangeExtension(input, DefaultExtension);
            return Run(input, outPath, result.GetValue(native));
        });
        return command;
    }

    private static int Run(string input, string outPath, NativeMode native)
    {
        if (Path.GetFullPath(input) == Path.GetFullPath(outPath))
            throw new UsageException($"the output '{outPath}' would overwrite the input");
        var bytes = ModuleLoader.Read(input);
        var name = Path.GetFileNameWithoutExtension(input);
        var engine = new Engine();
        var crossgen = native == NativeMode.Never ? null : Crossgen.Find();
        if (crossgen is null && native == NativeMode.Always)
            throw new UsageException("--native always: crossgen2 was not found (set SHARPTIME_CROSSGEN2 to its path, or restore the package microsoft.netcore.app.crossgen2." + Crossgen.RuntimeIdentifier + ")");
        var precompiled = CliFailure.Stage($"failed to compile '{input}'", () =>
        {
            var wasm = ModuleFiles.KindOf(bytes) switch
            {
                ModuleFileKind.Binary => bytes,
                ModuleFileKind.Precompiled => throw new UsageException($"'{input}' is already precompiled"),
                _ => ModuleEncoder.Encode(WatParser.ParseModule(ModuleLoader.DecodeText(input, bytes))),
            };
            return ModulePersistence.Precompile(engine, name, wasm, forReadyToRun: crossgen is not null);
        });

        CliFailure.Stage($"failed to write '{outPath}'", () =>
        {
            if (crossgen is null)
            {
                WriteAtomically(outPath, precompiled);
                if (native == NativeMode.Auto)
                    Console.Error.WriteLine("note: crossgen2 not found; the precompiled module holds IL, which the JIT compiles as functions are first called");
                return;
            }
            var temporary = Path.Combine(Path.GetTempPath(), $"sharptime-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(temporary);
            try
            {
                var ilPath = Path.Combine(temporary, "il.dll");
                var nativePath = Path.Combine(temporary, "native.dll");
                File.WriteAllBytes(ilPath, precompiled);
                crossgen.Compile(ilPath, nativePath);
                WriteAtomically(outPath, File.ReadAllBytes(nativePath));
            }
            finally
            {
                try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
            }
        });
        return ExitCodes.Success;
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        var temporary = path + ".tmp" + Environment.ProcessId;
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    internal enum NativeMode
    {
        Auto,
        Always,
        Never,
    }
}
