using System.Runtime.CompilerServices;
using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>Checks one instruction against the operand and control stacks, and applies its effect.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Validate(ref Instruction instruction)
    {
        var opcode = instruction.Opcode;
        // Numeric, conversion and most SIMD instructions: a fixed signature, nothing else to check.
        ref readonly var signature = ref OpcodeSignatures.Get(opcode);
        if (signature.IsValid)
        {
            if (opcode.Prefix() == 0xFD) CheckSimd(in instruction);
            PopValues(signature.Parameters);
            PushValues(signature.Results);
            return;
        }

        switch (opcode)
        {
            case Opcode.Unreachable: SetUnreachable(); break;
            case Opcode.Nop: break;
            case Opcode.Block or Opcode.Loop or Opcode.If: ValidateBlock(opcode, instruction.BlockType); break;
            case Opcode.Else: ValidateElse(); break;
            case Opcode.End: ValidateEnd(); break;
            case Opcode.Br: ValidateBranch(instruction.Index); break;
            case Opcode.BrIf: ValidateBranchIf(instruction.Index); break;
            case Opcode.BrTable: ValidateBranchTable(instruction.Targets!); break;
            case Opcode.Return: ValidateReturn(); break;

            case Opcode.Call: ValidateCall(instruction.Index, tail: false); break;
            case Opcode.CallIndirect: ValidateCallIndirect(instruction.Index, instruction.Index2, tail: false); break;
            case Opcode.ReturnCall: RequireFeature(WasmFeatures.TailCall, opcode); ValidateCall(instruction.Index, tail: true); break;
            case Opcode.ReturnCallIndirect:
                RequireFeature(WasmFeatures.TailCall, opcode);
                ValidateCallIndirect(instruction.Index, instruction.Index2, tail: true);
                break;
            case Opcode.CallRef: RequireFeature(WasmFeatures.FunctionReferences, opcode); ValidateCallRef(instruction.Index, tail: false); break;
            case Opcode.ReturnCallRef:
                RequireFeature(WasmFeatures.FunctionReferences | WasmFeatures.TailCall, opcode);
                ValidateCallRef(instruction.Index, tail: true);
                break;

            case Opcode.Drop: Pop(); break;
            case Opcode.Select: ValidateSelect(); break;
            case Opcode.SelectTyped: ValidateSelect(instruction.SelectTypes!); break;

            case Opcode.LocalGet: ValidateLocalGet(instruction.Index); break;
            case Opcode.LocalSet: ValidateLocalSet(instruction.Index, tee: false); break;
            case Opcode.LocalTee: ValidateLocalSet(instruction.Index, tee: true); break;
            case Opcode.GlobalGet: ValidateGlobalGet(instruction.Index); break;
            case Opcode.GlobalSet: ValidateGlobalSet(instruction.Index); break;

            case Opcode.TableGet or Opcode.TableSet or Opcode.TableSize or Opcode.TableGrow or Opcode.TableFill
                or Opcode.TableCopy or Opcode.TableInit or Opcode.ElemDrop:
                ValidateTableInstruction(in instruction);
                break;

            case Opcode.MemorySize or Opcode.MemoryGrow or Opcode.MemoryFill or Opcode.MemoryCopy or Opcode.MemoryInit
                or Opcode.DataDrop:
                ValidateMemoryInstruction(in instruction);
                break;

            case Opcode.RefNull or Opcode.RefIsNull or Opcode.RefFunc or Opcode.RefEq or Opcode.RefAsNonNull
                or Opcode.BrOnNull or Opcode.BrOnNonNull:
                ValidateReferenceInstruction(in instruction);
                break;

            case Opcode.Try or Opcode.Catch or Opcode.CatchAll or Opcode.Delegate or Opcode.Rethrow:
                RequireFeature(WasmFeatures.LegacyExceptions, opcode);
                ValidateLegacyException(in instruction);
                break;
            case Opcode.Throw or Opcode.ThrowRef or Opcode.TryTable:
                RequireFeature(WasmFeatures.ExceptionHandling, opcode);
                ValidateException(in instruction);
                break;

            default:
                if (MemoryAccess.Get(opcode) is { IsValid: true } access)
                    ValidateMemoryAccess(in instruction, access);
                else if (opcode.Prefix() == 0xFB)
                    ValidateGcInstruction(in instruction);
                else
                    throw ValidationErrors.Invalid($"unknown operator {opcode.Mnemonic()}");
                break;
        }
    }

    private void RequireFeature(WasmFeatures feature, Opcode opcode)
    {
        if (!_module.Has(feature))
            throw ValidationErrors.Invalid($"unknown operator {opcode.Mnemonic()}: the {feature} feature is not enabled");
    }

    /// <summary>Untyped select: two numeric or vector operands of one type (reference types need typed select).</summary>
    private void ValidateSelect()
    {
        Pop(ValType.I32);
        var t1 = Pop();
        var t2 = Pop();
        bool numbers = (t1.Kind == ValTypeKind.Bottom || ModuleTypes.IsNumericOrVector(t1))
            && (t2.Kind == ValTypeKind.Bottom || ModuleTypes.IsNumericOrVector(t2));
        if (!numbers || (t1 != t2 && t1.Kind != ValTypeKind.Bottom && t2.Kind != ValTypeKind.Bottom))
            throw ValidationErrors.TypeMismatch($"select requires two operands of one numeric or vector type but stack has [{t2} {t1}]");
        Push(t1.Kind == ValTypeKind.Bottom ? t2 : t1);
    }

    private void ValidateSelect(ValType[] types)
    {
        if (types.Length != 1) throw ValidationErrors.Invalid("invalid result arity");
        var type = types[0];
        CheckValueType(type);
        Pop(ValType.I32);
        Pop(type);
        Pop(type);
        Push(type);
    }
}
