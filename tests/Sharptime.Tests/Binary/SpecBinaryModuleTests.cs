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
    /// <summary>
    /// WebAssembly 2.0 expectations that 3.0 changed (the 3.0 suite has the new expectations for the
    /// same bytes); the decoder follows 3.0. Each group says what changed.
    /// </summary>
    private static readonly HashSet<(string File, int Line)> s_superseded2 =
    [
        // memory.size/grow take a memory index in 3.0 (multi-memory), not a reserved zero byte.
        .. Lines("binary.wast", 126, 146, 166, 185, 204, 224, 243, 262, 280, 298),
        // Memargs have a memory-index flag (bit 6) in 3.0: flags 64..127 are well-formed.
        .. Lines("align.wast", 892, 911, 930, 949, 968),
        // Limits are u64 in 3.0 (memory64): 10-byte minimums are well-formed or "too large", not
        // "too long", and 5-byte ones with unused bits are just large numbers.
        .. Lines("binary-leb128.wast", 218, 226, 526, 534, 542, 551, 731, 751, 846, 866),
        // Limits flags are one byte in 3.0 (bit 1 shared, bit 2 64-bit), not a u32 LEB that must be 0 or 1.
        .. Lines("binary.wast", 805, 814, 824, 852, 860, 869, 878),
        // Import kind 4 is a tag in 3.0 (exception handling), so the import reads on and runs out.
        .. Lines("binary.wast", 680, 690),
        // 0x0A, which 2.0 found illegal after a constant expression without `end`, is throw_ref in 3.0.
        .. Lines("binary.wast", 113),
    ];

    private static IEnumerable<(string, int)> Lines(string file, params int[] lines) => lines.Select(l => (file, l));

    [Theory]
    [InlineData("wasm-3.0")]
    [InlineData("wasm-2.0")]
    public void Binary_modules_of_the_spec_decode_as_the_spec_expects(string suite)
    {
        var cases = BinaryWastCases.OfSuite(suite);
        if (cases.Count == 0) return; // shared folder absent outside CI: nothing to check

        int passed = 0, superseded = 0;
        var failures = new List<string>();
        foreach (var c in cases)
        {
            string? error = Run(c);
            if (error is null) passed++;
            else if (suite == "wasm-2.0" && s_superseded2.Contains((Path.GetFileName(c.File), c.Line))) superseded++;
            else failures.Add($"{c}: {error}");
        }
        output.WriteLine($"{suite}: {passed} binary modules as expected, {superseded} superseded by 3.0, {failures.Count} failures");
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
            try { module = ModuleDecoder.Decode(c.Bytes); }
            catch (MalformedModuleException) { continue; } // reported by the test above
            RoundTrip.AssertRoundTrips(module, c.ToString());
            count++;
        }
        output.WriteLine($"{suite}: {count} modules round-tripped");
    }

    /// <summary>Null when the case behaves as expected, else what happened.</summary>
    private static string? Run(BinaryWastCase c)
    {
        try
        {
            var module = ModuleDecoder.Decode(c.Bytes);
            BodyStructure.Check(module);
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
