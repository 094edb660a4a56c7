using System.Diagnostics;
using System.Text;

namespace Sharptime.Cli.Tests;

/// <summary>What one run of the command did.</summary>
public sealed record CliResult(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Truncate(Stdout)}\n--- stderr ---\n{Truncate(Stderr)}";

    private static string Truncate(string s) => s.Length > 4000 ? s[..4000] + $"... ({s.Length} chars)" : s;
}

/// <summary>How to run the command: arguments, stdin, environment, working directory.</summary>
public sealed record CliRun
{
    public required IReadOnlyList<string> Arguments { get; init; }
    public byte[]? Stdin { get; init; }
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public string? WorkingDirectory { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Runs while the command does (a client talking to a --tcplisten socket); awaited before the result is returned.</summary>
    public Func<Task>? Interaction { get; init; }
}

/// <summary>
/// Publishes the CLI once (Release, ReadyToRun: what <c>dotnet publish src/Sharptime.Cli -c Release -o DIR</c>
/// gives users) into a temporary folder and runs the real <c>sharptime</c> executable. Each run gets
/// its own empty cache folder and no configuration file unless the test gives them, so tests neither
/// see the user's settings nor each other's cache entries.
/// </summary>
public sealed class PublishedCli : IDisposable
{
    public PublishedCli()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "sharptime-cli-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        var publishDir = Path.Combine(Root, "bin");
        var publish = Execute("dotnet", ["publish", Path.Combine(RepositoryRoot, "src", "Sharptime.Cli"), "-c", "Release", "-o", publishDir, "--nologo", "-v", "q"],
            null, null, RepositoryRoot, TimeSpan.FromMinutes(15));
        Executable = Path.Combine(publishDir, OperatingSystem.IsWindows() ? "sharptime.exe" : "sharptime");
        if (publish.ExitCode != 0 || !File.Exists(Executable))
            throw new InvalidOperationException($"dotnet publish of the CLI failed:\n{publish}");
    }

    public string RepositoryRoot { get; }

    /// <summary>A scratch folder for this test run, deleted at the end.</summary>
    public string Root { get; }

    public string Executable { get; }

    public string Examples => Path.Combine(RepositoryRoot, "examples");

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public string NewFolder(string hint)
    {
        var path = Path.Combine(Root, hint + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes <paramref name="content"/> to a new file and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(NewFolder("file"), name);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(NewFolder("file"), name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public CliResult Run(params string[] arguments) => Run(new CliRun { Arguments = arguments });

    public CliResult Run(CliRun run)
    {
        var environment = new Dictionary<string, string?>
        {
            ["SHARPTIME_CACHE_DIR"] = NewFolder("cache"),
            ["SHARPTIME_CONFIG"] = Path.Combine(Root, "no-such-config.json"),
            ["SHARPTIME_LOG"] = null,
            ["SHARPTIME_BACKTRACE"] = null,
        };
        foreach (var (key, value) in run.Environment) environment[key] = value;
        return Execute(Executable, run.Arguments, run.Stdin, environment, run.WorkingDirectory ?? Root, run.Timeout, run.Interaction);
    }

    private static CliResult Execute(string file, IReadOnlyList<string> arguments, byte[]? stdin,
        IReadOnlyDictionary<string, string?>? environment, string workingDirectory, TimeSpan timeout, Func<Task>? interaction = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null) start.Environment.Remove(key);
                else start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = new MemoryStream();
        var stdoutCopy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdinWrite = Task.Run(() =>
        {
            try
            {
                if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading all of its input.
            }
        });
        var interacting = interaction is null ? Task.CompletedTask : Task.Run(interaction);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout}");
        }
        process.WaitForExit();
        stdoutCopy.Wait();
        stdinWrite.Wait();
        interacting.Wait(timeout);
        return new CliResult(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharptime.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Sharptime.sln) above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<PublishedCli>
{
    public const string Name = "published sharptime";
}
