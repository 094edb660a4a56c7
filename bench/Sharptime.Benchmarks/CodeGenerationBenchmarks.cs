using System.Reflection;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Validation;

namespace Sharptime.Benchmarks;

/// <summary>
/// Code generation throughput, stage by stage, on real programs: decoding, validation, emitting IL
/// (decode + validate + emit is what <see cref="Module.FromBytes"/> does), and the JIT compiling
/// every generated method (which a real run pays only for the functions it calls). The MB/s column
/// divides the size of the code section's bodies by the mean time. "yosys" is bench/large (27.8 MB
/// of code; run bench/large/fetch.sh first, it is skipped otherwise).
/// </summary>
[Config(typeof(Settings))]
public class CodeGenerationBenchmarks
{
    /// <summary>One run per iteration: each one takes from milliseconds to many seconds.</summary>
    private sealed class Settings : ManualConfig
    {
        public Settings()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
            AddColumn(new CodeThroughputColumn());
        }
    }

    [ParamsSource(nameof(Files))]
    public string File { get; set; } = "";

    public static IEnumerable<string> Files() =>
        new[] { "sha256", "hashtable", "yosys" }.Where(name => BenchFiles.Wasm(name) is not null);

    private byte[] _bytes = [];
    private WasmModule _decoded = null!;
    private Engine _engine = null!;
    private Engine _engineWithoutValidation = null!;
    private MethodInfo[] _unjitted = [];

    [GlobalSetup]
    public void Setup()
    {
        _bytes = System.IO.File.ReadAllBytes(BenchFiles.Wasm(File)!);
        _decoded = ModuleDecoder.Decode(_bytes);
        _engine = new Engine();
        _engineWithoutValidation = new Engine(new Config { Validate = false });
        CodeThroughputColumn.CodeBytes[File] = _decoded.Bodies.Sum(b => (long)b.Code.Length);
    }

    [Benchmark(Description = "decode")]
    public WasmModule Decode() => ModuleDecoder.Decode(_bytes);

    [Benchmark(Description = "validate")]
    public ValidationResult Validate() => ModuleValidator.Validate(_decoded);

    [Benchmark(Description = "emit IL")]
    public Module EmitIL() => Module.FromDefinition(_engineWithoutValidation, File, _decoded);

    [Benchmark(Description = "decode+validate+emit")]
    public Module FromBytes() => Module.FromBytes(_engine, File, _bytes);

    [IterationSetup(Target = nameof(Jit))]
    public void CompileForJit() => _unjitted = GeneratedMethods(Module.FromDefinition(_engineWithoutValidation, File, _decoded));

    /// <summary>JIT-compiles every function (at the JIT's first tier, as a first call would).</summary>
    [Benchmark(Description = "JIT all functions")]
    public void Jit()
    {
        foreach (var method in _unjitted) RuntimeHelpers.PrepareMethod(method.MethodHandle);
    }

    /// <summary>The generated methods of a module (its compiled type is internal: reached by reflection).</summary>
    private static MethodInfo[] GeneratedMethods(Module module)
    {
        var compiled = typeof(Module).GetProperty("Compiled", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(module)!;
        var type = (Type)compiled.GetType().GetProperty("Type")!.GetValue(compiled)!;
        return type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly);
    }
}
