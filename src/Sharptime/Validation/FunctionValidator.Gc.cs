using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    private static readonly ValType s_arrayRef = ValType.Ref(HeapType.Array, nullable: true);
    private static readonly ValType s_i31Ref = ValType.Ref(HeapType.I31, nullable: true);
    private static readonly ValType s_nullableExternRef = ValType.Ref(HeapType.Extern, nullable: true);
    private static readonly ValType s_anyRef = ValType.Ref(HeapType.Any, nullable: true);

    private StructType StructTypeAt(uint typeIndex)
    {
        if (_types.TryGetStruct(typeIndex, out var type)) return type;
        if (!_types.IsValidIndex(typeIndex)) throw ValidationErrors.Unknown("type", typeIndex);
        throw ValidationErrors.TypeMismatch($"type {typeIndex} is not a struct type");
    }

    private ArrayType ArrayTypeAt(uint typeIndex)
    {
        if (_types.TryGetArray(typeIndex, out var type)) return type;
        if (!_types.IsValidIndex(typeIndex)) throw ValidationErrors.Unknown("type", typeIndex);
        throw ValidationErrors.TypeMismatch($"type {typeIndex} is not an array type");
    }

    private static ValType RefTo(uint typeIndex, bool nullable) => ValType.Ref(HeapType.FromTypeIndex((int)typeIndex), nullable);

    private void ValidateGcInstruction(in Instruction instruction)
    {
        RequireFeature(WasmFeatures.GC, instruction.Opcode);
        uint x = instruction.Index;
        switch (instruction.Opcode)
        {
            case Opcode.StructNew:
            {
                var type = StructTypeAt(x);
                for (int i = type.Fields.Length - 1; i >= 0; i--) Pop(type.Fields[i].Storage.Unpacked);
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.StructNewDefault:
            {
                var type = StructTypeAt(x);
                foreach (var field in type.Fields)
                    if (!ModuleTypes.IsDefaultable(field.Storage.Type))
                        throw ValidationErrors.TypeMismatch($"struct.new_default: field of type {field.Storage} has no default value");
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.StructGet or Opcode.StructGetS or Opcode.StructGetU:
            {
                var field = StructField(x, instruction.Index2);
                CheckPacking(field.Storage, instruction.Opcode != Opcode.StructGet);
                Pop(RefTo(x, nullable: true));
                Push(field.Storage.Unpacked);
                break;
            }
            case Opcode.StructSet:
            {
                var field = StructField(x, instruction.Index2);
                if (!field.Mutable) throw ValidationErrors.Invalid($"immutable field {instruction.Index2} of type {x}");
                Pop(field.Storage.Unpacked);
                Pop(RefTo(x, nullable: true));
                break;
            }
            case Opcode.ArrayNew:
            {
                var type = ArrayTypeAt(x);
                Pop(ValType.I32);
                Pop(type.Element.Storage.Unpacked);
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.ArrayNewDefault:
            {
                var type = ArrayTypeAt(x);
                if (!ModuleTypes.IsDefaultable(type.Element.Storage.Type))
                    throw ValidationErrors.TypeMismatch($"array.new_default: elements of type {type.Element.Storage} have no default value");
                Pop(ValType.I32);
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.ArrayNewFixed:
            {
                var element = ArrayTypeAt(x).Element.Storage.Unpacked;
                // The count is a u32 from the input: pop only what the frame has (unknowns beyond it in
                // unreachable code), never loop four billion times.
                uint available = (uint)(_operandCount - _frames[_frameCount - 1].Height);
                if (instruction.Index2 > available && !_frames[_frameCount - 1].Unreachable)
                    throw ValidationErrors.TypeMismatch($"array.new_fixed needs {instruction.Index2} operands but the stack has {available}");
                for (uint i = Math.Min(instruction.Index2, available); i > 0; i--) Pop(element);
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.ArrayNewData:
            {
                var type = ArrayTypeAt(x);
                CheckNumericArray(type);
                CheckDataSegment(instruction.Index2);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.ArrayNewElem:
            {
                var type = ArrayTypeAt(x);
                CheckElementsFit(type, instruction.Index2);
                Pop(ValType.I32);
                Pop(ValType.I32);
                Push(RefTo(x, nullable: false));
                break;
            }
            case Opcode.ArrayGet or Opcode.ArrayGetS or Opcode.ArrayGetU:
            {
                var type = ArrayTypeAt(x);
                CheckPacking(type.Element.Storage, instruction.Opcode != Opcode.ArrayGet);
                Pop(ValType.I32);
                Pop(RefTo(x, nullable: true));
                Push(type.Element.Storage.Unpacked);
                break;
            }
            case Opcode.ArraySet:
            {
                var type = MutableArrayTypeAt(x);
                Pop(type.Element.Storage.Unpacked);
                Pop(ValType.I32);
                Pop(RefTo(x, nullable: true));
                break;
            }
            case Opcode.ArrayLen:
                Pop(s_arrayRef);
                Push(ValType.I32);
                break;
            case Opcode.ArrayFill:
            {
                var type = MutableArrayTypeAt(x);
                Pop(ValType.I32);
                Pop(type.Element.Storage.Unpacked);
                Pop(ValType.I32);
                Pop(RefTo(x, nullable: true));
                break;
            }
            case Opcode.ArrayCopy:
            {
                uint y = instruction.Index2;
                var destination = MutableArrayTypeAt(x);
                var source = ArrayTypeAt(y);
                if (!_types.IsSubtype(source.Element.Storage, destination.Element.Storage))
                    throw ValidationErrors.Invalid($"array types do not match: cannot copy array {y} into array {x}");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(RefTo(y, nullable: true));
                Pop(ValType.I32);
                Pop(RefTo(x, nullable: true));
                break;
            }
            case Opcode.ArrayInitData:
            {
                var type = MutableArrayTypeAt(x);
                CheckNumericArray(type);
                CheckDataSegment(instruction.Index2);
                PopArrayInitOperands(x);
                break;
            }
            case Opcode.ArrayInitElem:
            {
                var type = MutableArrayTypeAt(x);
                CheckElementsFit(type, instruction.Index2);
                PopArrayInitOperands(x);
                break;
            }
            case Opcode.RefTest or Opcode.RefTestNull:
            {
                var target = CastTarget(instruction.HeapType, instruction.Opcode == Opcode.RefTestNull);
                Pop(ValType.Ref(_types.TopOf(target.Heap), nullable: true));
                Push(ValType.I32);
                break;
            }
            case Opcode.RefCast or Opcode.RefCastNull:
            {
                var target = CastTarget(instruction.HeapType, instruction.Opcode == Opcode.RefCastNull);
                Pop(ValType.Ref(_types.TopOf(target.Heap), nullable: true));
                Push(target);
                break;
            }
            case Opcode.BrOnCast or Opcode.BrOnCastFail:
                ValidateBranchOnCast(in instruction);
                break;
            case Opcode.AnyConvertExtern:
            {
                var type = Pop(s_nullableExternRef);
                Push(ValType.Ref(HeapType.Any, nullable: type.Kind != ValTypeKind.Bottom && type.Nullable));
                break;
            }
            case Opcode.ExternConvertAny:
            {
                var type = Pop(s_anyRef);
                Push(ValType.Ref(HeapType.Extern, nullable: type.Kind != ValTypeKind.Bottom && type.Nullable));
                break;
            }
            case Opcode.RefI31:
                Pop(ValType.I32);
                Push(ValType.Ref(HeapType.I31, nullable: false));
                break;
            case Opcode.I31GetS or Opcode.I31GetU:
                Pop(s_i31Ref);
                Push(ValType.I32);
                break;
            default:
                throw ValidationErrors.Invalid($"unknown operator {instruction.Opcode.Mnemonic()}");
        }
    }

    private FieldType StructField(uint typeIndex, uint fieldIndex)
    {
        var type = StructTypeAt(typeIndex);
        if (fieldIndex >= (uint)type.Fields.Length) throw ValidationErrors.Unknown("field", fieldIndex);
        return type.Fields[fieldIndex];
    }

    /// <summary>get_s/get_u read packed fields, plain get the others.</summary>
    private static void CheckPacking(StorageType storage, bool signedOrUnsigned)
    {
        if (storage.IsPacked != signedOrUnsigned)
            throw ValidationErrors.TypeMismatch(storage.IsPacked
                ? $"a packed {storage} field must be read with get_s or get_u"
                : $"get_s and get_u read packed fields, not {storage}");
    }

    private ArrayType MutableArrayTypeAt(uint typeIndex)
    {
        var type = ArrayTypeAt(typeIndex);
        if (!type.Element.Mutable) throw ValidationErrors.Invalid($"immutable array {typeIndex}");
        return type;
    }

    private static void CheckNumericArray(ArrayType type)
    {
        if (!type.Element.Storage.IsPacked && !ModuleTypes.IsNumericOrVector(type.Element.Storage.Type))
            throw ValidationErrors.Invalid($"array type is not numeric or vector: {type.Element.Storage}");
    }

    private void CheckElementsFit(ArrayType type, uint segment)
    {
        var elementType = ElementSegmentType(segment);
        if (type.Element.Storage.IsPacked || !_types.IsSubtype(elementType, type.Element.Storage.Type))
            throw ValidationErrors.TypeMismatch($"elements of type {elementType} do not fit an array of {type.Element.Storage}");
    }

    private void PopArrayInitOperands(uint typeIndex)
    {
        Pop(ValType.I32);
        Pop(ValType.I32);
        Pop(ValType.I32);
        Pop(RefTo(typeIndex, nullable: true));
    }

    private ValType CastTarget(HeapType heap, bool nullable)
    {
        CheckHeapType(heap);
        return ValType.Ref(heap, nullable);
    }

    /// <summary>
    /// br_on_cast branches with the operand cast to the target type and falls through with the rest;
    /// br_on_cast_fail the other way round. The target must be a subtype of the source, and the type sent
    /// to the label must match the label's last type.
    /// </summary>
    private void ValidateBranchOnCast(in Instruction instruction)
    {
        var source = CastTarget(instruction.HeapType, (instruction.Flags & 1) != 0);
        var target = CastTarget(instruction.HeapType2, (instruction.Flags & 2) != 0);
        if (!_types.IsSubtype(target, source))
            throw ValidationErrors.TypeMismatch($"cast target {target} is not a subtype of the source {source}");
        // What is left when the cast fails: the source, non-null if the target takes the nulls.
        var difference = ValType.Ref(source.Heap, source.Nullable && !target.Nullable);
        var labelTypes = LabelTypes(instruction.Index);
        if (labelTypes.Length == 0 || !labelTypes[^1].IsRef)
            throw ValidationErrors.TypeMismatch($"{instruction.Opcode.Mnemonic()} needs a label whose last type is a reference");

        bool onSuccess = instruction.Opcode == Opcode.BrOnCast;
        var branched = onSuccess ? target : difference;
        var fallthrough = onSuccess ? difference : target;
        Pop(source);
        if (!_types.IsSubtype(branched, labelTypes[^1]))
            throw ValidationErrors.TypeMismatch($"{instruction.Opcode.Mnemonic()} sends {branched} to a label of type {ValidationErrors.Format(labelTypes)}");
        // The label's other types pass through: br_if-like, they must be on the stack and stay there.
        var passed = labelTypes.AsSpan(0, labelTypes.Length - 1);
        PopValues(passed);
        PushValues(passed);
        Push(fallthrough);
    }
}
