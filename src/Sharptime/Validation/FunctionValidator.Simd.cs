using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>The immediates and feature of a SIMD instruction with a fixed signature: lane indices must exist.</summary>
    private void CheckSimd(in Instruction instruction)
    {
        uint code = instruction.Opcode.Code();
        RequireFeature(code >= 0x100 ? WasmFeatures.Simd | WasmFeatures.RelaxedSimd : WasmFeatures.Simd, instruction.Opcode);
        if (instruction.Opcode == Opcode.I8x16Shuffle)
        {
            // Lanes index the 32 bytes of both operands.
            var lanes = instruction.V128;
            if (((lanes.Low | lanes.High) & 0xE0E0E0E0E0E0E0E0UL) != 0) throw ValidationErrors.Invalid("invalid lane index");
            return;
        }
        int laneCount = instruction.Opcode switch
        {
            Opcode.I8x16ExtractLaneS or Opcode.I8x16ExtractLaneU or Opcode.I8x16ReplaceLane => 16,
            Opcode.I16x8ExtractLaneS or Opcode.I16x8ExtractLaneU or Opcode.I16x8ReplaceLane => 8,
            Opcode.I32x4ExtractLane or Opcode.I32x4ReplaceLane or Opcode.F32x4ExtractLane or Opcode.F32x4ReplaceLane => 4,
            Opcode.I64x2ExtractLane or Opcode.I64x2ReplaceLane or Opcode.F64x2ExtractLane or Opcode.F64x2ReplaceLane => 2,
            _ => 0,
        };
        if (laneCount != 0 && instruction.Index >= (uint)laneCount) throw ValidationErrors.Invalid("invalid lane index");
    }
}
