using System.CommandLine;
using System.Globalization;
using Sharptime.Model;

namespace Sharptime.Cli;

/// <summary>
/// <c>sharptime run FILE [--invoke NAME] [ARGS...]</c>: instantiates a module (no imports yet) and
/// calls an export with arguments parsed by its parameter types, printing the results.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A .wasm or .wat module" };
        var invoke = new Option<string?>("--invoke") { Description = "The exported function to call (default: _start)" };
        var arguments = new Argument<string[]>("args") { Description = "Arguments of the invoked function", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("run", "Run a WebAssembly module") { file, invoke, arguments };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(invoke), result.GetValue(arguments) ?? []));
        return command;
    }

    private static int Run(string path, string? invokeName, string[] arguments)
    {
        try
        {
            var engine = new Engine();
            var store = new Store(engine);
            var module = Module.FromFile(engine, path);
            var instance = new Linker(engine).Instantiate(store, module);
            var name = invokeName ?? "_start";
            var function = instance.GetFunction(name);
            if (function is null)
            {
                if (invokeName is null) return 0;
                Console.Error.WriteLine($"error: no exported function \"{name}\"");
                return 1;
            }
            if (arguments.Length != function.Parameters.Count)
            {
                Console.Error.WriteLine($"error: \"{name}\" takes {function.Parameters.Count} arguments, {arguments.Length} given");
                return 1;
            }
            var args = new object?[arguments.Length];
            for (int i = 0; i < args.Length; i++) args[i] = Parse(arguments[i], function.Parameters[i]);
            foreach (var value in function.InvokeAll(args)) Console.WriteLine(Format(value));
            return 0;
        }
        catch (TrapException trap)
        {
            Console.Error.WriteLine($"error: {trap.Describe()}");
            return 134;
        }
        catch (Exception e) when (e is WasmException or IOException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static object Parse(string text, ValType type) => type.Kind switch
    {
        ValTypeKind.I32 => text.StartsWith('-') ? int.Parse(text, CultureInfo.InvariantCulture) : unchecked((int)uint.Parse(text, CultureInfo.InvariantCulture)),
        ValTypeKind.I64 => text.StartsWith('-') ? long.Parse(text, CultureInfo.InvariantCulture) : unchecked((long)ulong.Parse(text, CultureInfo.InvariantCulture)),
        ValTypeKind.F32 => float.Parse(text, CultureInfo.InvariantCulture),
        ValTypeKind.F64 => double.Parse(text, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"cannot pass {type} arguments from the command line"),
    };

    private static string Format(object? value) => value switch
    {
        null => "null",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
