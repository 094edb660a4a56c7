using System.Text;

namespace Sharptime.Tests.Performance;

/// <summary>
/// Generates modules for <see cref="VersionedLoopShapeFuzzTests"/>: f(p, q, k, n) runs one loop whose body is a
/// random tree of statements (accesses, steps of the pointers p and r, other writes, calls, ifs, blocks, exits)
/// into which the counter k's increment and the back edge are put at random places. The module's start fills
/// memory with a pattern, and <c>hash</c> hashes it.
/// </summary>
internal static class LoopShapes
{
    private static readonly string[] s_comparisons = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
    private static readonly int[] s_steps = [1, 1, 2, 4, 8, 64, 4096, 0x7FFFFFFF, -0x7FFFFFFF];
    private static readonly int[] s_hugeSteps = [0x7FFFFFFF, 0x7FFFFFF0, -0x7FFFFFFF, 0x40000000];
    private static readonly uint[] s_offsets = [0, 0, 0, 1, 4, 8, 13, 4096, 65535, 0xFFFFFFF0];

    /// <summary>A statement list of the tree (the body, a then or else part, a block's parts), where more may be put.</summary>
    private sealed class Block
    {
        public List<object> Items { get; } = [];
    }

    private sealed record If(string Condition, Block Then, Block? Else);

    private sealed record Labelled(string Label, Block Body);

    /// <summary>The arguments of run <paramref name="run"/>: p and q near the ends of memory or anywhere, k and n near the ends of the i32 range or small.</summary>
    public static int[] Arguments(Random random, int run) => run % 2 == 0
        ? [random.Next(3) == 0 ? random.Next(2000) : 65536 - random.Next(2000), random.Next(2) == 0 ? random.Next(300) : 65536 - random.Next(700),
           random.Next(-40, 40), random.Next(-40, 40)]
        : [Address(random), Address(random), Counter(random), Counter(random)];

    private static int Address(Random random) => random.Next(6) switch
    {
        0 => random.Next(256),
        1 => 65536 - random.Next(1, 300),
        2 => -random.Next(1, 300),
        3 => random.Next(65536),
        4 => 65536 + random.Next(64),
        _ => random.Next(int.MinValue, int.MaxValue),
    };

    /// <summary>A counter or limit: 0, small, or near the ends of the i32 and u32 ranges.</summary>
    public static int Counter(Random random) => random.Next(7) switch
    {
        0 => 0,
        1 => random.Next(-8, 40),
        2 => int.MaxValue - random.Next(64),
        3 => int.MinValue + random.Next(64),
        4 => -random.Next(1, 64),
        5 => (int)(uint.MaxValue - (uint)random.Next(64)),
        _ => random.Next(int.MinValue, int.MaxValue),
    };

    /// <summary>The comparison that is false where <paramref name="test"/> is true, when it is one; else the test (whose negation is then tested).</summary>
    private static string Negation(string test)
    {
        foreach (var (from, to) in new[] { ("ne", "eq"), ("eq", "ne"), ("lt_", "ge_"), ("ge_", "lt_"), ("gt_", "le_"), ("le_", "gt_") })
            if (test.StartsWith("(i32." + from, StringComparison.Ordinal)) return "(i32." + to + test[(5 + from.Length)..];
        return test;
    }

