using System.Collections.Concurrent;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Sharptime.Benchmarks;

/// <summary>
/// Megabytes of function-body code per second: the code size of the benchmark's "File" parameter
/// divided by its mean time. Sizes are computed again in the host process (BenchmarkDotNet measures
/// in a child process), from the same files.
/// </summary>
internal sealed class CodeThroughputColumn : IColumn
{
    /// <summary>Code bytes by file name, filled by the benchmark's setup (in the child process; unused here).</summary>
    public static readonly ConcurrentDictionary<string, long> CodeBytes = new();

    public string Id => nameof(CodeThroughputColumn);
    public string ColumnName => "Code MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Megabytes (10^6) of function-body code processed per second";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var file = benchmarkCase.Parameters["File"] as string;
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (file is null || stats is null || BenchFiles.Wasm(file) is not { } path) return "-";
        long bytes = CodeBytes.GetOrAdd(file, _ => Sharptime.Binary.ModuleDecoder.Decode(File.ReadAllBytes(path)).Bodies.Sum(b => (long)b.Code.Length));
        double seconds = stats.Mean / 1e9;
        return (bytes / 1e6 / seconds).ToString("N1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
