using System.Runtime.CompilerServices;

namespace Sharptime.Tests.Binary;

/// <summary>
/// The valid modules the binary tests start from: small .wasm files in <c>fixtures/</c> (made from the
/// .wat beside them with wat2wasm, or by binaryen's <c>wasm-opt -ttf</c> from random bytes) and the
/// GC fixture built in code.
/// </summary>
public static class Fixtures
{
    public static readonly string[] WasmFiles = ["mvp.wasm", "features.wasm", "random-1.wasm", "random-2.wasm"];

    /// <summary>Every seed module by name, the GC fixture encoded last.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> All()
    {
        foreach (var file in WasmFiles) yield return (file, File.ReadAllBytes(Path.Combine(Directory, file)));
        yield return ("gc-fixture", Sharptime.Binary.ModuleEncoder.Encode(GcFixture.Build()));
    }

    /// <summary>The fixtures folder, found from this source file: the tests run from the source tree.</summary>
    public static string Directory => Path.Combine(Path.GetDirectoryName(SourceFile())!, "fixtures");

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