    public static string Generate(Random random, bool nested)
    {
        int labels = 0;
        var blocks = new List<Block>();
        int Step() => random.Next(4) == 0 ? s_steps[random.Next(s_steps.Length)] : (random.Next(1, 5) * (random.Next(3) == 0 ? -1 : 1));
        // Sometimes pointers that step nearly 2^31 and a counter that goes all the way round (2^32 iterations):
        // bounds near 2^63.
        bool hugeSteps = random.Next(8) == 0;
        int hugeStep = s_hugeSteps[random.Next(s_hugeSteps.Length)];
        int PointerStep() => !hugeSteps ? Step() : random.Next(2) == 0 ? hugeStep : s_hugeSteps[random.Next(s_hugeSteps.Length)];
        int counterStep = hugeSteps && random.Next(2) == 0 ? 1 : Step();
        // j is k before the loop: a counter tested against it goes all the way round, 2^32 / step iterations.
        string limit = (hugeSteps ? 2 : random.Next(6)) switch
        {
            0 => $"(i32.const {Counter(random)})",
            1 => $"(i32.const {random.Next(100)})",
            2 => "(local.get $j)",
            _ => "(local.get $n)",
        };
        string Increment(string local, int step) => random.Next(4) switch
        {
            0 => $"(local.set {local} (i32.add (i32.const {step}) (local.get {local})))",
            1 => $"(drop (local.tee {local} (i32.add (local.get {local}) (i32.const {step}))))",
            2 when step != int.MinValue => $"(local.set {local} (i32.sub (local.get {local}) (i32.const {-step})))",
            _ => $"(local.set {local} (i32.add (local.get {local}) (i32.const {step})))",
        };
        string counterIncrement = Increment("$k", counterStep);
        string Tee() => $"(local.tee $k (i32.add (local.get $k) (i32.const {counterStep})))";
        string CounterValue() => random.Next(12) == 0 ? $"(local.tee $k (i32.add (local.get $k) (i32.const {counterStep})))" : "(local.get $k)";
        // The back edge's test increments the counter itself (clang's loops) in a fifth of the loops.
        bool teeOnBackEdge = random.Next(5) == 0;
        string Test(string value)
        {
            // Mostly comparisons that bound the counter counting its way, as compilers write them.
            string comparison = random.Next(3) == 0 ? s_comparisons[random.Next(s_comparisons.Length)]
                : counterStep > 0 ? new[] { "ne", "lt_s", "lt_u", "le_s", "le_u" }[random.Next(5)]
                : new[] { "ne", "gt_s", "gt_u", "ge_s", "ge_u" }[random.Next(5)];
            bool swap = random.Next(2) == 0;
            // limit > k is k < limit: swapped, the comparison is mirrored.
            string mirrored = comparison[..2] switch { "lt" => "gt", "gt" => "lt", "le" => "ge", "ge" => "le", _ => comparison[..2] } + comparison[2..];
            string test = random.Next(7) == 0 ? value
                : swap ? $"(i32.{mirrored} {limit} {value})" : $"(i32.{comparison} {value} {limit})";
            // Negated as often, with the comparison reversed (not (k >= n) is k < n).
            return random.Next(4) == 0 ? $"(i32.eqz {Negation(test)})" : test;
        }
        string Condition() => random.Next(8) switch
        {
            0 => "(i32.and (local.get $acc) (i32.const 1))",
            1 => "(i32.lt_u (local.get $j) (i32.const 3))",
            2 => "(local.get $k)",
            3 => "(i32.const 0)",
            4 => "(i32.const 1)",
            5 => "(i32.gt_s (local.get $k) (local.get $n))",
            _ => Test("(local.get $k)"),
        };
        string Through() => random.Next(9) switch
        {
            0 or 1 => "(local.get $p)",
            2 => "(local.get $r)",
            3 => "(local.get $q)",
            4 => "(local.get $k)",
            5 => "(local.get $t)",
            6 => "(i32.add (local.get $p) (local.get $q))",
            7 => "(i32.add (local.get $p) (local.get $r))",
            _ => $"(i32.add (local.get {(random.Next(2) == 0 ? "$p" : "$r")}) (i32.const {random.Next(1, 40)}))",
        };
        string Access()
        {
            uint offset = s_offsets[random.Next(s_offsets.Length)];
            string address = Through();
            return random.Next(6) switch
            {
                0 => $"(local.set $acc (i32.add (local.get $acc) (i32.load offset={offset} {address})))",
                1 => $"(local.set $acc (i32.xor (local.get $acc) (i32.load8_u offset={offset} {address})))",
                2 => $"(local.set $acc (i32.add (local.get $acc) (i32.wrap_i64 (i64.load offset={offset} {address}))))",
                3 => $"(i32.store8 offset={offset} {address} (local.get $acc))",
                4 => $"(i32.store offset={offset} {address} (i32.add (local.get $acc) (i32.const 1)))",
                _ => $"(i64.store offset={offset} {address} (i64.extend_i32_u (local.get $acc)))",
            };
        }
        string OtherWrite() => random.Next(12) switch
        {
            0 => "(local.set $t (i32.add (local.get $p) (i32.const 8)))",
            1 => "(local.set $r (local.get $q))",
            2 => "(local.set $j (i32.add (local.get $j) (i32.const 1)))",
            3 => "(local.set $n (i32.add (local.get $n) (i32.const 1)))",
            4 => counterIncrement,
            5 => "(local.set $p (select (local.get $p) (local.get $q) (i32.and (local.get $acc) (i32.const 1))))",
            6 => "(local.set $q (i32.add (local.get $q) (i32.const 4)))",
            7 => "(local.set $k (local.get $n))",
            8 => Increment("$p", Step()),
            9 => "(call $g)",
            10 => random.Next(2) == 0 ? "(drop (memory.grow (i32.const 1)))" : "(drop (memory.grow (i32.const 0)))",
            _ => "(local.set $t (local.get $k))",
        };
        Block Fill(int depth)
        {
            var block = new Block();
            blocks.Add(block);
            for (int i = random.Next(depth == 0 ? 2 : 0, depth == 0 ? 6 : 3); i > 0; i--)
            {
                int kind = random.Next(20);
                if (kind < 9) block.Items.Add(Access());
                else if (kind < 11) block.Items.Add(random.Next(6) == 0 ? OtherWrite() : "");
                else if (kind < 12) block.Items.Add($"(br_if $out {(random.Next(2) == 0 ? Condition() : Test(CounterValue()))})");
                else if (kind < 13 && depth < 2)
                {
                    string label = $"$b{labels++}";
                    block.Items.Add($"(block {label} (br_table {label} $out {label} (i32.and (local.get $acc) (i32.const 3))))");
                }
                else if (kind < 17 && depth < 2) block.Items.Add(new If(Condition(), Fill(depth + 1), random.Next(2) == 0 ? Fill(depth + 1) : null));
                else if (depth < 2)
                {
                    string label = $"$b{labels++}";
                    var inner = Fill(depth + 1);
                    if (random.Next(2) == 0) inner.Items.Insert(random.Next(inner.Items.Count + 1), $"(br_if {label} {Condition()})");
                    block.Items.Add(new Labelled(label, inner));
                }
            }
            return block;
        }
        void PutAnywhere(string statement)
        {
            var block = blocks[random.Next(blocks.Count)];
            block.Items.Insert(random.Next(block.Items.Count + 1), statement);
        }
        void PutInBody(Block body, string statement) => body.Items.Insert(random.Next(body.Items.Count + 1), statement);

        var body = Fill(0);
        // The pointers' steps: mostly once each in the body itself, sometimes in a nested part or twice.
        foreach (string pointer in new[] { "$p", "$r" })
        {
            string step = Increment(pointer, PointerStep());
            if (random.Next(4) == 0) PutAnywhere(step);
            else PutInBody(body, step);
        }
        // The counter's increment: mostly once in the body, else anywhere, sometimes not at all or twice.
        int increments = random.Next(15) switch { 0 => 0, 1 => 2, _ => 1 } - (teeOnBackEdge && random.Next(6) > 0 ? 1 : 0);
        for (int i = 0; i < increments; i++)
        {
            if (random.Next(5) == 0) PutAnywhere(counterIncrement);
            else PutInBody(body, counterIncrement);
        }
        // The back edge, with its test on it, on an if around it, or on a br_if out; sometimes a second one.
        int backEdges = random.Next(15) == 0 ? 2 : 1;
        for (int i = 0; i < backEdges; i++)
        {
            string backEdge;
            switch (random.Next(4))
            {
                case 0:
                    backEdge = $"(if {Test(teeOnBackEdge ? Tee() : CounterValue())} (then (br $l)))";
                    break;
                case 1:
                    backEdge = "(br $l)";
                    PutAnywhere($"(br_if $out {Test(teeOnBackEdge ? Tee() : CounterValue())})");
                    break;
                default:
                    backEdge = $"(br_if $l {Test(teeOnBackEdge ? Tee() : CounterValue())})";
                    break;
            }
            // The end of the body most of the time (compilers put it there), else anywhere.
            if (random.Next(5) == 0) PutAnywhere(backEdge);
            else body.Items.Add(backEdge);
        }
        var text = new StringBuilder();
        void Render(Block block, int indent)
        {
            string pad = new(' ', indent);
            foreach (var item in block.Items)
            {
                switch (item)
                {
                    case string statement when statement.Length > 0:
                        text.Append(pad).Append(statement).Append('\n');
                        break;
                    case If(var condition, var then, var otherwise):
                        text.Append(pad).Append($"(if {condition} (then\n");
                        Render(then, indent + 2);
                        text.Append(pad).Append(')');
                        if (otherwise is not null)
                        {
                            text.Append(" (else\n");
                            Render(otherwise, indent + 2);
                            text.Append(pad).Append(')');
                        }
                        text.Append(")\n");
                        break;
                    case Labelled(var label, var inner):
                        text.Append(pad).Append($"(block {label}\n");
                        Render(inner, indent + 2);
                        text.Append(pad).Append(")\n");
                        break;
                }
            }
        }
        Render(body, 8);
        string nest = nested ? "(loop $nested)\n" : "";
        return $$"""
            (module
              (memory (export "memory") 1 4)
              (func (export "f") (param $p i32) (param $q i32) (param $k i32) (param $n i32) (result i32)
                (local $acc i32) (local $r i32) (local $j i32) (local $t i32)
                (local.set $r (i32.add (i32.sub (local.get $p) (i32.const 300)) (i32.and (local.get $q) (i32.const 511))))
                (local.set $j (local.get $k))
                (local.set $t (local.get $q))
                (block $out
                  (loop $l
                    {{nest}}{{text}}))
                (local.get $acc))
              (func $g (global.set $calls (i32.add (global.get $calls) (i32.const 1))))
              (global $calls (mut i32) (i32.const 0))
              (func $init (local $i i32)
                (loop $c (loop)
                  (i32.store8 (local.get $i) (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.shr_u (local.get $i) (i32.const 8))))
                  (br_if $c (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 65536)))))
              (start $init)
              (func (export "hash") (result i32) (local $i i32) (local $h i32)
                (loop $c (loop)
                  (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (i32.load8_u (local.get $i))))
                  (br_if $c (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.mul (memory.size) (i32.const 65536)))))
                (i32.add (local.get $h) (global.get $calls))))
            """;
    }
}
