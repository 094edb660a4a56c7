using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>The address type of a memory, which must exist.</summary>
    private ValType MemoryAddressType(uint memory)
    {
        if (memory >= (uint)_module.Memories.Length) throw ValidationErrors.Unknown("memory", memory);
        _usedMemories |= FunctionInfo.MemoryBit(memory);
        return ModuleContext.AddressType(_module.Memories[memory].Limits);
    }

    private void ValidateMemoryAccess(in Instruction instruction, MemoryAccess access)
    {
        var address = MemoryAddressType(instruction.Index2);
        if (instruction.AlignLog2 > (uint)access.NaturalAlignmentLog2)
            throw ValidationErrors.Invalid("alignment must not be larger than natural");
        // A 32-bit memory's offsets are u32; the binary format allows a u64 for memory64.
        if (address.Kind == ValTypeKind.I32 && instruction.Immediate > uint.MaxValue)
            throw ValidationErrors.Invalid("offset out of range");
        if (access.Value.Kind == ValTypeKind.V128) RequireFeature(WasmFeatures.Simd, instruction.Opcode);

        if (access.IsLaneAccess)
        {
            if (instruction.Index >= (uint)access.Lanes) throw ValidationErrors.Invalid("invalid lane index");
            Pop(ValType.V128);
            Pop(address);
            if (!access.IsStore) Push(ValType.V128);
        }
        else if (access.IsStore)
        {
            Pop(access.Value);
            Pop(address);
        }
        else
        {
            Pop(address);
            Push(access.Value);
        }
    }

    private void ValidateMemoryInstruction(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.MemorySize:
                Push(MemoryAddressType(instruction.Index));
                break;
            case Opcode.MemoryGrow:
            {
                var address = MemoryAddressType(instruction.Index);
                Pop(address);
                Push(address);
                break;
            }
            case Opcode.MemoryFill:
            {
                var address = MemoryAddressType(instruction.Index);
                Pop(address);
                Pop(ValType.I32);
                Pop(address);
                break;
            }
            case Opcode.MemoryCopy:
            {
                var destination = MemoryAddressType(instruction.Index);
                var source = MemoryAddressType(instruction.Index2);
                // The length is an i64 only if both memories are 64-bit.
                Pop(destination.Kind == ValTypeKind.I64 && source.Kind == ValTypeKind.I64 ? ValType.I64 : ValType.I32);
                Pop(source);
                Pop(destination);
                break;
            }
            case Opcode.MemoryInit:
            {
                var address = MemoryAddressType(instruction.Index2);
                CheckDataSegment(instruction.Index);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(address);
                break;
            }
            case Opcode.DataDrop:
                CheckDataSegment(instruction.Index);
                break;
        }
    }

    private void CheckDataSegment(uint index)
    {
        // The binary format wants a data count section before code that names data segments, so that a
        // one-pass decoder can check the index. Bodies are decoded here, so this is where it shows. Only
        // bodies from a binary have a code offset; the text format has no such section.
        if (_module.Module.DataCount is null && _baseOffset > 0)
            throw new MalformedModuleException(MalformedReasons.DataCountRequired, _instructionOffset);
        if (index >= (uint)_module.DataCount) throw ValidationErrors.Unknown("data segment", index);
    }
}
