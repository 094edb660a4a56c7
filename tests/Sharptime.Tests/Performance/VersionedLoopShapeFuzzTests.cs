using System.Text;

namespace Sharptime.Tests.Performance;

/// <summary>
/// Random loops of richer shapes than <see cref="VersionedLoopDifferentialTests"/>'s, to find loops that
/// Compilation/CountedLoop.cs takes for counted when they are not: the counter's increment and the back
/// edge anywhere in ifs (then or else parts) and blocks, tests on the back edge, on an if around it or on
/// a br_if out (or a br_table out), none or two of them, a second increment of the counter or of a pointer,
/// writes of the limit, of pointers (copies, selects, tees) and of an invariant local, calls and memory.grow,
/// accesses through pointers, the counter, sums and copies of pointers. Each loop runs with arguments near
/// the ends of memory and of the i32 range; the outcome the checked copy (the same loop with an empty loop
/// nested, never versioned) gives in this process, with fuel to bound it, is what the versioned one must
/// give in a child process (<see cref="IsolatedWast"/>: an access left unchecked may kill its process),
/// memory included. SHARPTIME_FUZZ_SEEDS=N runs N loops (150 by default).
/// </summary>
public class VersionedLoopShapeFuzzTests
{
    private const ulong FuelPerRun = 400_000;

    [Fact]
    public void GeneratedLoopsBehaveLikeTheirCheckedCopies()
    {
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("SHARPTIME_FUZZ_SEEDS"), out int n) ? n : 150;
        int firstSeed = int.TryParse(Environment.GetEnvironmentVariable("SHARPTIME_FUZZ_FIRST_SEED"), out int f) ? f : 1;
        var chunks = new List<(int Seed, string Script)>();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
            chunks.Add((seed, ScriptFor(seed)));
        string folder = Path.Combine(Path.GetTempPath(), "sharptime-loop-fuzz-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        // In batches, each in one child; a batch that kills its child is run again a seed at a time to name the loop.
        const int batch = 500;
        for (int from = 0; from < chunks.Count; from += batch)
        {
            var part = chunks.Skip(from).Take(batch).ToList();
            var outcome = RunScript(folder, $"batch{from}", string.Concat(part.Select(c => c.Script)));
            if (outcome.ExitCode == 0) continue;
            if (!outcome.Crashed) Assert.Fail($"versioned loops differ from their checked copies (scripts in {folder}):\n{outcome.Output}");
            foreach (var (seed, script) in part)
            {
                var single = RunScript(folder, $"seed{seed}", script);
                Assert.True(single.ExitCode == 0, $"seed {seed}: {(single.TimedOut ? "timed out" : $"exit {single.ExitCode}")}\n{Tail(single.Output)}\n{script}");
            }
            Assert.Fail($"batch at {from} died (exit {outcome.ExitCode}) but no seed alone did:\n{Tail(outcome.Output)}");
        }
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Many generated loops are versioned (the others are shapes the analysis rightly refuses).</summary>
    [Fact]
    public void ManyGeneratedLoopsAreVersioned()
    {
        int versioned = 0;
        for (int seed = 1; seed <= 100; seed++)
        {
            if (IsVersioned(LoopShapes.Generate(new Random(seed), nested: false))) versioned++;
            Assert.False(IsVersioned(LoopShapes.Generate(new Random(seed), nested: true)));
        }
        Assert.True(versioned >= 20, $"{versioned} of 100 loops versioned");
    }

    internal static bool IsVersioned(string module) =>
        GeneratedIL.Of(module, 0).Any(op => op.Callee?.StartsWith("Iterations", StringComparison.Ordinal) == true);

    private static IsolatedWast.Outcome RunScript(string folder, string name, string script)
    {
        string path = Path.Combine(folder, name + ".wast");
        File.WriteAllText(path, script);
        return IsolatedWast.Run(path, TimeSpan.FromMinutes(2));
    }

    private static string Tail(string s) => s.Length > 3000 ? "..." + s[^3000..] : s;

    /// <summary>The assertions for one loop: per argument set, a fresh instance, f's outcome and the memory's hash after it.</summary>
    private static string ScriptFor(int seed)
    {
        var random = new Random(seed);
        string versioned = LoopShapes.Generate(new Random(seed), nested: false);
        string plain = LoopShapes.Generate(new Random(seed), nested: true);
        var script = new StringBuilder();
        for (int run = 0; run < 4; run++)
        {
            int[] args = LoopShapes.Arguments(random, run);
            if (RunChecked(plain, args) is not { } expected) continue;
            string invoke = $"(invoke \"f\" {string.Join(' ', args.Select(a => $"(i32.const {a})"))})";
            script.Append($";; seed {seed} run {run}\n{versioned}\n");
            script.Append(expected.Trap is { } trap ? $"(assert_trap {invoke} \"{trap}\")\n" : $"(assert_return {invoke} (i32.const {expected.Result}))\n");
            script.Append($"(assert_return (invoke \"hash\") (i32.const {expected.Hash}))\n");
        }
        return script.ToString();
    }

    private sealed record Expected(int Result, string? Trap, int Hash);

    /// <summary>The checked copy's outcome, or null when it runs out of fuel (a loop that runs too long to compare) or traps otherwise than out of bounds.</summary>
    private static Expected? RunChecked(string module, int[] args)
    {
        var engine = new Sharptime.Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 10_000_000 };
        var instance = new Instance(store, Module.FromText(engine, "checked", module));
        var f = instance.GetFunction<int, int, int, int, int>("f")!;
        var hash = instance.GetFunction<int>("hash")!;
        store.Fuel = FuelPerRun;
        int result = 0;
        string? trap = null;
        try
        {
            result = f(args[0], args[1], args[2], args[3]);
        }
        catch (TrapException e) when (e.Code == TrapCode.MemoryOutOfBounds)
        {
            trap = TrapMessages.Of(e.Code);
        }
        catch (TrapException)
        {
            return null;
        }
        store.Fuel = 10_000_000;
        return new Expected(result, trap, hash());
    }
}
