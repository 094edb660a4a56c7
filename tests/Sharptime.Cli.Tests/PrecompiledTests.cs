using System.Text;

namespace Sharptime.Cli.Tests;

/// <summary><c>sharptime compile</c>, <c>run --allow-precompiled</c>, and the compile cache.</summary>
[Collection(CliCollection.Name)]
public sealed class PrecompiledTests(PublishedCli cli)
{
    private const string Program = """
        (module
          (type $binary (func (param i32 i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) $add $sub)
          (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
          (func (export "apply") (param i32 i32 i32) (result i32)
            (call_indirect (type $binary) (local.get 1) (local.get 2) (local.get 0)))
          (func (export "crash") (result i32) (call_indirect (type $binary) (i32.const 1) (i32.const 2) (i32.const 7))))
        """;

    [Theory]
    [InlineData("never")]
    [InlineData("auto")]
    public void ACompiledModuleRunsWithAllowPrecompiled(string native)
    {
        var source = cli.WriteFile("program.wat", Program);
        var output = Path.Combine(cli.NewFolder("out"), "program.cwasm");
        var compile = cli.Run("compile", "--native", native, source, "-o", output);
        Assert.True(compile.ExitCode == 0, compile.ToString());
        Assert.True(File.Exists(output));

        // call_indirect compares type ids, which saved code reads from fields set at load time.
        var add = cli.Run("run", "--allow-precompiled", "--invoke", "apply", output, "0", "40", "2");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal("42\n", add.Stdout);
        var sub = cli.Run("run", "--allow-precompiled", "--invoke", "apply", output, "1", "40", "2");
        Assert.Equal("38\n", sub.Stdout);

        var trap = cli.Run("run", "--allow-precompiled", "--invoke", "crash", output);
        Assert.True(trap.ExitCode == 134, trap.ToString());
        Assert.Contains("undefined element", trap.Stderr);
    }

    [Fact]
    public void APrecompiledFileNeedsAllowPrecompiled()
    {
        var output = Compile();
        var result = cli.Run("--invoke", "apply", output, "0", "1", "2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--allow-precompiled", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void AFileFromAnotherSharptimeBuildIsRefused()
    {
        var output = Compile(native: "never");
        // The header records the build id (the MVID of Sharptime.dll, the same build as the one under test); give it another.
        var bytes = File.ReadAllBytes(output);
        int at = bytes.AsSpan().IndexOf(typeof(Engine).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        Assert.True(at >= 0, "the header names the build");
        new Guid("00000000-1111-2222-3333-444444444444").ToByteArray().CopyTo(bytes, at);
        File.WriteAllBytes(output, bytes);

        var result = cli.Run("--allow-precompiled", "--invoke", "apply", output, "0", "1", "2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("precompiled by another Sharptime build", result.Stderr);
        Assert.Contains("compile it again", result.Stderr);
        ErrorTests.AssertNoDotNetTrace(result);
    }

    [Fact]
    public void AFileWhoseModuleWasChangedIsRefused()
    {
        var output = Compile(native: "never");
        var bytes = File.ReadAllBytes(output);
        // The embedded module starts with the wasm magic; change a byte after it.
        int at = IndexOf(bytes, "\0asm"u8.ToArray());
        Assert.True(at > 0);
        bytes[at + 12] ^= 0x01;
        File.WriteAllBytes(output, bytes);
        var result = cli.Run("--allow-precompiled", "--invoke", "apply", output, "0", "1", "2");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("damaged", result.Stderr);
    }

    [Fact]
    public void AnArbitraryPeFileIsNotTakenForAPrecompiledModule()
    {
        var notOurs = cli.WriteFile("other.cwasm", File.ReadAllBytes(typeof(PublishedCli).Assembly.Location));
        var result = cli.Run("--allow-precompiled", notOurs);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a module precompiled by Sharptime", result.Stderr);
    }

    [Fact]
    public void TheSecondRunOfAModuleComesFromTheCache()
    {
        var source = cli.WriteFile("program.wat", Program);
        var cache = cli.NewFolder("shared-cache");
        var environment = new Dictionary<string, string?> { ["SHARPTIME_CACHE_DIR"] = cache, ["SHARPTIME_LOG"] = "cache" };
        CliResult Run(params string[] args) => cli.Run(new CliRun { Arguments = args, Environment = environment });

        var first = Run("--invoke", "apply", source, "0", "2", "3");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("5\n", first.Stdout);
        Assert.Contains("cache miss", first.Stderr);
        Assert.Single(Directory.GetFiles(cache, "*.cwasm"));

        var second = Run("--invoke", "apply", source, "1", "2", "3");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("-1\n", second.Stdout);
        Assert.Contains("cache hit", second.Stderr);
        Assert.DoesNotContain("cache miss", second.Stderr);

        var off = Run("--cache=false", "--invoke", "apply", source, "0", "2", "3");
        Assert.Equal("5\n", off.Stdout);
        Assert.DoesNotContain("cache", off.Stderr);
    }

    [Fact]
    public void ADamagedCacheEntryIsCompiledAgain()
    {
        var source = cli.WriteFile("program.wat", Program);
        var cache = cli.NewFolder("damaged-cache");
        var environment = new Dictionary<string, string?> { ["SHARPTIME_CACHE_DIR"] = cache, ["SHARPTIME_LOG"] = "cache" };
        var first = cli.Run(new CliRun { Arguments = ["--invoke", "apply", source, "0", "2", "3"], Environment = environment });
        Assert.Equal(0, first.ExitCode);
        var entry = Assert.Single(Directory.GetFiles(cache, "*.cwasm"));
        File.WriteAllBytes(entry, [(byte)'M', (byte)'Z', 1, 2, 3]);

        var second = cli.Run(new CliRun { Arguments = ["--invoke", "apply", source, "0", "2", "3"], Environment = environment });
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("5\n", second.Stdout);
        Assert.Contains("cache entry dropped", second.Stderr);
        Assert.Contains("cache miss", second.Stderr);
    }

    [Fact]
    public void TheConfigurationFileCanTurnTheCacheOff()
    {
        var source = cli.WriteFile("program.wat", Program);
        var config = cli.WriteFile("config.json", """{ "cache": { "enabled": false } }""");
        var result = cli.Run(new CliRun
        {
            Arguments = ["--invoke", "apply", source, "0", "2", "3"],
            Environment = new Dictionary<string, string?> { ["SHARPTIME_CONFIG"] = config, ["SHARPTIME_LOG"] = "cache" },
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("cache", result.Stderr);
    }

    private string Compile(string native = "auto")
    {
        var source = cli.WriteFile("program.wat", Program);
        var output = Path.Combine(cli.NewFolder("out"), "program.cwasm");
        var compile = cli.Run("compile", "--native", native, source, "-o", output);
        Assert.True(compile.ExitCode == 0, compile.ToString());
        return output;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
