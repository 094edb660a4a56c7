namespace Sharptime.Tests.Performance;

/// <summary>
/// A select whose condition compares a value with a constant compiles to one Runtime.Selection helper
/// that takes the value (Compilation/FunctionCompiler.Idioms.cs). These cases check every ordering
/// comparison, signed and unsigned, at the constants where the helper's mask changes form (0, the top
/// bit, the largest and smallest values) against the plain meaning, for values on both sides of each.
/// </summary>
public class SelectOnCompareTests
{
    private static readonly string[] s_compares = ["lt_u", "le_u", "gt_u", "ge_u", "lt_s", "le_s", "gt_s", "ge_s"];

    /// <summary>The comparison of <paramref name="x"/> with <paramref name="c"/>, both the bits of a value of <paramref name="bits"/> bits.</summary>
    private static bool Holds(string compare, ulong x, ulong c, int bits)
    {
        int order = compare.EndsWith("_u")
            ? x.CompareTo(c)
            : (bits == 32 ? ((int)(uint)x).CompareTo((int)(uint)c) : ((long)x).CompareTo((long)c));
        return compare[..2] switch
        {
            "lt" => order < 0,
            "le" => order <= 0,
            "gt" => order > 0,
            _ => order >= 0,
        };
    }

    /// <summary>Operands around each constant and at the ends of the range.</summary>
    private static IEnumerable<ulong> Operands(ulong c, ulong max)
    {
        ulong top = max / 2 + 1;
        foreach (var x in new[] { 0UL, 1UL, c, c - 1, c + 1, top - 1, top, top + 1, max - 1, max, 0x1234UL, max - 0x1234UL })
            yield return x & max;
    }

    private static (string Module, List<(string Export, string Compare, ulong Constant)> Cases) Module(string type, ulong[] constants)
    {
        var cases = new List<(string, string, ulong)>();
        var functions = new System.Text.StringBuilder();
        foreach (var compare in s_compares)
            foreach (var c in constants)
            {
                string name = $"{compare}_{c}";
                string constant = type == "i32" ? ((int)(uint)c).ToString() : ((long)c).ToString();
                functions.Append($"""
                    (func (export "{name}") (param $x {type}) (result {type})
                      (select ({type}.const 111) ({type}.const 222) ({type}.{compare} (local.get $x) ({type}.const {constant}))))
                    """);
                cases.Add((name, compare, c));
            }
        return ($"(module {functions})", cases);
    }

    [Fact]
    public void I64SelectsMatchTheComparison()
    {
        ulong[] constants = [0, 1, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001, 0xC000_0000_0000_0001, ulong.MaxValue - 1, ulong.MaxValue, 4611686018427387846];
        var (wat, cases) = Module("i64", constants);
        var engine = new global::Sharptime.Engine();
        var instance = new Instance(new Store(engine), global::Sharptime.Module.FromText(engine, "select64", wat));
        foreach (var (export, compare, c) in cases)
        {
            var f = instance.GetFunction<long, long>(export)!;
            foreach (var x in Operands(c, ulong.MaxValue))
                Assert.True(f((long)x) == (Holds(compare, x, c, 64) ? 111 : 222), $"{export}({x})");
        }
    }

    [Fact]
    public void I32SelectsMatchTheComparison()
    {
        ulong[] constants = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xC000_0001, uint.MaxValue - 1, uint.MaxValue, 1000];
        var (wat, cases) = Module("i32", constants);
        var engine = new global::Sharptime.Engine();
        var instance = new Instance(new Store(engine), global::Sharptime.Module.FromText(engine, "select32", wat));
        foreach (var (export, compare, c) in cases)
        {
            var f = instance.GetFunction<int, int>(export)!;
            foreach (var x in Operands(c, uint.MaxValue))
                Assert.True(f((int)(uint)x) == (Holds(compare, x, c, 32) ? 111 : 222), $"{export}({x})");
        }
    }

    [Fact]
    public void TheSelectTakesTheComparedValue()
    {
        var (wat, _) = Module("i64", [4611686018427387846]);
        var gtU = GeneratedIL.Of(wat, 2);
        Assert.Contains(gtU, op => op.Callee == nameof(Runtime.Selection.SelectI64NotBelow));
        Assert.DoesNotContain(gtU, op => op.Code == System.Reflection.Emit.OpCodes.Cgt_Un);
        var ltS = GeneratedIL.Of(wat, 4);
        Assert.Contains(ltS, op => op.Callee == nameof(Runtime.Selection.SelectI64Less));
        Assert.DoesNotContain(ltS, op => op.Code == System.Reflection.Emit.OpCodes.Clt);
    }

    [Fact]
    public void ASelectOfOtherWidthThanTheComparisonKeepsItsMeaning()
    {
        var engine = new global::Sharptime.Engine();
        var f = new Instance(new Store(engine), global::Sharptime.Module.FromText(engine, "mixed", """
            (module (func (export "f") (param $x i64) (result i32)
              (select (i32.const 1) (i32.const 2) (i64.gt_u (local.get $x) (i64.const 4294967296)))))
            """)).GetFunction<long, int>("f")!;
        Assert.Equal(2, f(4294967296));
        Assert.Equal(1, f(4294967297));
        Assert.Equal(1, f(-1));
    }
}
