using Sharptime.Model;

namespace Sharptime.Binary;

// The code section: each body's size and locals are read, its instructions are kept as bytes.
public ref partial struct ModuleDecoder
{
    private void ReadCodeSection()
    {
        int count = ReadCount();
        var bodies = _module.Bodies;
        bodies.EnsureCapacity(bodies.Count + count);
        for (int i = 0; i < count; i++) bodies.Add(ReadBody());
    }

    private FunctionBody ReadBody()
    {
        int size = _reader.ReadLength();
        int bodyStart = _reader.Position;
        int bodyEnd = bodyStart + size;
        var locals = ReadLocals();
        int codeStart = _reader.Position;
        if (codeStart > bodyEnd) throw _reader.Error(MalformedReasons.SectionSizeMismatch, bodyStart);
        if (bodyEnd > _reader.Length) throw _reader.Error(MalformedReasons.UnexpectedEndOfSection, _reader.Length);
        if (codeStart == bodyEnd || _reader.Data[bodyEnd - 1] != (byte)Opcode.End)
            throw ExplainMissingEnd(codeStart, bodyEnd);
        _reader.Position = bodyEnd;
        return new FunctionBody
        {
            Locals = locals,
            Code = _memory.Slice(codeStart, bodyEnd - codeStart),
            CodeOffset = _reader.BaseOffset + codeStart,
        };
    }

    /// <summary>
    /// The error for a body that does not end with <c>end</c>, as the spec's decoder finds it. That
    /// decoder reads a body's instructions without stopping at its declared size, so what it reports
    /// depends on what comes next: a bad instruction (maybe in the next body), an <c>else</c> where
    /// <c>end</c> is expected ("END opcode expected"), the end of the module, or an <c>end</c> that is
    /// really the next section's id, after which the body is longer than declared ("section size
    /// mismatch"). Only malformed modules pay for this; well-formed bodies are never decoded here.
    /// </summary>
    private readonly MalformedModuleException ExplainMissingEnd(int codeStart, int bodyEnd)
    {
        var reader = new InstructionReader(_reader.Data[codeStart..], _reader.BaseOffset + codeStart, _options);
        // For each open block: whether it is an `if` still before its `else`.
        var open = new Stack<bool>();
        try
        {
            while (true)
            {
                if (reader.AtEnd) return _reader.Error(MalformedReasons.UnexpectedEndOfSection, _reader.Length);
                byte next = _reader.Data[codeStart + reader.Position];
                if (next == (byte)Opcode.End)
                {
                    reader.Read();
                    if (open.Count == 0) break;
                    open.Pop();
                    continue;
                }
                if (next == (byte)Opcode.Else)
                {
                    if (open.Count == 0 || !open.Peek())
                        return _reader.Error(MalformedReasons.EndExpected, codeStart + reader.Position);
                    reader.Read();
                    open.Pop();
                    open.Push(false);
                    continue;
                }
                var instruction = reader.Read();
                if (instruction.Opcode is Opcode.Block or Opcode.Loop or Opcode.Try or Opcode.TryTable) open.Push(false);
                else if (instruction.Opcode == Opcode.If) open.Push(true);
                else if (instruction.Opcode == Opcode.Delegate && open.Count > 0) open.Pop(); // closes a legacy try
            }
        }
        catch (MalformedModuleException e)
        {
            return e;
        }
        // The function's `end` was found, but not where the body's size says it is.
        return _reader.Error(MalformedReasons.SectionSizeMismatch, codeStart + reader.Position);
    }

    /// <summary>Local declarations: runs of (count, type). Their total must stay below 2^32 ("too many locals").</summary>
    private LocalDeclaration[] ReadLocals()
    {
        int start = _reader.Position;
        int count = ReadCount();
        if (count == 0) return [];
        var locals = new LocalDeclaration[count];
        ulong total = 0;
        for (int i = 0; i < count; i++)
        {
            uint n = _reader.ReadU32();
            locals[i] = new LocalDeclaration(n, _reader.ReadValType());
            total += n;
        }
        if (total > uint.MaxValue) throw _reader.Error(MalformedReasons.TooManyLocals, start);
        return locals;
    }
}
