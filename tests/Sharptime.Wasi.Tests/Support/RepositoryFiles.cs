namespace Sharptime.Wasi.Tests.Support;

/// <summary>Finds files of the repository (tests/wasi-programs) from the test assembly's folder.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharptime.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Sharptime.sln) above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string WasiPrograms => Path.Combine(Root, "tests", "wasi-programs");
}
