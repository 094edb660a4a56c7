using Sharptime.Model;

namespace Sharptime.Binary;

/// <summary>
/// Reads instructions one at a time from code in binary form (a function body's code or a constant
/// expression). It decodes opcodes and immediates only; whether the instructions make sense together
/// (block structure, types, the final <c>end</c>) is the validator's business. Allocates only for the
/// variable-length immediates: br_table targets, typed select's types and try_table's catches.
/// </summary>
/// <remarks>
/// Reading past the end of the code fails with "unexpected end of section or function", the spec's
/// wording for a function whose blocks are not all closed when its bytes run out: a validator that
/// reads until the function's outermost block is closed gets that error for free. Bytes left after
/// that last <c>end</c> are, in the spec's terms, a "section size mismatch".
/// </remarks>
public ref partial struct InstructionReader
{
    private WasmReader _reader;
    private readonly bool _wasm20;

    /// <param name="code">The instructions.</param>
    /// <param name="baseOffset">Offset of <paramref name="code"/> in the module, for error messages.</param>
    /// <param name="options">The binary format's version; WebAssembly 3.0 by default.</param>
    public InstructionReader(ReadOnlySpan<byte> code, int baseOffset = 0, DecoderOptions? options = null)
    {
        _reader = new WasmReader(code, baseOffset, MalformedReasons.UnexpectedEndOfSection);
        _wasm20 = options?.Wasm20Compatible ?? false;
    }

    public readonly bool AtEnd => _reader.AtEnd;

    /// <summary>Position of the next instruction, relative to the start of the code.</summary>
    public int Position
    {
        readonly get => _reader.Position;
        set => _reader.Position = value;
    }

    /// <summary>Offset of the next instruction in the whole module.</summary>
    public readonly int Offset => _reader.Offset;

    /// <summary>Reads the next instruction; throws <see cref="MalformedModuleException"/> at the end of the code.</summary>
    public Instruction Read()
    {
        Read(out var instruction);
        return instruction;
    }

    /// <summary>Reads the next instruction, or returns false at the end of the code.</summary>
    public bool TryRead(out Instruction instruction)
    {
        if (_reader.AtEnd)
        {
            instruction = default;
            return false;
        }
        Read(out instruction);
        return true;
    }

    /// <summary>Reads the next instruction into <paramref name="instruction"/> (no copy of the struct on return).</summary>
    public void Read(out Instruction instruction)
    {
        instruction = default;
        int start = _reader.Position;
        byte code = _reader.ReadByte();
        OpcodeDecodeTable.Slot slot;
        if (OpcodeDecodeTable.IsPrefix(code))
        {
            uint sub = _reader.ReadU32();
            if (!OpcodeDecodeTable.TryGetPrefixed(code, sub, out slot) || (_wasm20 && !OpcodeDecodeTable.IsWasm20(code, sub)))
                throw _reader.Error($"{MalformedReasons.IllegalOpcode} {code:x2} {sub:x2}", start);
        }
        else
        {
            slot = OpcodeDecodeTable.Plain(code);
            if (!slot.Known || (_wasm20 && !OpcodeDecodeTable.IsWasm20(code, 0)))
                throw _reader.Error($"{MalformedReasons.IllegalOpcode} {code:x2}", start);
        }
        instruction.Opcode = slot.Opcode;
        instruction.Offset = start;
        if (slot.Immediate != ImmediateKind.None) ReadImmediates(slot.Immediate, ref instruction);
    }

    /// <summary>
    /// Skips a constant expression: reads instructions up to the <c>end</c> that closes it (nested blocks
    /// counted, so a malformed expression with blocks is measured as the spec's decoder would) and
    /// returns the position just after that <c>end</c>.
    /// </summary>
    public int SkipExpression()
    {
        int depth = 0;
        while (true)
        {
            Read(out var instruction);
            switch (instruction.Opcode)
            {
                case Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Try or Opcode.TryTable:
                    depth++;
                    break;
                case Opcode.End:
                    if (depth == 0) return _reader.Position;
                    depth--;
                    break;
                case Opcode.Delegate when depth > 0: // closes a legacy try
                    depth--;
                    break;
                case Opcode.Else when depth == 0:
                    // The spec's decoder stops an instruction sequence at `else` and then wants `end`.
                    throw _reader.Error(MalformedReasons.EndExpected, instruction.Offset);
            }
        }
    }
}
