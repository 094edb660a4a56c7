using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sharptime.Validation;

namespace Sharptime.Compilation.Persistence;

/// <summary>
/// What a precompiled file says about itself (a JSON resource in it): the format, the Sharptime
/// build that wrote it, the module it was compiled from, and the settings its code depends on.
/// </summary>
internal sealed record PrecompiledHeader
{
    public const int CurrentFormat = 1;

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

    public static string HashOf(ReadOnlySpan<byte> wasm) => Convert.ToHexStringLower(SHA256.HashData(wasm));

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, HeaderJson.Default.PrecompiledHeader);

    public static PrecompiledHeader? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, HeaderJson.Default.PrecompiledHeader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = false)]
[JsonSerializable(typeof(PrecompiledHeader))]
internal sealed partial class HeaderJson : JsonSerializerContext;
