using System.Diagnostics;
using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Validation;
using Xunit.Abstractions;

namespace Sharptime.Tests.Binary;

/// <summary>
/// Seeded fuzzing of the decoder: every truncation and thousands of random mutations of valid
/// modules must end in a decoded module or a <see cref="MalformedModuleException"/>; never in any other
/// exception. What decodes must also survive the body-level checks, the validator (a
/// <see cref="WasmException"/> or success) and a round trip through the encoder.
/// </summary>
public class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerSeed = 1500;

    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Fixtures.All()) data.Add(name);
        return data;
    }

    private static byte[] Seed(string name) => Fixtures.All().First(f => f.Name == name).Bytes;

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Seeds_are_valid_and_round_trip(string name)
    {
        var module = ModuleDecoder.Decode(Seed(name));
        BodyStructure.Check(module);
        ModuleValidator.Validate(module);
        RoundTrip.AssertRoundTrips(module, name);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_truncation_is_malformed_or_decodes(string name)
    {
        var bytes = Seed(name);
        var failures = new List<string>();
        int malformed = 0;
        for (int length = 0; length < bytes.Length; length++)
        {
            if (Check(bytes.AsMemory(0, length), $"{name} truncated to {length}", failures)) continue;
            malformed++;
        }
        output.WriteLine($"{name}: {bytes.Length} truncations, {malformed} malformed");
        Assert.Empty(failures);
        Assert.True(malformed > bytes.Length / 2, "most truncations should be malformed");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_mutations_are_malformed_or_decode(string name)
    {
        var seed = Seed(name);
        var random = new Random(StableHash(name));
        var failures = new List<string>();
        int decoded = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < MutationsPerSeed; i++)
        {
            var (bytes, how) = Mutate(seed, random);
            if (Check(bytes, $"{name} mutation {i} ({how})", failures)) decoded++;
            if (failures.Count >= 20) break;
        }
        output.WriteLine($"{name}: {MutationsPerSeed} mutations, {decoded} decoded, {watch.ElapsedMilliseconds} ms");
        Assert.Empty(failures);
    }

    /// <summary>string.GetHashCode differs between runs; a failure must reproduce.</summary>
    private static int StableHash(string s)
    {
        int hash = 0x5EED;
        foreach (char c in s) hash = hash * 31 + c;
        return hash;
    }

    /// <summary>
    /// Decodes, checks bodies, validates and round-trips; true if the bytes made a module. Any
    /// exception other than the library's own is recorded as a failure.
    /// </summary>
    private static bool Check(ReadOnlyMemory<byte> bytes, string what, List<string> failures)
    {
        WasmModule module;
        try
        {
            module = ModuleDecoder.Decode(bytes);
        }
        catch (MalformedModuleException)
        {
            return false;
        }
        catch (Exception e)
        {
            failures.Add($"{what}: decoder threw {e.GetType().Name}: {e.Message}");
            return false;
        }
        try
        {
            RoundTrip.AssertRoundTrips(module, what);
        }
        catch (Exception e)
        {
            failures.Add($"{what}: round trip: {e.GetType().Name}: {e.Message}");
        }
        try
        {
            BodyStructure.Check(module);
            ModuleValidator.Validate(module);
        }
        catch (WasmException e) when (!e.Message.Contains("validator error", StringComparison.Ordinal))
        {
        }
        catch (Exception e)
        {
            failures.Add($"{what}: validation threw {e.GetType().Name}: {e.Message}");
        }
        return true;
    }

    /// <summary>One random change: bit flips, an interesting byte, an insertion, a deletion or a duplicated run.</summary>
    private static (byte[] Bytes, string How) Mutate(byte[] seed, Random random)
    {
        // Leave the 8-byte header alone most of the time: mutations there only test the magic check.
        int Position(int length) => length <= 8 || random.Next(16) == 0 ? random.Next(length) : 8 + random.Next(length - 8);
        var bytes = (byte[])seed.Clone();
        switch (random.Next(5))
        {
            case 0:
            {
                int flips = 1 + random.Next(3);
                for (int i = 0; i < flips; i++) bytes[Position(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return (bytes, $"{flips} bit flips");
            }
            case 1:
            {
                ReadOnlySpan<byte> interesting = [0x00, 0x01, 0x0B, 0x40, 0x7F, 0x80, 0xFF, 0x60, 0x70, 0x64, 0x63, 0x4E, 0x50];
                int at = Position(bytes.Length);
                bytes[at] = interesting[random.Next(interesting.Length)];
                return (bytes, $"byte {at} = {bytes[at]:x2}");
            }
            case 2:
            {
                int at = Position(bytes.Length + 1);
                byte value = (byte)random.Next(256);
                return ([.. seed.AsSpan(0, at), value, .. seed.AsSpan(at)], $"insert {value:x2} at {at}");
            }
            case 3:
            {
                int at = Position(bytes.Length);
                int count = 1 + random.Next(Math.Min(8, bytes.Length - at));
                return ([.. seed.AsSpan(0, at), .. seed.AsSpan(at + count)], $"delete {count} at {at}");
            }
            default:
            {
                int at = Position(bytes.Length);
                int count = 1 + random.Next(Math.Min(16, bytes.Length - at));
                return ([.. seed.AsSpan(0, at + count), .. seed.AsSpan(at, count), .. seed.AsSpan(at + count)], $"duplicate {count} at {at}");
            }
        }
    }
}
