using System.Text;

namespace Sharptime.Tests.Performance;

/// <summary>
/// Random counted loops (the shapes of Compilation/CountedLoop.cs: the test at the back edge, in an if around it
/// or on a br_if out before it; every kind of comparison, either operand order, negated, or the counter's truth;
/// induction locals counting up or down with various steps, invariant locals, accesses with offsets of every
/// size, sums of two locals) run with arguments
/// near the end of memory and near 2^32, against the same loop with an empty loop nested in its body, which
/// makes it not versioned: both must return the same or trap alike, and leave the same memory.
/// SHARPTIME_FUZZ_SEEDS=N runs N loops (200 by default).
/// </summary>
public class VersionedLoopDifferentialTests
{
    public static TheoryData<int> Seeds =>
        new(Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("SHARPTIME_FUZZ_SEEDS"), out int n) ? n : 200));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void VersionedLoopBehavesLikeTheCheckedOne(int seed)
    {
        var random = new Random(seed);
        string Body(bool nested) => GenerateLoop(new Random(seed), nested);
        string versioned = Body(nested: false), plain = Body(nested: true);
        for (int run = 0; run < 6; run++)
        {
            // Half the runs near the guard's edge: a short count, pointers that end just inside or just past memory.
            int[] args = LoopShapes.Arguments(random, run);
            var (want, wantMemory) = Run(plain, args);
            var (got, gotMemory) = Run(versioned, args);
            Assert.True(want == got, $"seed {seed}, arguments {string.Join(", ", args)}: checked loop {want}, versioned {got}\n{versioned}");
            Assert.True(wantMemory.AsSpan().SequenceEqual(gotMemory), $"seed {seed}, arguments {string.Join(", ", args)}: memory differs\n{versioned}");
        }
    }

    /// <summary>Many of the loops compared above are versioned (the others test comparisons that bound nothing), and the nested ones never: the comparison tests something.</summary>
    [Fact]
    public void MostGeneratedLoopsAreVersioned()
    {
        static bool Versioned(string body) =>
            GeneratedIL.Of($"(module (memory 1) {body})", 0).Any(op => op.Callee?.StartsWith("Iterations", StringComparison.Ordinal) == true);
        int versioned = 0;
        for (int seed = 1; seed <= 100; seed++)
        {
            if (Versioned(GenerateLoop(new Random(seed), nested: false))) versioned++;
            Assert.False(Versioned(GenerateLoop(new Random(seed), nested: true)));
        }
        Assert.True(versioned >= 40, $"{versioned} of 100 loops versioned");
    }

    private static (string Outcome, byte[] Memory) Run(string body, int[] args)
    {
        var engine = new Sharptime.Engine();
        var instance = new Instance(new Store(engine), Module.FromText(engine, "loop", $"(module (memory (export \"memory\") 1) {body})"));
        var memory = instance.GetMemory("memory")!.GetSpan();
        for (int i = 0; i < memory.Length; i++) memory[i] = (byte)(i * 7 + (i >> 8));
        var f = instance.GetFunction<int, int, int, int, int>("f")!;
        string outcome;
        try
        {
            outcome = "returned " + f(args[0], args[1], args[2], args[3]);
        }
        catch (TrapException trap)
        {
            outcome = "trapped " + trap.Code;
        }
        return (outcome, instance.GetMemory("memory")!.GetSpan().ToArray());
    }

    private static readonly string[] s_comparisons = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
    private static readonly int[] s_steps = [1, 1, 2, 3, 4, 8, 16, 64];
    private static readonly uint[] s_smallOffsets = [0, 0, 1, 2, 4, 8, 13, 64];
    private static readonly uint[] s_largeOffsets = [4096, 65000, 65535, 0xFFFFFFF0];

    /// <summary>
    /// A function f(p, q, k, n) with a counted loop: k the counter, p and r (p - 300 + q mod 512 at first) pointers
    /// increased each iteration, q an invariant pointer, n (or a constant) the limit.
    /// </summary>
    private static string GenerateLoop(Random random, bool nested)
    {
        var pre = new StringBuilder(); // statements before the exit test
        var post = new StringBuilder(); // statements after it
        // Steps count up or, a third of the time, down.
        int Step() => s_steps[random.Next(s_steps.Length)] * (random.Next(3) == 0 ? -1 : 1);
        int counterStep = Step();
        string[] pointers = ["$p", "$r"];
        int[] steps = [Step(), Step()];
        string limit = random.Next(3) == 0 ? $"(i32.const {LoopShapes.Counter(random)})" : random.Next(4) == 0 ? $"(i32.const {random.Next(100)})" : "(local.get $n)";
        // The first access goes through $p every iteration, so that a loop whose counter never meets its limit
        // still ends (with a trap).
        pre.Append(Access(random, "$p")).Append('\n');
        var statements = new List<string>();
        for (int i = random.Next(1, 6); i > 0; i--)
            statements.Add(Access(random, random.Next(4) switch { 0 => "$p", 1 => "$r", 2 => "$q", _ => "sum" }));
        for (int i = 0; i < 2; i++)
            statements.Add($"(local.set {pointers[i]} (i32.add (local.get {pointers[i]}) (i32.const {steps[i]})))");
        string increment = $"(local.set $k (i32.add (local.get $k) (i32.const {counterStep})))";
        int shape = random.Next(3);
        // Where the counter is tested: 0 after its increment (br_if at the end), 1 before it (an if around the
        // back edge), 2 after it (br_if out, then br).
        string comparison = s_comparisons[random.Next(s_comparisons.Length)];
        bool swap = random.Next(2) == 0, negate = random.Next(3) == 0;
        string counterValue = shape == 0 && random.Next(2) == 0 ? $"(local.tee $k (i32.add (local.get $k) (i32.const {counterStep})))" : "(local.get $k)";
        // Sometimes the counter's truth (counter != 0), as clang tests a count down to zero.
        string test = random.Next(6) == 0 ? counterValue
            : swap ? $"(i32.{comparison} {limit} {counterValue})" : $"(i32.{comparison} {counterValue} {limit})";
        if (negate) test = $"(i32.eqz {test})";
        var ordered = statements.OrderBy(_ => random.Next()).ToList();
        int split = random.Next(ordered.Count + 1);
        foreach (var s in ordered.Take(split)) pre.Append(s).Append('\n');
        foreach (var s in ordered.Skip(split)) post.Append(s).Append('\n');
        string nest = nested ? "(loop $nested)\n" : "";
        string loop = shape switch
        {
            0 => $"(loop $l {nest}{pre}{post}{(counterValue.StartsWith("(local.tee", StringComparison.Ordinal) ? "" : increment)}\n(br_if $l {test}))",
            1 => $"(loop $l {nest}{pre}(if {test} (then {post}{increment} (br $l))))",
            _ => $"(block $out (loop $l {nest}{pre}{increment}\n(br_if $out (i32.eqz {test}))\n{post}(br $l)))",
        };
        return $$"""
            (func (export "f") (param $p i32) (param $q i32) (param $k i32) (param $n i32) (result i32)
              (local $acc i32) (local $r i32)
              (local.set $r (i32.add (i32.sub (local.get $p) (i32.const 300)) (i32.and (local.get $q) (i32.const 511))))
              {{loop}}
              (local.get $acc))
            """;
    }

    private static string Access(Random random, string through)
    {
        uint offset = random.Next(8) > 0 ? s_smallOffsets[random.Next(s_smallOffsets.Length)] : s_largeOffsets[random.Next(s_largeOffsets.Length)];
        string address = through == "sum" ? "(i32.add (local.get $p) (local.get $q))"
            : random.Next(3) == 0 ? $"(i32.add (local.get {through}) (i32.const {random.Next(1, 40)}))"
            : $"(local.get {through})";
        return random.Next(7) switch
        {
            0 => $"(local.set $acc (i32.add (local.get $acc) (i32.load offset={offset} {address})))",
            1 => $"(local.set $acc (i32.xor (local.get $acc) (i32.load8_u offset={offset} {address})))",
            2 => $"(local.set $acc (i32.add (local.get $acc) (i32.wrap_i64 (i64.load offset={offset} {address}))))",
            3 => $"(local.set $acc (i32.sub (local.get $acc) (i32.load16_s offset={offset} {address})))",
            4 => $"(i32.store8 offset={offset} {address} (local.get $acc))",
            5 => $"(i32.store offset={offset} {address} (i32.add (local.get $acc) (i32.const 1)))",
            _ => $"(i64.store offset={offset} {address} (i64.extend_i32_u (local.get $acc)))",
        };
    }
}
