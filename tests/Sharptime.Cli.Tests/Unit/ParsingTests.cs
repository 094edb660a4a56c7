using Sharptime.Cli.Configuration;
using Sharptime.Cli.Errors;
using Sharptime.Cli.Run;
using Sharptime.Model;

namespace Sharptime.Cli.Tests.Unit;

/// <summary>The CLI's small parsers, in process: --dir, --env, --preload, sizes, --invoke values, the implicit run.</summary>
public sealed class ParsingTests
{
    [Theory]
    [InlineData("data", "data", "data")]
    [InlineData("./data::/sandbox", "./data", "/sandbox")]
    [InlineData("/abs/path::.", "/abs/path", ".")]
    [InlineData("c::d::e", "c", "d::e")]
    public void DirectoryMappings(string text, string host, string guest)
    {
        var mapping = DirectoryMapping.Parse(text);
        Assert.Equal(host, mapping.HostPath);
        Assert.Equal(guest, mapping.GuestPath);
    }

    [Theory]
    [InlineData("::guest")]
    [InlineData("host::")]
    public void IncompleteDirectoryMappingsAreUsageErrors(string text) =>
        Assert.Throws<UsageException>(() => DirectoryMapping.Parse(text));

    [Fact]
    public void EnvironmentWordsSetInheritAndReplace()
    {
        Environment.SetEnvironmentVariable("SHARPTIME_TEST_INHERITED", "from host");
        Environment.SetEnvironmentVariable("SHARPTIME_TEST_ABSENT", null);
        var env = GuestEnvironment.Parse(["A=1", "EQ=a=b", "EMPTY=", "SHARPTIME_TEST_INHERITED", "SHARPTIME_TEST_ABSENT", "A=2"]);
        Assert.Equal(
            [new("EQ", "a=b"), new("EMPTY", ""), new("SHARPTIME_TEST_INHERITED", "from host"), new("A", "2")],
            env);
        Assert.Throws<UsageException>(() => GuestEnvironment.Parse(["=value"]));
    }

    [Theory]
    [InlineData("math=lib.wasm", "math", "lib.wasm")]
    [InlineData("a=b=c.wasm", "a", "b=c.wasm")]
    public void Preloads(string text, string name, string path) =>
        Assert.Equal(new Preload(name, path), Preload.Parse(text));

    [Theory]
    [InlineData("=x")]
    [InlineData("name=")]
    [InlineData("name")]
    public void BadPreloadsAreUsageErrors(string text) => Assert.Throws<UsageException>(() => Preload.Parse(text));

    [Theory]
    [InlineData("65536", 65536UL)]
    [InlineData("64K", 65536UL)]
    [InlineData("64KiB", 65536UL)]
    [InlineData("1M", 1UL << 20)]
    [InlineData("4G", 4UL << 30)]
    [InlineData("0x10000", 65536UL)]
    [InlineData("1_000", 1000UL)]
    public void Sizes(string text, ulong bytes) => Assert.Equal(bytes, CliConfiguration.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("-1")]
    [InlineData("12Q")]
    public void BadSizesThrowFormatException(string text) => Assert.ThrowsAny<FormatException>(() => CliConfiguration.ParseSize(text));

    [Fact]
    public void InvokeValuesFollowTheParameterTypes()
    {
        var type = new FuncType([ValType.I32, ValType.I64, ValType.F32, ValType.F64], []);
        var values = InvokeValues.ParseArguments("f", type, ["0xffffffff", "-9223372036854775808", "1.5", "-inf"]);
        Assert.Equal([-1, long.MinValue, 1.5f, double.NegativeInfinity], values);
        Assert.Throws<UsageException>(() => InvokeValues.ParseArguments("f", type, ["1", "2", "3"]));
        Assert.Throws<UsageException>(() => InvokeValues.ParseArguments("f", new FuncType([ValType.V128], []), ["0"]));
    }

    [Theory]
    [InlineData(3, "3")]
    [InlineData(-7L, "-7")]
    [InlineData(0.1f, "0.1")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(null, "null")]
    public void InvokeResultsPrintAsWasmtimeDoes(object? value, string text) => Assert.Equal(text, InvokeValues.Format(value));

    [Theory]
    [InlineData(new string[0], new[] { "--help" })]
    [InlineData(new[] { "app.wasm" }, new[] { "run", "app.wasm" })]
    [InlineData(new[] { "--dir", ".", "app.wasm" }, new[] { "run", "--dir", ".", "app.wasm" })]
    [InlineData(new[] { "run", "app.wasm" }, new[] { "run", "app.wasm" })]
    [InlineData(new[] { "compile", "app.wasm" }, new[] { "compile", "app.wasm" })]
    [InlineData(new[] { "--version" }, new[] { "--version" })]
    [InlineData(new[] { "-h" }, new[] { "-h" })]
    public void RunIsImpliedUnlessACommandOrRootOptionComesFirst(string[] args, string[] expected) =>
        Assert.Equal(expected, CommandLine.WithImplicitRun(args, CommandLine.Create()));

    [Fact]
    public void TheConfigTemplateIsReadBackAsTheDefaults()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sharptime-config-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, ConfigCommand.Template());
            var config = CliConfiguration.Load(path);
            Assert.Equal(new CliConfiguration { SourcePath = path }, config);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
