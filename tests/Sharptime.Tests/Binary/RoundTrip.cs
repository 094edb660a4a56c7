using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Binary;

public static class RoundTrip
{
    /// <summary>
    /// decode(encode(m)) equals m, and encoding is a fixed point from there on: the encoder's output
    /// decodes and re-encodes to the same bytes.
    /// </summary>
    public static void AssertRoundTrips(WasmModule module, string what)
    {
        var bytes = ModuleEncoder.Encode(module);
        var decoded = ModuleDecoder.Decode(bytes);
        if (ModuleEquality.FindDifference(module, decoded) is { } difference)
            Assert.Fail($"{what}: decode(encode(m)) differs from m: {difference}");
        var again = ModuleEncoder.Encode(decoded);
        Assert.True(bytes.AsSpan().SequenceEqual(again), $"{what}: encoding is not stable");
    }
}
