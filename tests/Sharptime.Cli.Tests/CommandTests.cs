namespace Sharptime.Cli.Tests;

/// <summary>--help, --version, config, wast.</summary>
[Collection(CliCollection.Name)]
public sealed class CommandTests(PublishedCli cli)
{
    [Fact]
    public void HelpListsTheCommandsAndExamples()
    {
        var result = cli.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("sharptime [command] [options]", result.Stdout);
        foreach (var command in new[] { "run", "compile", "wast", "config" }) Assert.Contains(command, result.Stdout);
        Assert.Contains("Examples:", result.Stdout);
        Assert.Contains("--invoke add", result.Stdout);
    }

    [Fact]
    public void RunHelpListsItsOptions()
    {
        var result = cli.Run("run", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--dir", "--env", "--invoke", "--preload", "--argv0", "--fuel", "--max-memory-size", "--max-wasm-stack", "--allow-precompiled", "--tcplisten", "--cache" })
            Assert.Contains(option, result.Stdout);
    }

    [Fact]
    public void NoArgumentsShowsHelp()
    {
        var result = cli.Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
    }

    [Fact]
    public void VersionNamesSharptimeAndDotNet()
    {
        var result = cli.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^sharptime \d+\.\d+\.\d+.* \(\.NET \d+\.\d+\.\d+\)\n$", result.Stdout);
    }

    [Fact]
    public void ConfigNewWritesACommentedFileThatIsReadBack()
    {
        var path = Path.Combine(cli.NewFolder("config"), "sub", "config.json");
        var created = cli.Run("config", "new", path);
        Assert.True(created.ExitCode == 0, created.ToString());
        var text = File.ReadAllText(path);
        Assert.Contains("// ", text);
        Assert.Contains("\"max-size\"", text);

        var again = cli.Run("config", "new", path);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Stderr);

        var show = cli.Run(new CliRun { Arguments = ["config", "show"], Environment = new Dictionary<string, string?> { ["SHARPTIME_CONFIG"] = path } });
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"configuration file: {path}", show.Stdout);
        Assert.Contains("cache.enabled: true", show.Stdout);
    }

    [Fact]
    public void AnInvalidConfigurationFileIsReported()
    {
        var config = cli.WriteFile("config.json", "{ \"cache\": { \"enabled\": 12 } }");
        var result = cli.Run(new CliRun
        {
            Arguments = ["--invoke", "add", Path.Combine(cli.Examples, "add.wat"), "1", "2"],
            Environment = new Dictionary<string, string?> { ["SHARPTIME_CONFIG"] = config },
        });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid configuration file", result.Stderr);
    }

    [Fact]
    public void CompletionScriptsAskTheSuggestDirective()
    {
        var script = cli.Run("completions", "bash");
        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Contains("complete -o default", script.Stdout);
        Assert.Contains("[suggest:", script.Stdout);

        var suggestions = cli.Run("[suggest:18]", "sharptime run --ma");
        Assert.True(suggestions.ExitCode == 0, suggestions.ToString());
        Assert.Contains("--max-memory-size", suggestions.Stdout);
        Assert.Contains("--max-wasm-stack", suggestions.Stdout);

        Assert.Equal(2, cli.Run("completions", "tcsh").ExitCode);
    }

    [Fact]
    public void WastRunsScripts()
    {
        var script = cli.WriteFile("t.wast", """
            (module (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
            (assert_return (invoke "f" (i32.const 14)) (i32.const 42))
            (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
            """);
        var result = cli.Run("wast", script);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 failed", result.Stdout);
    }
}
