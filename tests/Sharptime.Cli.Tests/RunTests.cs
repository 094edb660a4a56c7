namespace Sharptime.Cli.Tests;

/// <summary><c>sharptime run</c> without WASI: --invoke, values, results, options before the module.</summary>
[Collection(CliCollection.Name)]
public sealed class RunTests(PublishedCli cli)
{
    private const string Numbers = """
        (module
          (func (export "i64.sub") (param i64 i64) (result i64) (i64.sub (local.get 0) (local.get 1)))
          (func (export "f32.mul") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
          (func (export "f64.div") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
          (func (export "i32.id") (param i32) (result i32) (local.get 0))
          (func (export "three") (result i32 i64 f64) (i32.const -1) (i64.const 9007199254740993) (f64.const 0.1))
          (func (export "nothing")))
        """;

    [Fact]
    public void InvokeAddOnTheExampleTextModulePrintsTheSum()
    {
        var result = cli.Run("run", "--invoke", "add", Path.Combine(cli.Examples, "add.wat"), "1", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("3\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void RunIsImpliedWhenTheFirstWordIsNotACommand()
    {
        var result = cli.Run("--invoke", "add", Path.Combine(cli.Examples, "add.wat"), "40", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("42\n", result.Stdout);
    }

    [Fact]
    public void MultipleResultsArePrintedOnePerLine()
    {
        var result = cli.Run("--invoke", "divmod", Path.Combine(cli.Examples, "add.wat"), "17", "5");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("3\n2\n", result.Stdout);

        var module = cli.WriteFile("numbers.wat", Numbers);
        var three = cli.Run("--invoke", "three", module);
        Assert.Equal("-1\n9007199254740993\n0.1\n", three.Stdout);
    }

    [Theory]
    [InlineData("i32.id", "0xffffffff", "-1")]
    [InlineData("i32.id", "4294967295", "-1")]
    [InlineData("i32.id", "-2147483648", "-2147483648")]
    [InlineData("i32.id", "0x10", "16")]
    [InlineData("i64.sub", "0x7fffffffffffffff -1", "-9223372036854775808")]
    [InlineData("i64.sub", "10 -5", "15")]
    [InlineData("f32.mul", "1.5 -2", "-3")]
    [InlineData("f64.div", "1 3", "0.3333333333333333")]
    [InlineData("f64.div", "1 0", "inf")]
    [InlineData("f64.div", "0 0", "NaN")]
    public void ArgumentsAreParsedByTheParameterTypes(string function, string arguments, string expected)
    {
        var module = cli.WriteFile("numbers.wat", Numbers);
        var result = cli.Run(["--invoke", function, module, .. arguments.Split(' ')]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected + "\n", result.Stdout);
    }

    [Fact]
    public void AFunctionWithoutResultsPrintsNothing()
    {
        var module = cli.WriteFile("numbers.wat", Numbers);
        var result = cli.Run("--invoke", "nothing", module);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("i32.id", "4294967296")]
    [InlineData("i32.id", "-2147483649")]
    [InlineData("i32.id", "twelve")]
    [InlineData("f32.mul", "1.5")]
    [InlineData("i32.id", "1 2")]
    public void BadArgumentsAreUsageErrors(string function, string arguments)
    {
        var module = cli.WriteFile("numbers.wat", Numbers);
        var result = cli.Run(["--invoke", function, module, .. arguments.Split(' ')]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void InvokingAMissingExportNamesTheExports()
    {
        var result = cli.Run("--invoke", "mul", Path.Combine(cli.Examples, "add.wat"), "1", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no function named 'mul'", result.Stderr);
        Assert.Contains("add, divmod", result.Stderr);
    }

    [Fact]
    public void WordsAfterTheModuleBelongToTheGuestEvenWhenTheyLookLikeOptions()
    {
        // --help after the module is the function's argument, not a request for help.
        var result = cli.Run("--invoke", "add", Path.Combine(cli.Examples, "add.wat"), "--help", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--help' is not a valid i32", result.Stderr);
    }

    [Fact]
    public void AnUnknownOptionIsAUsageError()
    {
        var result = cli.Run("run", "--no-such-option", Path.Combine(cli.Examples, "add.wat"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Stderr);
    }

    [Fact]
    public void BinaryModulesRunLikeText()
    {
        var wasm = cli.WriteFile("add.wasm", Wasm.AddModule);
        var result = cli.Run("--invoke", "add", wasm, "2", "3");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("5\n", result.Stdout);
    }

    [Fact]
    public void PreloadedModulesSatisfyImports()
    {
        var library = cli.WriteFile("lib.wat", """(module (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))""");
        var main = cli.WriteFile("main.wat", """
            (module
              (import "math" "double" (func $double (param i32) (result i32)))
              (func (export "quadruple") (param i32) (result i32) (call $double (call $double (local.get 0)))))
            """);
        var result = cli.Run("--preload", "math=" + library, "--invoke", "quadruple", main, "5");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("20\n", result.Stdout);
    }

    [Fact]
    public void AReactorIsInitializedBeforeTheInvokedFunction()
    {
        var module = cli.WriteFile("reactor.wat", """
            (module
              (global $g (mut i32) (i32.const 0))
              (func (export "_initialize") (global.set $g (i32.const 41)))
              (func (export "get") (result i32) (i32.add (global.get $g) (i32.const 1))))
            """);
        var result = cli.Run("--invoke", "get", module);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("42\n", result.Stdout);
    }

    [Fact]
    public void MaxMemorySizeLimitsGrowth()
    {
        var module = cli.WriteFile("grow.wat", """
            (module (memory 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """);
        var unlimited = cli.Run("--invoke", "grow", module, "3");
        Assert.Equal("1\n", unlimited.Stdout);
        var limited = cli.Run("--max-memory-size", "128K", "--invoke", "grow", module, "3");
        Assert.True(limited.ExitCode == 0, limited.ToString());
        Assert.Equal("-1\n", limited.Stdout);
    }

    [Fact]
    public void FuelStopsARunawayLoopWithATrap()
    {
        var module = cli.WriteFile("spin.wat", """
            (module (func $spin (export "spin") (loop $again (br $again))))
            """);
        var result = cli.Run("--fuel", "100000", "--invoke", "spin", module);
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.Contains("all fuel consumed", result.Stderr);
        Assert.Contains("spin", result.Stderr);
    }

    [Fact]
    public void EnoughFuelLetsTheCallFinish()
    {
        // A loop of 1,000 iterations costs about 1,000 units: 2,000 are enough, 500 are not.
        var module = cli.WriteFile("count.wat", """
            (module
              (func (export "count") (param $n i32) (result i32) (local $i i32)
                (loop $again
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
                (local.get $i)))
            """);
        var enough = cli.Run("--fuel", "2000", "--invoke", "count", module, "1000");
        Assert.True(enough.ExitCode == 0, enough.ToString());
        Assert.Equal("1000\n", enough.Stdout);
        var tooLittle = cli.Run("--fuel", "500", "--invoke", "count", module, "1000");
        Assert.Equal(134, tooLittle.ExitCode);
        Assert.Contains("all fuel consumed", tooLittle.Stderr);
    }
}
