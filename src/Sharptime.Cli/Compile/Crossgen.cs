using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sharptime.Cli.Compile;

/// <summary>
/// crossgen2, .NET's ReadyToRun compiler, which turns a precompiled module's IL into native code
/// stored beside it. It comes as a NuGet package (microsoft.netcore.app.crossgen2.RID), which any
/// ReadyToRun publish restores; <c>$SHARPTIME_CROSSGEN2</c> names an executable explicitly.
/// </summary>
internal sealed class Crossgen(string executable)
{
    public static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;

    public string Executable { get; } = executable;

    /// <summary>crossgen2 for this runtime's major version, or null when none can be found.</summary>
    public static Crossgen? Find()
    {
        if (Environment.GetEnvironmentVariable("SHARPTIME_CROSSGEN2") is { Length: > 0 } explicitPath)
            return File.Exists(explicitPath) ? new Crossgen(explicitPath) : null;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = Path.Combine(packages, "microsoft.netcore.app.crossgen2." + RuntimeIdentifier);
        if (!Directory.Exists(package)) return null;
        // The same version as the running runtime if present, else the newest of the same major version.
        var runtime = Environment.Version;
        var candidates = Directory.GetDirectories(package)
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(c => c.Version is not null && c.Version.Major == runtime.Major)
            .OrderByDescending(c => c.Version == new Version(runtime.Major, runtime.Minor, runtime.Build))
            .ThenByDescending(c => c.Version);
        foreach (var (path, _) in candidates)
        {
            var exe = Path.Combine(path, "tools", OperatingSystem.IsWindows() ? "crossgen2.exe" : "crossgen2");
            if (File.Exists(exe)) return new Crossgen(exe);
        }
        return null;
    }

    /// <summary>Compiles <paramref name="input"/> to <paramref name="output"/> against this process's framework and Sharptime.</summary>
    /// <exception cref="IOException">crossgen2 failed; its last lines of output say why.</exception>
    public void Compile(string input, string output)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var application = Path.GetDirectoryName(typeof(Engine).Assembly.Location)!;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            input, "-o", output, "-O",
            "-r", Path.Combine(framework, "*.dll"),
            "-r", Path.Combine(application, "*.dll"),
            "--targetos", TargetOs, "--targetarch", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {Executable}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            var lines = (stdout + stderr.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new IOException($"crossgen2 failed with exit code {process.ExitCode}: {string.Join(" ", lines.TakeLast(3))}");
        }
    }

    private static string TargetOs =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
}
