using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>
    /// Whether an instruction may appear in a constant expression: constants, ref.null, ref.func, reads of
    /// immutable globals, and with the extended-const and GC proposals integer add/sub/mul and allocation.
    /// </summary>
    private void CheckConstant(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.V128Const
                or Opcode.RefNull or Opcode.RefFunc or Opcode.End:
                return;
            case Opcode.GlobalGet:
                // Only globals defined before are visible (only imported ones before the GC proposal).
                if (instruction.Index >= (uint)_visibleGlobals) throw ValidationErrors.Unknown("global", instruction.Index);
                if (_module.Globals[instruction.Index].Mutable)
                    throw ValidationErrors.Invalid($"constant expression required: global {instruction.Index} is mutable");
                return;
            case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul
                when _module.Has(WasmFeatures.ExtendedConst):
                return;
            case Opcode.StructNew or Opcode.StructNewDefault or Opcode.ArrayNew or Opcode.ArrayNewDefault
                or Opcode.ArrayNewFixed or Opcode.RefI31 or Opcode.AnyConvertExtern or Opcode.ExternConvertAny
                when _module.Has(WasmFeatures.GC):
                return;
            default:
                throw ValidationErrors.Invalid($"constant expression required: {instruction.Opcode.Mnemonic()} is not constant");
        }
    }
}
