using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    private static readonly ValType s_eqRef = ValType.Ref(HeapType.Eq, nullable: true);

    private void ValidateReferenceInstruction(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.RefNull:
                CheckHeapType(instruction.HeapType);
                Push(ValType.Ref(instruction.HeapType, nullable: true));
                break;
            case Opcode.RefIsNull:
                PopRef();
                Push(ValType.I32);
                break;
            case Opcode.RefFunc:
            {
                uint function = instruction.Index;
                FunctionType(function);
                // Constant expressions are outside function bodies: what they name is declared by definition.
                if (!_constant && !_module.DeclaredFunctions[function])
                    throw ValidationErrors.Invalid($"undeclared function reference {function}");
                Push(ValType.Ref(HeapType.FromTypeIndex(_module.FunctionTypes[function]), nullable: false));
                break;
            }
            case Opcode.RefEq:
                RequireFeature(WasmFeatures.GC, instruction.Opcode);
                Pop(s_eqRef);
                Pop(s_eqRef);
                Push(ValType.I32);
                break;
            case Opcode.RefAsNonNull:
            {
                RequireFeature(WasmFeatures.FunctionReferences, instruction.Opcode);
                var type = PopRef();
                Push(ValType.Ref(type.Heap, nullable: false));
                break;
            }
            case Opcode.BrOnNull:
            {
                RequireFeature(WasmFeatures.FunctionReferences, instruction.Opcode);
                var type = PopRef();
                var labelTypes = LabelTypes(instruction.Index);
                PopValues(labelTypes);
                PushValues(labelTypes);
                Push(ValType.Ref(type.Heap, nullable: false));
                break;
            }
            case Opcode.BrOnNonNull:
            {
                RequireFeature(WasmFeatures.FunctionReferences, instruction.Opcode);
                var type = PopRef();
                var labelTypes = LabelTypes(instruction.Index);
                if (labelTypes.Length == 0 || !labelTypes[^1].IsRef)
                    throw ValidationErrors.TypeMismatch("br_on_non_null needs a label whose last type is a reference");
                Push(ValType.Ref(type.Heap, nullable: false));
                PopValues(labelTypes);
                PushValues(labelTypes.AsSpan(0, labelTypes.Length - 1));
                break;
            }
        }
    }
}
