using System.Security.Cryptography;
using System.Text;
using Sharptime.Validation;

namespace Sharptime.Compilation.Persistence;

/// <summary>
/// What a precompiled file says about itself (a resource in it): the format, the Sharptime
/// build that wrote it, the module it was compiled from, and the settings its code depends on.
/// </summary>
internal sealed record PrecompiledHeader
{
    public const int CurrentFormat = 2;

    public int Format { get; init; } = CurrentFormat;
    public required string SharptimeVersion { get; init; }
    public required Guid BuildId { get; init; }

    /// <summary>SHA-256 of the binary module, lowercase hex.</summary>
    public required string ModuleHash { get; init; }

    public required string ModuleName { get; init; }

    /// <summary>The full name of the generated type holding the functions.</summary>
    public required string TypeName { get; init; }

    /// <summary>The proposals the module was validated with.</summary>
    public required WasmFeatures Features { get; init; }

    public bool ConsumeFuel { get; init; }

    public static string HashOf(ReadOnlySpan<byte> wasm) => LowercaseHex(SHA256.HashData(wasm));

    /// <summary>
    /// Bytes as lowercase hex. Not Convert.ToHexStringLower: the framework's ReadyToRun code lacks its
    /// vectorized encoder, which was JIT-compiled at every start (the cache key needs it before anything runs).
    /// </summary>
    public static string LowercaseHex(ReadOnlySpan<byte> bytes)
    {
        const string digits = "0123456789abcdef";
        Span<char> text = stackalloc char[2 * bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = digits[bytes[i] >> 4];
            text[2 * i + 1] = digits[bytes[i] & 0xF];
        }
        return new string(text);
    }

    // A BinaryWriter record, not JSON: System.Text.Json's first use cost 30 M instructions, 8 % of a
    // cached hello run (48 M in a bare process), and JsonSerializer before it JIT-compiled about a
    // hundred generic methods. The file's build must match exactly anyway, so the format only has
    // to be recognizable, not evolvable.

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write(BuildId.ToByteArray());
            writer.Write(SharptimeVersion);
            writer.Write(ModuleHash);
            writer.Write(ModuleName);
            writer.Write(TypeName);
            writer.Write((long)Features);
            writer.Write(ConsumeFuel);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// The header in <paramref name="bytes"/>, or null when it is not one. A header of another format
    /// comes back with only <see cref="Format"/> and <see cref="BuildId"/> meaningful (both lead every format).
    /// </summary>
    public static PrecompiledHeader? FromBytes(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            int format = reader.ReadInt32();
            var buildId = new Guid(reader.ReadBytes(16));
            if (format != CurrentFormat)
            {
                return new PrecompiledHeader
                {
                    Format = format, BuildId = buildId, SharptimeVersion = "unknown", ModuleHash = "", ModuleName = "", TypeName = "", Features = default,
                };
            }
            var header = new PrecompiledHeader
            {
                Format = format,
                BuildId = buildId,
                SharptimeVersion = reader.ReadString(),
                ModuleHash = reader.ReadString(),
                ModuleName = reader.ReadString(),
                TypeName = reader.ReadString(),
                Features = (WasmFeatures)reader.ReadInt64(),
                ConsumeFuel = reader.ReadBoolean(),
            };
            return reader.BaseStream.Position == bytes.Length ? header : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            return null;
        }
    }
}
