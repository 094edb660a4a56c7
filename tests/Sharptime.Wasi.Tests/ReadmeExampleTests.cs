using System.Text;

namespace Sharptime.Wasi.Tests;

/// <summary>Alone: the README's example prints with Console, which the test redirects process-wide.</summary>
[CollectionDefinition(nameof(ReadmeExampleTests), DisableParallelization = true)]
public sealed class ConsoleRedirectingCollection;

/// <summary>The embedding example of the repository's README.md, as written there: it must keep compiling and running.</summary>
[Collection(nameof(ReadmeExampleTests))]
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeExampleRuns()
    {
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(console);
        int seenExitCode;
        try
        {
            // ---- from README.md ----
            var engine = new Engine();
            var store = new Store(engine);
            var linker = new Linker(engine);
            using var wasi = linker.DefineWasi(store, new WasiConfiguration().WithInheritedStdout());
            linker.DefineFunction(store, "env", "log", (Caller caller, int address, int length) =>
                Console.WriteLine(Encoding.UTF8.GetString(caller.GetMemory("memory")!.GetSpan((ulong)address, length))));
            var module = Module.FromText(engine, "example", """
                (module
                  (import "env" "log" (func $log (param i32 i32)))
                  (memory (export "memory") 1)
                  (data (i32.const 0) "hello from wasm")
                  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
                  (func (export "_start") (call $log (i32.const 0) (i32.const 15))))
                """);
            var instance = linker.Instantiate(store, module);
            Func<int, int, int> add = instance.GetFunction<int, int, int>("add")!; // a delegate into compiled code
            Console.WriteLine(add(1, 2));
            int exitCode = WasiContext.RunCommand(instance);                      // runs _start
            // ---- end ----
            seenExitCode = exitCode;
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Equal(0, seenExitCode);
        Assert.Equal("3\nhello from wasm\n", console.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TheReadmeShowsThisTestsCode()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var test = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Sharptime.Wasi.Tests", "ReadmeExampleTests.cs"));
        var start = test.IndexOf("// ---- from README.md ----\n", StringComparison.Ordinal);
        var end = test.IndexOf("            // ---- end ----", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start);
        // The test's copy is indented by 12 spaces; the README's is not.
        var lines = test[(start + "// ---- from README.md ----\n".Length)..end].Split('\n')
            .Where(l => l.Length > 0).Select(l => l.StartsWith("            ", StringComparison.Ordinal) ? l[12..] : l);
        Assert.Contains(string.Join("\n", lines), readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sharptime.sln"))) return dir.FullName;
        throw new InvalidOperationException("Sharptime.sln not found above " + AppContext.BaseDirectory);
    }
}
