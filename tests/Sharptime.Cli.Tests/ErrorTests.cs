namespace Sharptime.Cli.Tests;

/// <summary>Exit codes and messages as Wasmtime's: 134 for traps with a wasm backtrace, 1 for bad modules and links, never a .NET stack trace.</summary>
[Collection(CliCollection.Name)]
public sealed class ErrorTests(PublishedCli cli)
{
    [Fact]
    public void ATrapExits134WithTheMessageAndANamedBacktrace()
    {
        var module = cli.WriteFile("trap.wat", """
            (module
              (func $divide (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
              (func $caller (result i32) (call $divide (i32.const 0)))
              (func (export "_start") (drop (call $caller))))
            """);
        var result = cli.Run(module);
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.StartsWith($"Error: failed to run main module '{module}'", result.Stderr);
        Assert.Contains("wasm trap: integer divide by zero", result.Stderr);
        Assert.Contains("wasm backtrace:", result.Stderr);
        Assert.Contains("trap!caller", result.Stderr);
        AssertNoDotNetTrace(result);
    }

    [Fact]
    public void InfiniteRecursionExits134WithCallStackExhausted()
    {
        var module = cli.WriteFile("recurse.wat", """
            (module
              (func $recurse (param i64) (result i64) (i64.add (i64.const 1) (call $recurse (local.get 0))))
              (func (export "_start") (drop (call $recurse (i64.const 0)))))
            """);
        var result = cli.Run(module);
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.Contains("wasm trap: call stack exhausted", result.Stderr);
        Assert.Contains("recurse!recurse", result.Stderr);
        // Hundreds of identical frames fold into one line.
        Assert.True(result.Stderr.Split('\n').Length < 20, result.Stderr);
        AssertNoDotNetTrace(result);
    }

    [Fact]
    public void ASmallMaxWasmStackExhaustsSooner()
    {
        var module = cli.WriteFile("depth.wat", """
            (module
              (func $down (export "down") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                  (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))
            """);
        var fine = cli.Run("--invoke", "down", module, "10000");
        Assert.True(fine.ExitCode == 0, fine.ToString());
        Assert.Equal("10000\n", fine.Stdout);
        var small = cli.Run("--max-wasm-stack", "64K", "--invoke", "down", module, "10000");
        Assert.True(small.ExitCode == 134, small.ToString());
        Assert.Contains("call stack exhausted", small.Stderr);
    }

    [Fact]
    public void AMalformedBinaryExits1WithTheSpecReasonAndOffset()
    {
        var file = cli.WriteFile("bad.wasm", Wasm.Truncated);
        var result = cli.Run(file);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"Error: failed to compile '{file}': ", result.Stderr);
        Assert.Contains("(at offset 0x", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        AssertNoDotNetTrace(result);
    }

    [Fact]
    public void MalformedTextExits1WithLineAndColumn()
    {
        var file = cli.WriteFile("bad.wat", "(module\n  (func (result i32) i32.const))\n");
        var result = cli.Run(file);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("failed to compile", result.Stderr);
        Assert.Contains("line 2", result.Stderr);
        AssertNoDotNetTrace(result);
    }

    [Fact]
    public void AnInvalidModuleExits1WithTheValidationReason()
    {
        var file = cli.WriteFile("invalid.wat", """(module (func (result i32) (i64.const 1)))""");
        var result = cli.Run(file);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("type mismatch", result.Stderr);
        AssertNoDotNetTrace(result);
    }

    [Fact]
    public void AMissingImportNamesModuleFieldAndType()
    {
        var file = cli.WriteFile("imports.wat", """
            (module
              (import "env" "log" (func (param i32 f64) (result i64)))
              (func (export "_start")))
            """);
        var result = cli.Run(file);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"failed to instantiate '{file}'", result.Stderr);
        Assert.Contains("unknown import: \"env\" \"log\"", result.Stderr);
        Assert.Contains("(func (param i32 f64) (result i64))", result.Stderr);
        AssertNoDotNetTrace(result);
    }

    [Fact]
    public void AMissingMemoryImportDescribesItsLimits()
    {
        var file = cli.WriteFile("memory.wat", """(module (import "env" "memory" (memory 2 10)))""");
        var result = cli.Run(file);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"env\" \"memory\"", result.Stderr);
        Assert.Contains("(memory 2 10)", result.Stderr);
    }

    [Fact]
    public void AMissingFileExits1()
    {
        var result = cli.Run(Path.Combine(cli.Root, "does-not-exist.wasm"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed to read", result.Stderr);
        Assert.Contains("no such file", result.Stderr);
    }

    [Fact]
    public void ATrapInTheStartFunctionExits134()
    {
        var file = cli.WriteFile("start.wat", """(module (func $s unreachable) (start $s))""");
        var result = cli.Run(file);
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.Contains("wasm trap: unreachable", result.Stderr);
    }

    [Fact]
    public void AnOutOfBoundsAccessExits134()
    {
        var file = cli.WriteFile("oob.wat", """(module (memory 1) (func (export "_start") (drop (i32.load (i32.const 65536)))))""");
        var result = cli.Run(file);
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.Contains("wasm trap: out of bounds memory access", result.Stderr);
    }

    internal static void AssertNoDotNetTrace(CliResult result)
    {
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
    }
}
