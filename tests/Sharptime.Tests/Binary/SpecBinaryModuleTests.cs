using Sharptime.Binary;
using Sharptime.Model;
using Xunit.Abstractions;

namespace Sharptime.Tests.Binary;

/// <summary>
/// Every <c>(module binary ...)</c> of the spec testsuite: those in <c>assert_malformed</c> must fail to
/// decode with the expected message (as a prefix, the way the spec's own runner matches), all others
/// must decode. Decoding here is the module decoder plus <see cref="BodyStructure"/>, the body-level
/// checks the validator performs.
/// </summary>
public class SpecBinaryModuleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("wasm-3.0")]
    [InlineData("wasm-2.0")]
    public void Binary_modules_of_the_spec_decode_as_the_spec_expects(string suite)
    {
        var cases = BinaryWastCases.OfSuite(suite);
        if (cases.Count == 0) return; // shared folder absent outside CI: nothing to check

        var options = Options(suite);
        int passed = 0;
        var failures = new List<string>();
        foreach (var c in cases)
        {
            string? error = Run(c, options);
            if (error is null) passed++;
            else failures.Add($"{c}: {error}");
        }
        output.WriteLine($"{suite}: {passed} binary modules as expected, {failures.Count} failures");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(passed > 0, "no binary modules found");
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("wasm-3.0")]
    [InlineData("wasm-2.0")]
    public void Decodable_binary_modules_of_the_spec_survive_a_round_trip(string suite)
    {
        int count = 0;
        foreach (var c in BinaryWastCases.OfSuite(suite))
        {
            if (c.Expectation != BinaryExpectation.Decodes) continue;
            WasmModule module;
            try { module = ModuleDecoder.Decode(c.Bytes, Options(suite)); }
            catch (MalformedModuleException) { continue; } // reported by the test above
            RoundTrip.AssertRoundTrips(module, c.ToString());
            count++;
        }
        output.WriteLine($"{suite}: {count} modules round-tripped");
    }

    /// <summary>The 2.0 suite is decoded as 2.0, where 3.0 gave meaning to bytes 2.0 rejected.</summary>
    private static DecoderOptions Options(string suite) => suite == "wasm-2.0" ? DecoderOptions.Wasm20 : DecoderOptions.Default;

    /// <summary>Null when the case behaves as expected, else what happened.</summary>
    private static string? Run(BinaryWastCase c, DecoderOptions options)
    {
        try
        {
            var module = ModuleDecoder.Decode(c.Bytes, options);
            BodyStructure.Check(module, options);
            return c.Expectation == BinaryExpectation.Malformed ? "decoded, but should be malformed" : null;
        }
        catch (MalformedModuleException e)
        {
            if (c.Expectation == BinaryExpectation.Decodes) return $"should decode, got {e.Message}";
            return e.Reason.StartsWith(c.Message!, StringComparison.Ordinal) ? null : $"wrong message: {e.Message}";
        }
        catch (Exception e)
        {
            return $"unexpected {e.GetType().Name}: {e.Message}";
        }
    }
}
