using Sharptime.Wast;

namespace Sharptime.Tests.Spec;

/// <summary>
/// Runs every script of the WebAssembly 2.0 and 3.0 spec testsuites through the engine: one test per
/// file, which passes only if every command and assertion of the file does, assert_exhaustion included.
/// </summary>
public class SpecRunTests
{
    public static TheoryData<string> Wasm2Scripts => SharedFiles.SpecScriptData("wasm-2.0");
    public static TheoryData<string> Wasm3Scripts => SharedFiles.SpecScriptData("wasm-3.0");

    [Theory]
    [MemberData(nameof(Wasm2Scripts))]
    public void Wasm2ScriptPasses(string script) => Run("wasm-2.0", script, new Config());

    [Theory]
    [MemberData(nameof(Wasm3Scripts))]
    public void Wasm3ScriptPasses(string script) =>
        Run("wasm-3.0", script, new Config { Features = Sharptime.Validation.WasmFeatures.Wasm3 });

    private static void Run(string suite, string script, Config config)
    {
        if (script == SharedFiles.MissingMarker) return;
        var path = Path.Combine(SharedFiles.Find(Path.Combine("spec-testsuite", suite))!, script);
        var result = WastRunner.RunFile(path, config);
        Assert.True(result.Success,
            $"{result.Passed} passed, {result.Failed} failed; first failures:\n" + string.Join("\n", result.Failures.Take(10)));
        Assert.True(result.Passed > 0, "the script ran no commands");
    }
}
