using System.CommandLine;

namespace Sharptime.Cli.Compile;

/// <summary><c>sharptime compile FILE -o OUT</c> (interim: refused until persistence lands).</summary>
internal static class CompileCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The module to compile (.wasm or .wat)" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the precompiled module (default: FILE with extension .cwasm)", HelpName = "OUT" };
        var command = new Command("compile", "Compile a module ahead of time, for `run --allow-precompiled`") { file, output };
        command.SetAction(int (_) => throw new WasmException("sharptime compile is not available in this build yet"));
        return command;
    }
}
