using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Tests.Binary;
using Sharptime.Text;
using Sharptime.Text.Wast;
using Xunit.Abstractions;

namespace Sharptime.Tests.Text;

/// <summary>
/// The text half of the spec testsuite, per script: the script parses; every text module that is not
/// expected to be malformed parses; every <c>assert_malformed</c> text module (quoted or not) fails
/// with a <see cref="TextFormatException"/> whose reason starts with the script's expected text; and
/// what we parse survives encode and decode unchanged.
/// </summary>
public class SpecTextTests(ITestOutputHelper output)
{
    [Fact]
    public void Wasm2_scripts_text() => CheckSuite("wasm-2.0", wasm2: true);

    [Fact]
    public void Wasm3_scripts_text() => CheckSuite("wasm-3.0", wasm2: false);

    internal sealed record TextCounts(int Parsed, int MalformedRejected, int RoundTripped, List<string> Failures);

    internal static TextCounts CheckScript(string path, bool wasm2)
    {
        var options = new TextParserOptions { Wasm20Compatible = wasm2 };
        var script = WastScript.ParseFile(path);
        int parsed = 0, rejected = 0, roundTripped = 0;
        var failures = new List<string>();
        foreach (var command in script.Commands)
        {
            var (module, malformedReason) = command switch
            {
                WastModuleCommand c => (c.Module, null),
                WastAssertInvalid c => (c.Module, null),
                WastAssertUnlinkable c => (c.Module, null),
                WastAssertUninstantiable c => (c.Module, null),
                WastAssertTrap { Module: { } m } => (m, null),
                WastAssertMalformed c => (c.Module, c.Message),
                _ => ((WastModule?)null, (string?)null),
            };
            if (module is null || module.Kind == WastModuleKind.Binary) continue;
            WasmModule parsedModule;
            try
            {
                parsedModule = module.ParseText(options);
            }
            catch (TextFormatException e)
            {
                if (malformedReason is null) failures.Add($"line {command.Line}: text module rejected: {e.Message}");
                else if (!e.Message.StartsWith(malformedReason, StringComparison.Ordinal))
                    failures.Add($"line {command.Line}: expected \"{malformedReason}\", got \"{e.Message}\"");
                else rejected++;
                continue;
            }
            if (malformedReason is not null)
            {
                failures.Add($"line {command.Line}: malformed text module accepted (expected \"{malformedReason}\")");
                continue;
            }
            parsed++;
            var decoded = ModuleDecoder.Decode(ModuleEncoder.Encode(parsedModule));
            if (ModuleEquality.FindDifference(parsedModule, decoded) is { } difference)
                failures.Add($"line {command.Line}: parse, encode, decode differs: {difference}");
            else roundTripped++;
        }
        return new TextCounts(parsed, rejected, roundTripped, failures);
    }

    private void CheckSuite(string suite, bool wasm2)
    {
        var files = SharedFiles.SpecScripts(suite);
        if (files.Count == 0) return; // only outside CI: SharedFiles throws under CI=true
        int parsed = 0, rejected = 0, roundTripped = 0;
        var failures = new List<string>();
        foreach (var file in files)
        {
            var counts = CheckScript(file, wasm2);
            parsed += counts.Parsed;
            rejected += counts.MalformedRejected;
            roundTripped += counts.RoundTripped;
            failures.AddRange(counts.Failures.Select(f => $"{Path.GetFileName(file)}: {f}"));
        }
        output.WriteLine($"{suite}: {files.Count} scripts; {parsed} text modules parsed; {rejected} malformed text modules rejected with the expected reason; {roundTripped} round-tripped through the binary encoder and decoder; {failures.Count} failures");
        foreach (var f in failures) output.WriteLine("  FAIL: " + f);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
        Assert.True(parsed > 0 && rejected > 0);
    }
}
