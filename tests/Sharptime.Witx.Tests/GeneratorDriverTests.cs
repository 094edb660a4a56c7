extern alias gen;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitxGenerator = gen::Sharptime.Witx.Generator.WitxGenerator;

namespace Sharptime.Witx.Tests;

/// <summary>Runs the generator in-process on witx written in the tests, then compiles and runs the result.</summary>
public class GeneratorDriverTests
{
    private const string GreetingWitx = """
        (typename $errno (enum (@witx tag u16) $success $inval $ilseq))
        (module $greeting
          (import "memory" (memory))
          ;;; Prints a greeting.
          (@interface func (export "print_greeting")
            (result $error (expected (error $errno)))))
        """;

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out var v))
            {
                value = v;
                return true;
            }
            value = null!;
            return false;
        }
    }

    private sealed class OptionsProvider(Dictionary<string, Dictionary<string, string>> perFile) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Test.Root" });
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Options(perFile.TryGetValue(textFile.Path, out var d) ? d : new Dictionary<string, string>());
    }

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "System.dll" or "netstandard.dll" or "mscorlib.dll"
                || n is "Microsoft.Extensions.Logging.Abstractions.dll" or "Sharptime.Witx.Runtime.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    private sealed record Run(GeneratorDriver Driver, Microsoft.CodeAnalysis.Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompileDiagnostics);

    private static Run Generate(string source, bool withRuntime = true, params (string Path, string Text, string? Ns)[] files)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var refs = withRuntime ? References.Value : References.Value.Where(r => !r.Display!.EndsWith("Sharptime.Witx.Runtime.dll", StringComparison.Ordinal)).ToImmutableArray();
        var compilation = CSharpCompilation.Create("WitxTest" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, parse) }, refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));
        var perFile = files.Where(f => f.Ns != null).ToDictionary(f => f.Path, f => new Dictionary<string, string> { ["build_metadata.AdditionalFiles.WitxNamespace"] = f.Ns! });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new WitxGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new Text(f.Path, f.Text)),
            parse, new OptionsProvider(perFile),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var compileDiagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new Run(driver, output, diagnostics, compileDiagnostics);
    }

    private const string GreeterSource = """
        using System.Collections.Generic;
        using Microsoft.Extensions.Logging;
        using Sharptime.Witx.Runtime;
        using Demo;

        public sealed class Greeter : IGreeting
        {
            public int Calls;
            public Errno PrintGreeting(GuestMemory memory) { Calls++; return Errno.Success; }
        }

        public sealed class Lines : ILogger
        {
            public List<string> All = new();
            public System.IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => true;
            public void Log<TState>(LogLevel level, EventId id, TState state, System.Exception? e, System.Func<TState, System.Exception?, string> f) => All.Add(level + ": " + f(state, e));
        }

        public static class Program
        {
            public static string Run()
            {
                var greeter = new Greeter();
                var log = new Lines();
                var memory = new GuestMemory(new byte[65536]);
                int errno = GreetingGlue.print_greeting(greeter, memory, log);
                return $"{errno} {greeter.Calls} {string.Join(" / ", log.All)} {GreetingGlue.Functions.Count} {GreetingGlue.Functions[0].Signature}";
            }
        }
        """;

    [Fact]
    public void AWitxModuleDefinedInTheTestCompilesAndRuns()
    {
        var run = Generate(GreeterSource, true, ("/w/greeting.witx", GreetingWitx, "Demo"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileDiagnostics);

        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var alc = new AssemblyLoadContext("witx-test", isCollectible: true);
        try
        {
            stream.Position = 0;
            var asm = alc.LoadFromStream(stream);
            var result = (string)asm.GetType("Program")!.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Equal("0 1 Trace: print_greeting() / Trace: -> errno=ESUCCESS 1 (param) (result i32)", result);
        }
        finally
        {
            alc.Unload();
        }
    }

    [Fact]
    public void AClassLackingAMethodDoesNotCompile()
    {
        var run = Generate("using Demo; public sealed class Lazy : IGreeting { }", true, ("/w/greeting.witx", GreetingWitx, "Demo"));
        Assert.Empty(run.GeneratorDiagnostics);
        var error = Assert.Single(run.CompileDiagnostics);
        Assert.Equal("CS0535", error.Id);
        Assert.Contains("IGreeting.PrintGreeting(GuestMemory)", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GeneratedCodeIsTheSameAsTheEmitterOutput()
    {
        var run = Generate("", true, ("/w/greeting.witx", GreetingWitx, "Demo"));
        var generated = run.Driver.GetRunResult().Results.Single().GeneratedSources.Single();
        Assert.Equal("Demo.greeting.g.cs", generated.HintName);
        var text = generated.SourceText.ToString();
        Assert.Contains("public partial interface IGreeting", text);
        Assert.Contains("global::Demo.Errno PrintGreeting(global::Sharptime.Witx.Runtime.GuestMemory memory);", text);
        Assert.Contains("public static int print_greeting(IGreeting impl, global::Sharptime.Witx.Runtime.GuestMemory memory, global::Microsoft.Extensions.Logging.ILogger? log)", text);
        Assert.Contains("/// Prints a greeting.", text);
    }

    [Fact]
    public void MalformedWitxIsReportedAtItsLine()
    {
        var run = Generate("", true, ("/w/bad.witx", "(typename $a u32)\n\n(typename $b\n   (record (field $x $nope)))", null));
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WITX001", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("unknown type $nope", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var span = d.Location.GetLineSpan();
        Assert.Equal("/w/bad.witx", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);       // 0-based: line 4
        Assert.Equal(21, span.StartLinePosition.Character); // 0-based: column 22, where $nope starts

        run = Generate("", true, ("/w/syntax.witx", "(typename $a (enum $x)\n", null));
        d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WITX001", d.Id);
        Assert.Equal(0, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void UseIsResolvedAmongTheAdditionalFiles()
    {
        const string Types = "(typename $size u32)\n(typename $errno (enum (@witx tag u16) $success $inval))";
        const string Module = "(use \"types.witx\")\n(module $m (@interface func (export \"f\") (param $n $size) (result $e (expected $size (error $errno)))))";
        // Beside the using file.
        var run = Generate("", true, ("/w/a/types.witx", Types, "A"), ("/w/a/m.witx", Module, "A"), ("/w/b/types.witx", Types, "B"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileDiagnostics);
        Assert.Contains("global::A.Errno F(global::Sharptime.Witx.Runtime.GuestMemory memory, uint n, out uint result);",
            run.Driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("A.m.g.cs", StringComparison.Ordinal)).ToString());
        // Elsewhere, found by file name; its types keep their own namespace.
        run = Generate("", true, ("/w/types/types.witx", Types, "T"), ("/w/mod/m.witx", Module, "M"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileDiagnostics);
        Assert.Contains("global::T.Errno F(", run.Driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("M.m.g.cs", StringComparison.Ordinal)).ToString());
        // Ambiguous, and missing.
        run = Generate("", true, ("/w/x/types.witx", Types, "X"), ("/w/y/types.witx", Types, "Y"), ("/w/mod/m.witx", Module, "M"));
        Assert.Equal("WITX002", Assert.Single(run.GeneratorDiagnostics).Id);
        run = Generate("", true, ("/w/mod/m.witx", Module, "M"));
        var missing = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WITX002", missing.Id);
        Assert.Equal(0, missing.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void MissingRuntimeReferenceIsReported()
    {
        var run = Generate("", false, ("/w/greeting.witx", GreetingWitx, "Demo"));
        Assert.Equal("WITX003", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void UnsupportedConstructsAreReported()
    {
        var run = Generate("", true, ("/w/anon.witx", "(module $m (@interface func (export \"f\") (param $p (enum $a $b))))", "D"));
        var d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("WITX004", d.Id);
        Assert.Contains("anonymous enum", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OurWasiWitxGeneratesWarningFreeCode()
    {
        var files = new[] { "preview1/typenames.witx", "preview1/wasi_snapshot_preview1.witx", "preview0/typenames.witx", "preview0/wasi_unstable.witx" }
            .Select(f => (Paths.OurWitx(f), File.ReadAllText(Paths.OurWitx(f)), (string?)(f.StartsWith("preview1", StringComparison.Ordinal) ? "W.P1" : "W.P0")))
            .ToArray();
        var run = Generate("", true, files);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileDiagnostics);
        Assert.Equal(4, run.Driver.GetRunResult().GeneratedTrees.Length);
    }

    [Fact]
    public void ARerunWithTheSameInputsIsCached()
    {
        var run = Generate("", true, ("/w/greeting.witx", GreetingWitx, "Demo"));
        var again = run.Driver.RunGenerators(run.Output.RemoveAllSyntaxTrees().AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Other { }")));
        var result = again.GetRunResult().Results.Single();
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }
}
