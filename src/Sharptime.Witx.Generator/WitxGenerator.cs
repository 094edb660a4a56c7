using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Sharptime.Witx.Generator;

/// <summary>
/// Generates C# from the project's AdditionalFiles ending in <c>.witx</c>. Item metadata
/// <c>WitxNamespace</c> chooses the C# namespace of what a file declares (default: the project's
/// RootNamespace); <c>WitxLogCategory</c> the logger category written in the module's glue
/// (default: the namespace). <c>(use "x.witx")</c> is resolved among the AdditionalFiles: first the
/// file at that path relative to the using file, else the only AdditionalFile with that file name.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WitxGenerator : IIncrementalGenerator
{
    public const string RuntimeMarkerType = "Sharptime.Witx.Runtime.GuestMemory";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static t => t.Path.EndsWith(".witx", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) =>
            {
                var options = pair.Right.GetOptions(pair.Left);
                options.TryGetValue("build_metadata.AdditionalFiles.WitxNamespace", out var ns);
                options.TryGetValue("build_metadata.AdditionalFiles.WitxLogCategory", out var category);
                var text = pair.Left.GetText(ct)?.ToString();
                return new WitxInputFile(pair.Left.Path, text, Blank(ns), Blank(category));
            })
            .Collect();

        var rootNamespace = context.AnalyzerConfigOptionsProvider.Select(static (o, _) =>
            o.GlobalOptions.TryGetValue("build_property.RootNamespace", out var v) ? Blank(v) : null);

        var hasRuntime = context.CompilationProvider.Select(static (c, _) =>
            c.GetTypeByMetadataName(RuntimeMarkerType) != null);

        var results = files.Combine(rootNamespace).Combine(hasRuntime).Select(static (x, ct) =>
        {
            var inputs = x.Left.Left;
            if (inputs.IsEmpty)
            {
                return GenerationResult.Empty;
            }
            if (!x.Right)
            {
                return new GenerationResult(ImmutableArray<GeneratedSource>.Empty, ImmutableArray.Create(
                    new DiagnosticInfo(Diagnostics.MissingRuntime.Id, "", inputs[0].Path, 0, 0)));
            }
            return WitxEmitter.Generate(inputs, x.Left.Right ?? "Witx.Generated", ct);
        });

        context.RegisterSourceOutput(results, static (spc, result) =>
        {
            foreach (var d in result.Diagnostics)
            {
                spc.ReportDiagnostic(d.ToDiagnostic());
            }
            foreach (var s in result.Sources)
            {
                spc.AddSource(s.HintName, SourceText.From(s.Text, System.Text.Encoding.UTF8));
            }
        });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();
}

/// <summary>One witx AdditionalFile with its metadata (value-equal, for incremental caching).</summary>
public sealed class WitxInputFile : IEquatable<WitxInputFile>
{
    public WitxInputFile(string path, string? text, string? ns, string? logCategory)
    {
        Path = path;
        Text = text;
        Namespace = ns;
        LogCategory = logCategory;
    }

    public string Path { get; }
    public string? Text { get; }
    public string? Namespace { get; }
    public string? LogCategory { get; }

    public bool Equals(WitxInputFile? other) =>
        other is not null && Path == other.Path && Text == other.Text && Namespace == other.Namespace && LogCategory == other.LogCategory;

    public override bool Equals(object? obj) => Equals(obj as WitxInputFile);

    public override int GetHashCode() => (Path.GetHashCode() * 31) ^ (Text?.Length ?? 0);
}

public sealed class GeneratedSource : IEquatable<GeneratedSource>
{
    public GeneratedSource(string hintName, string text)
    {
        HintName = hintName;
        Text = text;
    }

    public string HintName { get; }
    public string Text { get; }

    public bool Equals(GeneratedSource? other) => other is not null && HintName == other.HintName && Text == other.Text;
    public override bool Equals(object? obj) => Equals(obj as GeneratedSource);
    public override int GetHashCode() => HintName.GetHashCode();
}

/// <summary>A diagnostic as plain data (Roslyn's Diagnostic is not value-equal).</summary>
public sealed class DiagnosticInfo : IEquatable<DiagnosticInfo>
{
    public DiagnosticInfo(string id, string message, string? path, int line, int column)
    {
        Id = id;
        Message = message;
        Path = path;
        Line = line;
        Column = column;
    }

    public string Id { get; }
    public string Message { get; }
    public string? Path { get; }
    public int Line { get; }
    public int Column { get; }

    public Diagnostic ToDiagnostic()
    {
        var descriptor = Diagnostics.ById(Id);
        var location = Path is null
            ? Location.None
            : Location.Create(Path, default, new LinePositionSpan(
                new LinePosition(Math.Max(Line - 1, 0), Math.Max(Column - 1, 0)),
                new LinePosition(Math.Max(Line - 1, 0), Math.Max(Column - 1, 0))));
        return Diagnostic.Create(descriptor, location, Message);
    }

    public bool Equals(DiagnosticInfo? other) =>
        other is not null && Id == other.Id && Message == other.Message && Path == other.Path && Line == other.Line && Column == other.Column;
    public override bool Equals(object? obj) => Equals(obj as DiagnosticInfo);
    public override int GetHashCode() => Message.GetHashCode();
}

public sealed class GenerationResult : IEquatable<GenerationResult>
{
    public static readonly GenerationResult Empty = new(ImmutableArray<GeneratedSource>.Empty, ImmutableArray<DiagnosticInfo>.Empty);

    public GenerationResult(ImmutableArray<GeneratedSource> sources, ImmutableArray<DiagnosticInfo> diagnostics)
    {
        Sources = sources;
        Diagnostics = diagnostics;
    }

    public ImmutableArray<GeneratedSource> Sources { get; }
    public ImmutableArray<DiagnosticInfo> Diagnostics { get; }

    public bool Equals(GenerationResult? other) =>
        other is not null && Sources.SequenceEqual(other.Sources) && Diagnostics.SequenceEqual(other.Diagnostics);
    public override bool Equals(object? obj) => Equals(obj as GenerationResult);
    public override int GetHashCode() => Sources.Length;
}

public static class Diagnostics
{
    private const string Category = "Sharptime.Witx";

    /// <summary>WITX001: a syntax or semantic error in a witx file.</summary>
    public static readonly DiagnosticDescriptor WitxError = new(
        "WITX001", "Invalid witx", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>WITX002: a <c>(use ...)</c> names a file that is not among the AdditionalFiles, or several.</summary>
    public static readonly DiagnosticDescriptor UseNotFound = new(
        "WITX002", "witx (use ...) not resolved", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>WITX003: the project does not reference Sharptime.Witx.Runtime.</summary>
    public static readonly DiagnosticDescriptor MissingRuntime = new(
        "WITX003", "Sharptime.Witx.Runtime is not referenced",
        "Code generated from witx needs a reference to Sharptime.Witx.Runtime (type Sharptime.Witx.Runtime.GuestMemory not found)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>WITX004: valid witx that has no C# mapping (for example an anonymous record).</summary>
    public static readonly DiagnosticDescriptor Unsupported = new(
        "WITX004", "witx construct not supported by the C# generator", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "WITX002" => UseNotFound,
        "WITX003" => MissingRuntime,
        "WITX004" => Unsupported,
        _ => WitxError,
    };
}
