using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// Facts about a function body gathered by a quick pass before compiling it, so the prologue only
/// sets up what the body uses: the stack guard for functions that call, memory 0's base and length
/// for functions that access it.
/// </summary>
internal readonly record struct FunctionFacts(bool Calls, bool UsesMemory0)
{
    public static FunctionFacts Scan(FunctionBody body)
    {
        bool calls = false, memory = false;
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset);
        while (reader.TryRead(out var ins))
        {
            var op = ins.Opcode;
            switch (op)
            {
                case Opcode.Call or Opcode.CallIndirect or Opcode.CallRef
                    or Opcode.ReturnCall or Opcode.ReturnCallIndirect or Opcode.ReturnCallRef:
                    calls = true;
                    break;
                case Opcode.MemorySize or Opcode.MemoryGrow or Opcode.MemoryFill:
                    memory |= ins.Index == 0;
                    break;
                case Opcode.MemoryInit:
                    memory |= ins.Index2 == 0;
                    break;
                case Opcode.MemoryCopy:
                    memory |= ins.Index == 0 || ins.Index2 == 0;
                    break;
                default:
                    var kind = op.Immediate();
                    if (kind is ImmediateKind.MemArg or ImmediateKind.MemArgLane) memory |= ins.Index2 == 0;
                    break;
            }
        }
        return new FunctionFacts(calls, memory);
    }
}
