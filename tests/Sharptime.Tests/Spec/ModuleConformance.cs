using Sharptime.Binary;
using Sharptime.Text;
using Sharptime.Text.Wast;
using Sharptime.Validation;

namespace Sharptime.Tests.Spec;

/// <summary>
/// Checks one spec script at the module level (no execution): every module the script defines must
/// decode or parse and validate; every <c>assert_malformed</c> must be rejected as malformed, and every
/// <c>assert_invalid</c> as invalid. Function bodies stay bytes until the validator reads them, so a
/// malformed body is found during validation: what counts is the kind of error, not the stage.
/// Rejections whose reason differs from the script's text are counted apart.
/// </summary>
internal sealed class ModuleConformance(bool wasm2)
{
    private enum Outcome { Valid, Malformed, Invalid }

    private readonly TextParserOptions _text = new() { Wasm20Compatible = wasm2 };
    private readonly DecoderOptions? _decoding = wasm2 ? DecoderOptions.Wasm20 : null;
    private readonly ValidationOptions _validation = new()
    {
        Features = wasm2 ? WasmFeatures.Wasm2 : WasmFeatures.Wasm3,
        Decoding = wasm2 ? DecoderOptions.Wasm20 : null,
        Parallel = false,
    };

    public int Passed { get; private set; }
    public List<string> Failures { get; } = [];
    /// <summary>Rejections whose reason does not contain the script's expected text.</summary>
    public List<string> ReasonMismatches { get; } = [];

    public void Run(WastScript script)
    {
        foreach (var command in script.Commands)
        {
            switch (command)
            {
                case WastModuleCommand c: Expect(c.Module, Outcome.Valid, null); break;
                case WastAssertUnlinkable c: Expect(c.Module, Outcome.Valid, null); break;
                case WastAssertUninstantiable c: Expect(c.Module, Outcome.Valid, null); break;
                case WastAssertTrap { Module: { } module }: Expect(module, Outcome.Valid, null); break;
                case WastAssertMalformed c: Expect(c.Module, Outcome.Malformed, c.Message); break;
                case WastAssertInvalid c: Expect(c.Module, Outcome.Invalid, c.Message); break;
            }
        }
    }

    private void Expect(WastModule module, Outcome expected, string? reason)
    {
        Outcome actual;
        string message = "";
        try
        {
            var loaded = module.Kind == WastModuleKind.Binary ? ModuleDecoder.Decode(module.Bytes!, _decoding) : module.ParseText(_text);
            ModuleValidator.Validate(loaded, _validation);
            actual = Outcome.Valid;
        }
        catch (Exception e) when (e is MalformedModuleException or TextFormatException)
        {
            (actual, message) = (Outcome.Malformed, e.Message);
        }
        catch (InvalidModuleException e)
        {
            (actual, message) = (Outcome.Invalid, e.Message);
        }
        catch (Exception e)
        {
            // Bad input must never end in anything but the library's own errors.
            Failures.Add($"line {module.Line}: {e.GetType().Name} escaped: {e.Message}");
            return;
        }

        if (actual != expected)
        {
            Failures.Add($"line {module.Line}: expected {Describe(expected, reason)}, was {actual.ToString().ToLowerInvariant()}{(message.Length > 0 ? ": " + message : "")}");
            return;
        }
        Passed++;
        if (reason is not null && !message.Contains(reason, StringComparison.Ordinal))
            ReasonMismatches.Add($"line {module.Line}: expected \"{reason}\", got \"{message}\"");
    }

    private static string Describe(Outcome outcome, string? reason) =>
        outcome.ToString().ToLowerInvariant() + (reason is null ? "" : $" (\"{reason}\")");
}
