using Sharptime.Model;

namespace Sharptime.Tests.Binary;

/// <summary>
/// Structural equality of modules for tests: every field compared, code (bodies, constant
/// expressions, element items) by bytes. Reports the first difference with where it is, which is
/// what a failing round trip needs to say.
/// </summary>
public static class ModuleEquality
{
    public static void AssertEqual(WasmModule expected, WasmModule actual)
    {
        if (FindDifference(expected, actual) is { } difference) Assert.Fail($"modules differ: {difference}");
    }

    /// <summary>Null when the modules are equal, else a description of the first difference.</summary>
    public static string? FindDifference(WasmModule a, WasmModule b) =>
        List("types", a.Types, b.Types, (x, y) => x.Equals(y))
        ?? List("rec groups", a.RecGroups, b.RecGroups, (x, y) => x == y)
        ?? List("imports", a.Imports, b.Imports, (x, y) => x == y)
        ?? List("functions", a.Functions, b.Functions, (x, y) => x == y)
        ?? List("tables", a.Tables, b.Tables, (x, y) => x.Type == y.Type && ExpressionEquals(x.Init, y.Init))
        ?? List("memories", a.Memories, b.Memories, (x, y) => x == y)
        ?? List("tags", a.Tags, b.Tags, (x, y) => x == y)
        ?? List("globals", a.Globals, b.Globals, (x, y) => x.Type == y.Type && ExpressionEquals(x.Init, y.Init))
        ?? List("exports", a.Exports, b.Exports, (x, y) => x == y)
        ?? (a.Start == b.Start ? null : $"start {a.Start} vs {b.Start}")
        ?? List("elements", a.Elements, b.Elements, ElementEquals)
        ?? (a.DataCount == b.DataCount ? null : $"data count {a.DataCount} vs {b.DataCount}")
        ?? List("bodies", a.Bodies, b.Bodies, (x, y) => x.Locals.AsSpan().SequenceEqual(y.Locals) && x.Code.Span.SequenceEqual(y.Code.Span))
        ?? List("data", a.Data, b.Data, DataEquals)
        ?? List("custom sections", a.CustomSections, b.CustomSections,
            (x, y) => x.Name == y.Name && x.After == y.After && x.Content.Span.SequenceEqual(y.Content.Span))
        ?? NamesDifference(a.Names, b.Names);

    private static string? List<T>(string what, List<T> a, List<T> b, Func<T, T, bool> equals)
    {
        if (a.Count != b.Count) return $"{what}: {a.Count} vs {b.Count} entries";
        for (int i = 0; i < a.Count; i++)
            if (!equals(a[i], b[i])) return $"{what}[{i}]: {a[i]} vs {b[i]}";
        return null;
    }

    private static bool ExpressionEquals(ConstantExpression? x, ConstantExpression? y) =>
        x is null ? y is null : y is not null && x.Code.Span.SequenceEqual(y.Code.Span);

    private static bool ElementEquals(ElementSegment x, ElementSegment y)
    {
        if (x.Mode != y.Mode || x.ElementType != y.ElementType || x.Items.Length != y.Items.Length) return false;
        if (x.Mode == SegmentMode.Active && (x.TableIndex != y.TableIndex || !ExpressionEquals(x.Offset, y.Offset))) return false;
        for (int i = 0; i < x.Items.Length; i++)
            if (!ExpressionEquals(x.Items[i], y.Items[i])) return false;
        return true;
    }

    private static bool DataEquals(DataSegment x, DataSegment y) =>
        x.Mode == y.Mode && x.Bytes.Span.SequenceEqual(y.Bytes.Span)
        && (x.Mode != SegmentMode.Active || (x.MemoryIndex == y.MemoryIndex && ExpressionEquals(x.Offset, y.Offset)));

    private static string? NamesDifference(NameSection? a, NameSection? b)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"names: {(a is null ? "none" : "some")} vs {(b is null ? "none" : "some")}";
        if (a.ModuleName != b.ModuleName) return $"module name {a.ModuleName} vs {b.ModuleName}";
        if (a.LocalNames.Count != b.LocalNames.Count) return "local names: different functions";
        foreach (var (function, locals) in a.LocalNames)
            if (!b.LocalNames.TryGetValue(function, out var other) || MapDifference("", locals, other) is not null)
                return $"local names of function {function}";
        return MapDifference("function names", a.FunctionNames, b.FunctionNames)
            ?? MapDifference("type names", a.TypeNames, b.TypeNames)
            ?? MapDifference("table names", a.TableNames, b.TableNames)
            ?? MapDifference("memory names", a.MemoryNames, b.MemoryNames)
            ?? MapDifference("global names", a.GlobalNames, b.GlobalNames)
            ?? MapDifference("element names", a.ElementNames, b.ElementNames)
            ?? MapDifference("data names", a.DataNames, b.DataNames)
            ?? MapDifference("tag names", a.TagNames, b.TagNames);
    }

    private static string? MapDifference(string what, Dictionary<int, string> a, Dictionary<int, string> b)
    {
        if (a.Count != b.Count) return $"{what}: {a.Count} vs {b.Count}";
        foreach (var (index, name) in a)
            if (!b.TryGetValue(index, out var other) || other != name) return $"{what}[{index}]: {name} vs {other}";
        return null;
    }
}
