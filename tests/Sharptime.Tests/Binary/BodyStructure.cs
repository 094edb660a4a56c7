using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Tests.Binary;

/// <summary>
/// The part of the binary format that lives inside function bodies and that the module decoder leaves
/// to whoever reads the instructions: every instruction decodes, blocks close before the body's bytes
/// run out, nothing follows the final <c>end</c>, and memory.init / data.drop have a data count
/// section. The validator checks all of this as it goes; the binary tests use this stand-alone
/// version to hold the decoder plus instruction reader to the spec's malformed-module expectations.
/// </summary>
public static class BodyStructure
{
    public static void Check(WasmModule module, DecoderOptions? options = null)
    {
        foreach (var body in module.Bodies) Check(module, body, options);
    }

    public static void Check(WasmModule module, FunctionBody body, DecoderOptions? options = null)
    {
        var reader = new InstructionReader(body.Code.Span, body.CodeOffset, options);
        int depth = 0;
        while (true)
        {
            reader.Read(out var instruction);
            switch (instruction.Opcode)
            {
                case Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Try or Opcode.TryTable:
                    depth++;
                    break;
                case Opcode.End or Opcode.Delegate:
                    if (depth == 0)
                    {
                        if (!reader.AtEnd) throw new MalformedModuleException(MalformedReasons.SectionSizeMismatch, reader.Offset);
                        return;
                    }
                    depth--;
                    break;
                case Opcode.MemoryInit or Opcode.DataDrop when module.DataCount is null:
                    throw new MalformedModuleException(MalformedReasons.DataCountRequired, body.CodeOffset + instruction.Offset);
            }
        }
    }
}
