using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Sharptime.Binary;
using Sharptime.Compilation.Persistence;
using Sharptime.Text;

namespace Sharptime.Tests;

/// <summary>
/// The IL the engine generates for a function, read back from saved code (a precompiled module is a
/// plain assembly): for tests about the shape of generated code, which behaviour alone cannot show
/// (an access left unchecked behaves like a checked one that passes).
/// </summary>
internal static class GeneratedIL
{
    /// <summary>One IL instruction: its opcode, and for a call the name of the method called.</summary>
    public readonly record struct Op(OpCode Code, int Offset, string? Callee);

    private static readonly Dictionary<byte, OpCode> s_oneByte = [];
    private static readonly Dictionary<byte, OpCode> s_twoByte = [];

    static GeneratedIL()
    {
        foreach (var field in typeof(OpCodes).GetFields())
        {
            var op = (OpCode)field.GetValue(null)!;
            if (op.Size == 1) s_oneByte[(byte)op.Value] = op;
            else s_twoByte[(byte)(op.Value & 0xFF)] = op;
        }
    }

    /// <summary>The instructions of function <paramref name="index"/> (method f{index}) of the module <paramref name="wat"/>.</summary>
    public static List<Op> Of(string wat, int index)
    {
        var image = ModulePersistence.Precompile(new global::Sharptime.Engine(), "il", ModuleEncoder.Encode(WatParser.ParseModule(wat)));
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();
        var method = reader.MethodDefinitions.Select(reader.GetMethodDefinition).Single(m => reader.GetString(m.Name) == $"f{index}");
        var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
        return Decode(il, token => CalleeName(reader, token));
    }

    /// <summary>Decodes an IL body with the operand sizes of <see cref="OpCodes"/>; <paramref name="callee"/> names a call's method token.</summary>
    public static List<Op> Decode(byte[] il, Func<int, string?>? callee = null)
    {
        var ops = new List<Op>();
        for (int pc = 0; pc < il.Length;)
        {
            int at = pc;
            var op = il[pc] == 0xFE ? s_twoByte[il[pc + 1]] : s_oneByte[il[pc]];
            pc += op.Size;
            string? name = op.OperandType == OperandType.InlineMethod && callee is not null ? callee(BitConverter.ToInt32(il, pc)) : null;
            ops.Add(new Op(op, at, name));
            pc += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pc),
                _ => 4,
            };
        }
        return ops;
    }

    private static string? CalleeName(MetadataReader reader, int token)
    {
        var handle = MetadataTokens.EntityHandle(token);
        return handle.Kind switch
        {
            HandleKind.MemberReference => reader.GetString(reader.GetMemberReference((MemberReferenceHandle)handle).Name),
            HandleKind.MethodDefinition => reader.GetString(reader.GetMethodDefinition((MethodDefinitionHandle)handle).Name),
            _ => null,
        };
    }
}
