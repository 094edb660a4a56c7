using System.Reflection.PortableExecutable;
using Sharptime.Cli.Compile;

namespace Sharptime.Cli.Tests;

/// <summary>
/// The cache for large modules (Loading/DetachedCacheStore.cs): a background process stores the
/// entry and compiles it to native code. The tests lower <c>cache.native-min-size</c> to 0 so that
/// a small module takes that path.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class DetachedCacheTests(PublishedCli cli)
{
    private const string Program = """
        (module
          (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (func (export "sum_of_squares") (param i32 i32) (result i32)
            (i32.add (call $square (local.get 0)) (call $square (local.get 1)))))
        """;

    /// <summary>How long a background store may take: crossgen2 starts in about a second, and CI machines are slow.</summary>
    private static readonly TimeSpan s_backgroundTimeout = TimeSpan.FromMinutes(3);

    private sealed record Setup(string Source, string Cache, bool Native, Dictionary<string, string?> Environment);

    private Setup Prepare(bool native)
    {
        var config = cli.WriteFile("config.json", $$"""{ "cache": { "native": {{(native ? "true" : "false")}}, "native-min-size": 0 } }""");
        var cache = cli.NewFolder("detached-cache");
        return new Setup(cli.WriteFile("program.wat", Program), cache, native,
            new Dictionary<string, string?> { ["SHARPTIME_CONFIG"] = config, ["SHARPTIME_CACHE_DIR"] = cache, ["SHARPTIME_LOG"] = "cache" });
    }

    private CliResult Run(Setup setup, params string[] arguments) =>
        cli.Run(new CliRun { Arguments = ["--invoke", "sum_of_squares", setup.Source, .. arguments], Environment = setup.Environment });

    [Fact]
    public void TheEntryOfALargeModuleIsWrittenByABackgroundProcess()
    {
        var entry = RunTwice(Prepare(native: false));
        Assert.False(HasNativeCode(entry), "cache.native is false: the entry stays IL");
    }

    [SkippableFact]
    public void WithCrossgen2TheEntryBecomesNativeCode()
    {
        bool found = Crossgen.Find() is not null;
        // CI publishes the CLI ReadyToRun, which restores crossgen2: there its absence is a failure.
        Assert.False(!found && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
            "crossgen2 was not found (microsoft.netcore.app.crossgen2 in the NuGet cache)");
        Skip.IfNot(found, "crossgen2 was not found (microsoft.netcore.app.crossgen2 in the NuGet cache, or $SHARPTIME_CROSSGEN2)");

        var entry = RunTwice(Prepare(native: true));
        Assert.True(HasNativeCode(entry));
    }

    /// <summary>
    /// A first run that leaves its entry to a background process (to compile it to native code too, if
    /// <see cref="Setup.Native"/>), the wait for that process, and a second run from the entry; returns the entry.
    /// </summary>
    private string RunTwice(Setup setup)
    {
        var first = Run(setup, "3", "4");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("25\n", first.Stdout);
        Assert.Contains(setup.Native ? "compiled to native code by a background process" : "is stored by a background process", first.Stderr);

        var entry = WaitForEntry(setup.Cache, setup.Native);
        // Nothing is left beside it: the module's copy and the marker are gone.
        Assert.Equal([entry], Directory.GetFileSystemEntries(setup.Cache));

        var second = Run(setup, "5", "12");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("169\n", second.Stdout);
        Assert.Contains("cache hit", second.Stderr);
        Assert.DoesNotContain("background", second.Stderr);
        return entry;
    }

    [Fact]
    public void ARelativeCacheFolderIsTheSameForTheBackgroundProcess()
    {
        var setup = Prepare(native: false);
        var workingDirectory = Path.GetDirectoryName(setup.Cache)!;
        var relative = setup with { Environment = new(setup.Environment) { ["SHARPTIME_CACHE_DIR"] = Path.GetFileName(setup.Cache) } };
        CliResult RunThere(params string[] arguments) => cli.Run(new CliRun
        {
            Arguments = ["--invoke", "sum_of_squares", setup.Source, .. arguments], Environment = relative.Environment, WorkingDirectory = workingDirectory,
        });
        Assert.Equal(0, RunThere("1", "2").ExitCode);
        WaitForEntry(setup.Cache, native: false);
        var second = RunThere("2", "3");
        Assert.Equal("13\n", second.Stdout);
        Assert.Contains("cache hit", second.Stderr);
    }

    [Fact]
    public void AFailedNativeCompileIsNotTriedAgainForADay()
    {
        var setup = Prepare(native: false);
        Assert.Equal(0, Run(setup, "1", "2").ExitCode);
        var entry = WaitForEntry(setup.Cache, native: false);

        // Now with native code wanted, after a failure noted beside the entry: the IL entry is used as it is.
        File.WriteAllText(entry + ".failed", "IOException: crossgen2 failed\n");
        var config = cli.WriteFile("config.json", """{ "cache": { "native": true, "native-min-size": 0 } }""");
        var withNative = setup with { Environment = new(setup.Environment) { ["SHARPTIME_CONFIG"] = config } };
        var second = Run(withNative, "2", "3");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("13\n", second.Stdout);
        Assert.Contains("cache hit", second.Stderr);
        if (Crossgen.Find() is not null)
            Assert.Contains("stays IL", second.Stderr);
        Assert.DoesNotContain("background process", second.Stderr);
    }

    [Fact]
    public void AnInvalidModuleFailsBeforeAnythingIsStarted()
    {
        var setup = Prepare(native: true);
        var invalid = setup with { Source = cli.WriteFile("invalid.wat", "(module (func (result i32) (i64.const 1)))") };
        var result = Run(invalid);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("type mismatch", result.Stderr);
        Assert.DoesNotContain("background", result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(setup.Cache));
    }

    /// <summary>Waits until the background process is done: one entry, no marker, and (if <paramref name="native"/>) native code.</summary>
    private static string WaitForEntry(string cache, bool native)
    {
        var deadline = DateTime.UtcNow + s_backgroundTimeout;
        while (true)
        {
            var files = Directory.GetFileSystemEntries(cache);
            var entries = files.Where(f => f.EndsWith(".cwasm", StringComparison.Ordinal)).ToArray();
            if (entries.Length == 1 && files.Length == 1 && (!native || HasNativeCode(entries[0]))) return entries[0];
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the background store did not finish in {s_backgroundTimeout}: {string.Join(", ", files.Select(Path.GetFileName))}");
            Thread.Sleep(200);
        }
    }

    /// <summary>crossgen2's images have a ReadyToRun header; IL-only files do not.</summary>
    private static bool HasNativeCode(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
