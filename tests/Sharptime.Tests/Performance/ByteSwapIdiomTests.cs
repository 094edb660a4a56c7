using System.Buffers.Binary;

namespace Sharptime.Tests.Performance;

/// <summary>
/// LLVM's expansion of a 32-bit byte swap (wasm has none) compiles to one BinaryPrimitives.ReverseEndianness
/// (Compilation/FunctionCompiler.Idioms.cs); sequences that differ from it in any instruction keep their own meaning.
/// </summary>
public class ByteSwapIdiomTests
{
    /// <summary>The expansion as clang emits it for __builtin_bswap32, of local <paramref name="x"/>, with the masks given.</summary>
    private static string Expansion(string x, string upperMask = "16711680", string lowerMask = "65280", string lastLocal = "") => $"""
        (local.get {x}) (i32.const 24) (i32.shl)
        (local.get {x}) (i32.const 8) (i32.shl) (i32.const {upperMask}) (i32.and)
        (i32.or)
        (local.get {x}) (i32.const 8) (i32.shr_u) (i32.const {lowerMask}) (i32.and)
        (local.get {(lastLocal == "" ? x : lastLocal)}) (i32.const 24) (i32.shr_u)
        (i32.or)
        (i32.or)
        """;

    private static readonly int[] s_values = [0, 1, -1, 0x12345678, unchecked((int)0x80000001), unchecked((int)0xFF00FF00), 0x00FF00FF];

    [Fact]
    public void TheExpansionIsOneByteSwap()
    {
        string body = $"(func (export \"swap\") (param $x i32) (result i32) {Expansion("$x")})";
        var swap = OnePageModule.Instantiate("bswap", body).GetFunction<int, int>("swap")!;
        foreach (var v in s_values) Assert.Equal(BinaryPrimitives.ReverseEndianness(v), swap(v));

        var il = GeneratedIL.Of($"(module {body})", 0);
        Assert.Contains(il, op => op.Callee == nameof(BinaryPrimitives.ReverseEndianness));
        Assert.DoesNotContain(il, op => op.Code == System.Reflection.Emit.OpCodes.Shl);
    }

    [Fact]
    public void SequencesThatDifferKeepTheirMeaning()
    {
        string body = $"""
            (func (export "mask") (param $x i32) (result i32) {Expansion("$x", upperMask: "16711935")})
            (func (export "other") (param $x i32) (param $y i32) (result i32) {Expansion("$x", lastLocal: "$y")})
            """;
        var instance = OnePageModule.Instantiate("bswap", body);
        var mask = instance.GetFunction<int, int>("mask")!;
        var other = instance.GetFunction<int, int, int>("other")!;
        foreach (var v in s_values)
        {
            uint x = (uint)v;
            Assert.Equal((int)((x << 24 | (x << 8) & 0xFF00FF) | ((x >> 8) & 0xFF00 | x >> 24)), mask(v));
            Assert.Equal((int)((x << 24 | (x << 8) & 0xFF0000) | ((x >> 8) & 0xFF00 | 0x1234u >> 24)), other(v, 0x1234));
        }
        Assert.DoesNotContain(GeneratedIL.Of($"(module (memory 1) {body})", 0), op => op.Callee == nameof(BinaryPrimitives.ReverseEndianness));
    }

    /// <summary>sha256's first loop: a load, the swap, a store, inside a region compiled twice (Versioning).</summary>
    [Fact]
    public void TheSwapInsideAVersionedRegionConvertsWords()
    {
        string body = $"""
            (func (export "convert") (param $from i32) (param $to i32) (param $n i32) (local $x i32)
              (loop $words
                (local.set $x (i32.load (local.get $from)))
                (i32.store (local.get $to) {Expansion("$x")})
                (local.set $x (i32.load offset=4 (local.get $from)))
                (i32.store offset=4 (local.get $to) {Expansion("$x")})
                (local.set $x (i32.load offset=8 (local.get $from)))
                (i32.store offset=8 (local.get $to) {Expansion("$x")})
                (local.set $from (i32.add (local.get $from) (i32.const 12)))
                (local.set $to (i32.add (local.get $to) (i32.const 12)))
                (br_if $words (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
            (func (export "put") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
            (func (export "get") (param i32) (result i32) (i32.load (local.get 0)))
            """;
        var instance = OnePageModule.Instantiate("bswap", body);
        var convert = instance.GetAction<int, int, int>("convert")!;
        var put = instance.GetAction<int, int>("put")!;
        var get = instance.GetFunction<int, int>("get")!;
        for (int i = 0; i < 6; i++) put(100 + 4 * i, s_values[i]);
        convert(100, 1000, 2);
        for (int i = 0; i < 6; i++) Assert.Equal(BinaryPrimitives.ReverseEndianness(s_values[i]), get(1000 + 4 * i));

        // The second word's store is out of bounds: the first is converted, and the trap is exact.
        put(65524, 0x11223344);
        OnePageModule.AssertOutOfBounds(() => convert(65524, 65532, 1));
        Assert.Equal(0x44332211, get(65532));
    }
}
