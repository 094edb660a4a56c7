using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Text;
using Sharptime.Text.Wast;
using Sharptime.Validation;
using Xunit.Abstractions;

namespace Sharptime.Tests.Validation;

/// <summary>
/// Runs the validator over every module of the spec scripts: each assert_invalid module must fail with
/// a message starting with the expected text; each module the script uses (module, assert_unlinkable,
/// assert_uninstantiable, assert_trap on instantiation) must pass. Modules the text parser or decoder
/// rejects are counted and left to their own tests: only the validator's verdict is judged here.
/// </summary>
public class SpecValidationTests(ITestOutputHelper output)
{
    /// <summary>Scripts or lines where the verdict is known to differ, with the reason; empty when all pass.</summary>
    private static readonly Dictionary<string, string> s_knownDifferences = new(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> Wasm2Scripts => SharedFiles.SpecScriptData("wasm-2.0");
    public static TheoryData<string> Wasm3Scripts => SharedFiles.SpecScriptData("wasm-3.0");

    [Theory]
    [MemberData(nameof(Wasm2Scripts))]
    public void Wasm2(string script) => Run("wasm-2.0", script, WasmFeatures.Wasm2, new TextParserOptions { Wasm20Compatible = true });

    [Theory]
    [MemberData(nameof(Wasm3Scripts))]
    public void Wasm3(string script) => Run("wasm-3.0", script, WasmFeatures.Wasm3, TextParserOptions.Default);

    /// <summary>What the validator said about each module of a script, and what it should have said.</summary>
    internal sealed record Outcome(int Checked, int NotParsed, List<string> Failures);

    internal static Outcome Check(string path, WasmFeatures features, TextParserOptions textOptions)
    {
        var script = WastScript.ParseFile(path);
        var failures = new List<string>();
        int checkedCount = 0, notParsed = 0;
        foreach (var command in script.Commands)
        {
            (WastModule module, string? expectedError) = command switch
            {
                WastModuleCommand c => (c.Module, (string?)null),
                WastAssertInvalid c => (c.Module, c.Message),
                WastAssertUnlinkable c => (c.Module, null),
                WastAssertUninstantiable c => (c.Module, null),
                WastAssertTrap { Module: { } m } => (m, null),
                _ => (null!, null),
            };
            if (module is null) continue;

            WasmModule parsed;
            try
            {
                parsed = module.Kind == WastModuleKind.Binary ? ModuleDecoder.Decode(module.Bytes!) : module.ParseText(textOptions);
            }
            catch (WasmException)
            {
                notParsed++;
                continue;
            }

            checkedCount++;
            string? actual = null;
            try
            {
                ModuleValidator.Validate(parsed, new ValidationOptions { Features = features });
            }
            catch (InvalidModuleException e)
            {
                actual = e.Message;
            }
            catch (MalformedModuleException e)
            {
                // Bodies stay binary until validation reads them: a malformed body surfaces here.
                actual = "malformed: " + e.Message;
            }

            bool ok = expectedError is null ? actual is null : actual is not null && actual.StartsWith(expectedError, StringComparison.Ordinal);
            if (!ok)
                failures.Add($"line {command.Line}: expected {(expectedError is null ? "valid" : $"\"{expectedError}\"")}, got {(actual is null ? "valid" : $"\"{actual}\"")}");
        }
        return new Outcome(checkedCount, notParsed, failures);
    }

    private void Run(string suite, string script, WasmFeatures features, TextParserOptions textOptions)
    {
        if (script == SharedFiles.MissingMarker) return; // shared folder absent outside CI (SharedFiles throws under CI)
        var path = SharedFiles.Find(Path.Combine("spec-testsuite", suite, script))!;
        var outcome = Check(path, features, textOptions);
        output.WriteLine($"{suite}/{script}: {outcome.Checked} modules validated, {outcome.NotParsed} not parsed, {outcome.Failures.Count} wrong");
        foreach (var failure in outcome.Failures) output.WriteLine("  " + failure);
        if (s_knownDifferences.ContainsKey($"{suite}/{script}")) return;
        Assert.True(outcome.Failures.Count == 0, $"{suite}/{script}:\n" + string.Join("\n", outcome.Failures));
    }
}
