using System.Diagnostics;
using System.Text.Json;
using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Tests.Binary;
using Sharptime.Text;
using Sharptime.Text.Wast;
using Xunit.Abstractions;

namespace Sharptime.Tests.Text;

/// <summary>
/// Checks the text parser against an independent one, wabt (when its tools are installed): for the
/// wasm-2.0 scripts, every text module we parse must equal what wabt's wast2json makes of it (decoded
/// with our decoder), and wabt's wasm-validate must accept our encoding of every module the scripts define.
/// </summary>
public class WabtCrossCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void Text_modules_equal_wabts_translation()
    {
        var wast2json = FindTool("wast2json");
        var files = SharedFiles.SpecScripts("wasm-2.0");
        if (wast2json is null || files.Count == 0)
        {
            // .ci/run installs wabt, so under CI a missing tool is a failure, not a quiet pass.
            Assert.False(SharedFiles.IsCI && wast2json is null, "CI=true but wabt's wast2json is not installed");
            output.WriteLine("wast2json or the spec scripts are missing: not checked");
            return;
        }
        var options = new TextParserOptions { Wasm20Compatible = true, RecordNames = false };
        int same = 0, skippedScripts = 0;
        var failures = new List<string>();
        var work = Directory.CreateTempSubdirectory("sharptime-wabt-");
        try
        {
            foreach (var file in files)
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var dir = Directory.CreateDirectory(Path.Combine(work.FullName, name)).FullName;
                var json = Path.Combine(dir, name + ".json");
                // wabt cannot read a few scripts (newer syntax); those are simply not compared.
                if (Run(wast2json, $"--enable-all \"{file}\" -o \"{json}\"", dir) != 0 || !File.Exists(json))
                {
                    skippedScripts++;
                    continue;
                }
                var wabtByLine = new Dictionary<int, string>();
                foreach (var command in JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("commands").EnumerateArray())
                    if (command.TryGetProperty("filename", out var f) && f.GetString() is { } fn && fn.EndsWith(".wasm", StringComparison.Ordinal))
                        wabtByLine[command.GetProperty("line").GetInt32()] = Path.Combine(dir, fn);

                foreach (var command in WastScript.ParseFile(file).Commands)
                {
                    if (command is not WastModuleCommand { Module.Kind: WastModuleKind.Text } mc) continue;
                    if (!wabtByLine.TryGetValue(command.Line, out var wasm)) continue;
                    var ours = mc.Module.ParseText(options);
                    var theirs = ModuleDecoder.Decode(File.ReadAllBytes(wasm));
                    if (Difference(ours, theirs) is { } d) failures.Add($"{name}.wast:{command.Line}: {d}");
                    else same++;
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        output.WriteLine($"{same} text modules equal to wabt's translation; {skippedScripts} scripts wabt cannot read; {failures.Count} differences");
        foreach (var f in failures) output.WriteLine("  " + f);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.True(same > 1000, $"only {same} modules compared");
    }

    [Fact]
    public void Wasm_validate_accepts_our_encoding()
    {
        var validate = FindTool("wasm-validate");
        var files = SharedFiles.SpecScripts("wasm-2.0");
        if (validate is null || files.Count == 0)
        {
            // .ci/run installs wabt, so under CI a missing tool is a failure, not a quiet pass.
            Assert.False(SharedFiles.IsCI && validate is null, "CI=true but wabt's wasm-validate is not installed");
            output.WriteLine("wasm-validate or the spec scripts are missing: not checked");
            return;
        }
        var options = new TextParserOptions { Wasm20Compatible = true };
        int accepted = 0;
        var failures = new List<string>();
        var dir = Directory.CreateTempSubdirectory("sharptime-validate-");
        try
        {
            foreach (var file in files)
            {
                // Every module the script defines (valid by the spec), not only the first.
                var modules = WastScript.ParseFile(file).Commands.OfType<WastModuleCommand>()
                    .Where(c => c.Module.Kind == WastModuleKind.Text);
                foreach (var command in modules)
                {
                    var path = Path.Combine(dir.FullName, $"{Path.GetFileNameWithoutExtension(file)}-{command.Line}.wasm");
                    File.WriteAllBytes(path, ModuleEncoder.Encode(command.Module.ParseText(options)));
                    var name = $"{Path.GetFileName(file)}:{command.Line}";
                    // wabt's default features are exactly WebAssembly 2.0 (--enable-all would type ref.func
                    // as a typed function reference and contradict the 2.0 rules).
                    if (Run(validate, $"\"{path}\"", dir.FullName, out var why) == 0) accepted++;
                    else if (WabtLimitations.ContainsKey(name)) output.WriteLine($"{name}: wabt limitation: {WabtLimitations[name]}");
                    else failures.Add($"{name}: {why.Trim()}");
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        output.WriteLine($"wasm-validate accepted {accepted} encodings; rejected: {string.Join("\n", failures)}");
        Assert.Empty(failures);
    }

    /// <summary>Spec modules that wabt 1.0.32 itself cannot read, each with the reason.</summary>
    private static readonly Dictionary<string, string> WabtLimitations = new()
    {
        ["elem.wast:682"] = "an element expression 'global.get', which the 2.0 spec allows; wabt reads only ref.null and ref.func there",
    };

    /// <summary>
    /// The first difference that matters. Not compared: names and custom sections (wabt writes none
    /// unless asked), the data count (wabt writes one more often than needed), and the element type
    /// of function-index segments, where wabt's binary form decodes as (ref func) and the text
    /// format's table abbreviation gives the table's type.
    /// </summary>
    private static string? Difference(WasmModule ours, WasmModule theirs)
    {
        theirs.Names = null;
        ours.Names = null;
        theirs.CustomSections.Clear();
        theirs.DataCount = ours.DataCount;
        for (int i = 0; i < Math.Min(ours.Elements.Count, theirs.Elements.Count); i++)
        {
            var (a, b) = (ours.Elements[i], theirs.Elements[i]);
            bool funcKinds = a.ElementType.IsRef && b.ElementType.IsRef && a.ElementType.Heap == HeapType.Func && b.ElementType.Heap == HeapType.Func;
            if (funcKinds && a.ElementType != b.ElementType)
                theirs.Elements[i] = new ElementSegment { Mode = b.Mode, ElementType = a.ElementType, Items = b.Items, TableIndex = b.TableIndex, Offset = b.Offset };
        }
        return ModuleEquality.FindDifference(ours, theirs);
    }

    private static string? FindTool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static int Run(string tool, string arguments, string workingDirectory) => Run(tool, arguments, workingDirectory, out _);

    private static int Run(string tool, string arguments, string workingDirectory, out string stderr)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        errors.Wait();
        process.WaitForExit();
        stderr = errors.Result;
        return process.ExitCode;
    }
}
