using Sharptime.Model;

namespace Sharptime.Text;

internal sealed partial class ModuleParser
{
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
        RejectInvalidToken(Peek());
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

    /// <summary>
    /// A memory's limits and what may follow them: <c>shared</c> (threads) and <c>(pagesize n)</c>
    /// (custom page sizes), both kept in the model for the validator to judge.
    /// </summary>
    private MemoryType ReadMemoryLimits(bool is64)
    {
        var limits = ReadLimits(is64);
        if (TakeKeyword("shared"u8)) limits = limits with { Shared = true };
        int? pageSizeLog2 = null;
        if (TakeParenKeyword("pagesize"u8))
        {
            var t = Peek();
            ulong size = ReadU64();
            if (size == 0 || (size & (size - 1)) != 0) throw Error("invalid custom page size", t);
            pageSizeLog2 = System.Numerics.BitOperations.Log2(size);
            ExpectRightParen();
        }
        return new MemoryType(limits, pageSizeLog2);
    }

    /// <summary>An optional address type before limits: <c>i32</c> (the default) or <c>i64</c>.</summary>
    private bool ReadAddressType()
    {
        if (TakeKeyword("i64"u8)) return true;
        TakeKeyword("i32"u8);
        return false;
    }
}
