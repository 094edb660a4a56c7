using Sharptime.Wasi.Tests.Support;

namespace Sharptime.Wasi.Tests.Seed;

/// <summary>
/// The seed article's examples (its .wat files are in tests/wasi-programs/src, run there too):
/// writer.wat's output and trace, creator.wat's folder and ENOTCAPABLE for <c>../some_folder</c>,
/// ENOENT for an empty path and EILSEQ for invalid UTF-8.
/// </summary>
public class SeedArticleTests
{
    private static Module Source(string name) =>
        GuestRun.FromText(name, File.ReadAllText(Path.Combine(RepositoryFiles.WasiPrograms, "src", name)));

    [Fact]
    public void WriterPrintsThroughWasiUnstableAndTracesTheCall()
    {
        var trace = new StringWriter();
        using var logging = WasiLogging.CreateLoggerFactory("wasi=trace", trace);
        var result = GuestRun.Run(Source("writer.wat"), _ => { }, logging);
        Assert.Equal("Hooray it's WASI\n\0\0\0", result.StdoutText);
        Assert.Equal(0, result.ExitCode);
        // The seed's lines: "fd_write(fd=1, iovs=0x0, iovs_len=1, nwritten=0xc)" then "-> errno=__WASI_ESUCCESS".
        Assert.Equal(
            "TRACE wasi > fd_write(fd=1, iovs=0x0, iovs_len=1, retptr0=0x14)\n" +
            "TRACE wasi > -> errno=ESUCCESS | *retptr0=20\n",
            trace.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void WithoutATraceFilterNothingIsLogged()
    {
        var trace = new StringWriter();
        using var logging = WasiLogging.CreateLoggerFactory(null, trace);
        GuestRun.Run(Source("writer.wat"), _ => { }, logging);
        Assert.Equal("", trace.ToString());
    }

    /// <summary>creator.wat with its data changed the way the article describes, run with --dir=. as fd 3.</summary>
    private static GuestResult RunCreator(string root, string folder, int length)
    {
        var wat = $$"""
            (module
              (import "wasi_unstable" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))
              (import "wasi_unstable" "proc_exit" (func $exit (param i32)))
              (memory 1)
              (export "memory" (memory 0))
              (data (i32.const 12) "{{folder}}")
              (func $main (export "_start")
                (call $exit (call $mkdir (i32.const 3) (i32.const 12) (i32.const {{length}})))))
            """;
        return GuestRun.Run(GuestRun.FromText("creator.wat", wat), wasi => wasi.WithPreopenedDirectory(root, "."));
    }

    [Fact]
    public void CreatorMakesTheFolderInsideThePreopenAndNothingOutside()
    {
        var parent = Directory.CreateTempSubdirectory("wasi-creator-").FullName;
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(parent, "work")).FullName;
            Assert.Equal(0, RunCreator(root, "wasi-folder", 11).ExitCode);
            Assert.True(Directory.Exists(Path.Combine(root, "wasi-folder")));

            Assert.Equal(76, RunCreator(root, "../some_folder", 14).ExitCode); // ENOTCAPABLE
            Assert.False(Directory.Exists(Path.Combine(parent, "some_folder")));
            Assert.Equal(44, RunCreator(root, "", 0).ExitCode); // ENOENT
            Assert.Equal(25, RunCreator(root, "\\ff\\fe", 2).ExitCode); // EILSEQ
            Assert.Equal(20, RunCreator(root, "wasi-folder", 11).ExitCode); // EEXIST
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
