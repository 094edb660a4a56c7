using Sharptime.Model;

namespace Sharptime.Text;

internal sealed partial class ModuleParser
{
    private static bool IsNumber(TokenKind kind) => kind is TokenKind.Nat or TokenKind.Int or TokenKind.Float;

    /// <summary>A number token (nat, int or float); the literal's own rules decide whether it fits.</summary>
    private Token ReadNumberToken()
    {
        var t = Peek();
        if (!IsNumber(t.Kind)) throw Unexpected(t);
        Pos++;
        return t;
    }

    /// <summary>An integer literal of <paramref name="bits"/> bits, as two's complement.</summary>
    private ulong ReadInteger(int bits)
    {
        var t = ReadNumberToken();
        if (t.Kind == TokenKind.Float || !IntegerLiteral.TryParseBits(Text(t), bits, out ulong value))
            throw Error("constant out of range", t);
        return value;
    }

    private uint ReadF32()
    {
        var t = ReadNumberToken();
        if (!FloatLiteral.TryParseF32(Text(t), out uint bits)) throw Error("constant out of range", t);
        return bits;
    }

    private ulong ReadF64()
    {
        var t = ReadNumberToken();
        if (!FloatLiteral.TryParseF64(Text(t), out ulong bits)) throw Error("constant out of range", t);
        return bits;
    }

    /// <summary>The lane shapes of v128.const, with their lane counts.</summary>
    private enum Shape : byte { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 }

    private Shape ReadShape()
    {
        var t = Next();
        if (t.Kind == TokenKind.Keyword)
        {
            var k = Text(t);
            if (k.SequenceEqual("i8x16"u8)) return Shape.I8x16;
            if (k.SequenceEqual("i16x8"u8)) return Shape.I16x8;
            if (k.SequenceEqual("i32x4"u8)) return Shape.I32x4;
            if (k.SequenceEqual("i64x2"u8)) return Shape.I64x2;
            if (k.SequenceEqual("f32x4"u8)) return Shape.F32x4;
            if (k.SequenceEqual("f64x2"u8)) return Shape.F64x2;
        }
        throw Unexpected(t);
    }

    private static int LaneCount(Shape shape) => shape switch
    {
        Shape.I8x16 => 16,
        Shape.I16x8 => 8,
        Shape.I32x4 or Shape.F32x4 => 4,
        _ => 2,
    };

    /// <summary><c>v128.const shape lane*</c>: the count is checked before the values, as the reference does.</summary>
    private V128 ReadV128Const()
    {
        var shapeToken = Peek();
        var shape = ReadShape();
        int count = LaneCount(shape);
        int first = Pos;
        while (IsNumber(PeekKind())) Pos++;
        if (Pos - first != count) throw Error("wrong number of lane literals", shapeToken);
        Span<byte> bytes = stackalloc byte[16];
        int laneBytes = 16 / count;
        for (int i = 0; i < count; i++)
        {
            var t = Tokens[first + i];
            var text = Text(t);
            ulong value = 0;
            bool ok;
            switch (shape)
            {
                case Shape.F32x4:
                    ok = FloatLiteral.TryParseF32(text, out uint f);
                    value = f;
                    break;
                case Shape.F64x2:
                    ok = FloatLiteral.TryParseF64(text, out value);
                    break;
                default:
                    ok = t.Kind != TokenKind.Float && IntegerLiteral.TryParseBits(text, laneBytes * 8, out value);
                    break;
            }
            if (!ok) throw Error("constant out of range", t);
            for (int b = 0; b < laneBytes; b++) bytes[i * laneBytes + b] = (byte)(value >> (8 * b));
        }
        return V128.FromBytes(bytes);
    }

    /// <summary>A lane index (an unsigned 8-bit literal).</summary>
    private uint ReadLaneIndex()
    {
        var t = Peek();
        if (t.Kind != TokenKind.Nat) throw Unexpected(t);
        Pos++;
        if (!IntegerLiteral.TryParseUnsigned(Text(t), 255, out ulong lane)) throw Error(LaneRangeMessage, t);
        return (uint)lane;
    }

    private string LaneRangeMessage => _options.Wasm20Compatible ? "malformed lane index" : "i8 constant out of range";

    /// <summary><c>i8x16.shuffle</c>'s sixteen lane indices: any number tokens, counted first, then each a u8.</summary>
    private V128 ReadShuffleLanes(Token at)
    {
        int first = Pos;
        while (IsNumber(PeekKind())) Pos++;
        if (Pos - first != 16) throw Error("invalid lane length", at);
        Span<byte> lanes = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
        {
            var t = Tokens[first + i];
            if (t.Kind != TokenKind.Nat || !IntegerLiteral.TryParseUnsigned(Text(t), 255, out ulong lane))
                throw Error(LaneRangeMessage, t);
            lanes[i] = (byte)lane;
        }
        return V128.FromBytes(lanes);
    }

    /// <summary>A table or memory size: u64 in WebAssembly 3.0 (memory64), u32 in 2.0.</summary>
    private ulong ReadLimitValue() => _options.Wasm20Compatible ? ReadU32() : ReadU64();

    private Limits ReadLimits(bool is64)
    {
        ulong min = ReadLimitValue();
        ulong? max = PeekKind() == TokenKind.Nat ? ReadLimitValue() : null;
        return new Limits(min, max, is64);
    }

    /// <summary>An optional address type before limits: <c>i32</c> (the default) or <c>i64</c>.</summary>
    private bool ReadAddressType()
    {
        if (TakeKeyword("i64"u8)) return true;
        TakeKeyword("i32"u8);
        return false;
    }
}
