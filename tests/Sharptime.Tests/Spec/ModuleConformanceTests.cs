using Sharptime.Text.Wast;
using Xunit.Abstractions;

namespace Sharptime.Tests.Spec;

/// <summary>
/// The decode and validate half of the spec testsuite: every module of every script is decoded or
/// parsed and validated, and every assert_malformed / assert_invalid is rejected, with no skip list
/// for WebAssembly 2.0.
/// </summary>
public class ModuleConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Wasm2Scripts => SharedFiles.SpecScriptData("wasm-2.0");
    public static TheoryData<string> Wasm3Scripts => SharedFiles.SpecScriptData("wasm-3.0");

    [Theory]
    [MemberData(nameof(Wasm2Scripts))]
    public void Wasm2_script_modules_conform(string script) => Check("wasm-2.0", script, wasm2: true);

    [Theory]
    [MemberData(nameof(Wasm3Scripts))]
    public void Wasm3_script_modules_conform(string script)
    {
        if (Wasm3KnownGaps.Reasons.TryGetValue(script.Replace('\\', '/'), out var reason))
        {
            output.WriteLine($"known gap, not checked: {reason}");
            return;
        }
        Check("wasm-3.0", script, wasm2: false);
    }

    private void Check(string suite, string script, bool wasm2)
    {
        if (script == SharedFiles.MissingMarker) return; // only outside CI: SharedFiles throws under CI=true
        var path = Path.Combine(SharedFiles.Find(Path.Combine("spec-testsuite", suite))!, script);
        var conformance = new ModuleConformance(wasm2);
        conformance.Run(WastScript.ParseFile(path));

        output.WriteLine($"{script}: {conformance.Passed} module checks passed, {conformance.Failures.Count} failed, {conformance.ReasonMismatches.Count} with another reason");
        foreach (var m in conformance.ReasonMismatches) output.WriteLine("  reason: " + m);
        foreach (var f in conformance.Failures) output.WriteLine("  FAIL: " + f);
        Assert.True(conformance.Failures.Count == 0, $"{script}: {string.Join("\n", conformance.Failures.Take(20))}");
    }
}

/// <summary>
/// wasm-3.0 scripts whose module-level checks do not pass yet, each with its reason. Everything not
/// listed here must pass; remove an entry as soon as its file does.
/// </summary>
internal static class Wasm3KnownGaps
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
    };
}
