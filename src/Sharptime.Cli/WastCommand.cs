using System.CommandLine;
using Sharptime.Wast;

namespace Sharptime.Cli;

/// <summary><c>sharptime wast FILE|DIR...</c>: runs spec scripts, one line per file, then the totals.</summary>
internal static class WastCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = ".wast files, or folders searched for them", Arity = ArgumentArity.OneOrMore };
        var failures = new Option<int>("--show-failures") { Description = "How many failures to print per file", DefaultValueFactory = _ => 5 };
        var wasm3 = new Option<bool>("--wasm3") { Description = "Accept WebAssembly 3.0 modules (default: 2.0)" };
        var command = new Command("wast", "Run WebAssembly spec scripts (.wast)") { paths, failures, wasm3 };
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(failures),
            new Config { Features = result.GetValue(wasm3) ? Validation.WasmFeatures.Wasm3 : Validation.WasmFeatures.Wasm2 }));
        return command;
    }

    private static int Run(string[] paths, int showFailures, Config config)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.wast", SearchOption.AllDirectories);
                Array.Sort(found, StringComparer.Ordinal);
                files.AddRange(found);
            }
            else if (File.Exists(path)) files.Add(path);
            else
            {
                Console.Error.WriteLine($"error: no such file or folder: {path}");
                return 1;
            }
        }

        int passed = 0, failed = 0, failedFiles = 0;
        foreach (var file in files)
        {
            var result = WastRunner.RunFile(file, config);
            passed += result.Passed;
            failed += result.Failed;
            if (!result.Success) failedFiles++;
            Console.WriteLine($"{(result.Success ? "ok  " : "FAIL")} {file}: {result.Passed} passed, {result.Failed} failed");
            foreach (var failure in result.Failures.Take(showFailures)) Console.WriteLine($"       {failure}");
        }
        Console.WriteLine($"{passed} passed, {failed} failed ({files.Count} files, {failedFiles} with failures)");
        return failed == 0 ? 0 : 1;
    }
}
