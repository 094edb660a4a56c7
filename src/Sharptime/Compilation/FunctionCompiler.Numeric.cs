using System.Reflection.Emit;
using Sharptime.Model;

namespace Sharptime.Compilation;

// Constants and the scalar numeric instructions: one IL opcode where its semantics match wasm's,
// a Numerics helper (inlined by RyuJIT) where they do not.
internal sealed partial class FunctionCompiler
{
    private bool TryEmitConstant(in Instruction ins)
    {
        switch (ins.Opcode)
        {
            case Opcode.I32Const:
                EmitLdcI4(ins.I32);
                _stack.Push(ValType.I32);
                return true;
            case Opcode.I64Const:
                _il.Emit(OpCodes.Ldc_I8, ins.I64);
                _stack.Push(ValType.I64);
                return true;
            case Opcode.F32Const:
                if (float.IsNaN(ins.F32))
                {
                    EmitLdcI4((int)ins.Immediate);
                    EmitCall(RuntimeMembers.Numeric(nameof(Runtime.Numerics.F32FromBits)));
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_R4, ins.F32);
                }
                _stack.Push(ValType.F32);
                return true;
            case Opcode.F64Const:
                if (double.IsNaN(ins.F64))
                {
                    _il.Emit(OpCodes.Ldc_I8, ins.I64);
                    EmitCall(RuntimeMembers.Numeric(nameof(Runtime.Numerics.F64FromBits)));
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_R8, ins.F64);
                }
                _stack.Push(ValType.F64);
                return true;
            default:
                return false;
        }
    }

    private static readonly ValType I32 = ValType.I32, I64 = ValType.I64, F32 = ValType.F32, F64 = ValType.F64;

    private bool TryEmitNumeric(Opcode op)
    {
        switch (op)
        {
            // i32 tests and comparisons
            case Opcode.I32Eqz: Op(1, I32, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I32Eq: Op(2, I32, OpCodes.Ceq); return true;
            case Opcode.I32Ne: Op(2, I32, OpCodes.Ceq, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I32LtS: Op(2, I32, OpCodes.Clt); return true;
            case Opcode.I32LtU: Op(2, I32, OpCodes.Clt_Un); return true;
            case Opcode.I32GtS: Op(2, I32, OpCodes.Cgt); return true;
            case Opcode.I32GtU: Op(2, I32, OpCodes.Cgt_Un); return true;
            case Opcode.I32LeS: Op(2, I32, OpCodes.Cgt, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I32LeU: Op(2, I32, OpCodes.Cgt_Un, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I32GeS: Op(2, I32, OpCodes.Clt, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I32GeU: Op(2, I32, OpCodes.Clt_Un, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            // i64 tests and comparisons
            case Opcode.I64Eqz: Op(1, I32, OpCodes.Ldc_I4_0, OpCodes.Conv_I8, OpCodes.Ceq); return true;
            case Opcode.I64Eq: Op(2, I32, OpCodes.Ceq); return true;
            case Opcode.I64Ne: Op(2, I32, OpCodes.Ceq, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I64LtS: Op(2, I32, OpCodes.Clt); return true;
            case Opcode.I64LtU: Op(2, I32, OpCodes.Clt_Un); return true;
            case Opcode.I64GtS: Op(2, I32, OpCodes.Cgt); return true;
            case Opcode.I64GtU: Op(2, I32, OpCodes.Cgt_Un); return true;
            case Opcode.I64LeS: Op(2, I32, OpCodes.Cgt, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I64LeU: Op(2, I32, OpCodes.Cgt_Un, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I64GeS: Op(2, I32, OpCodes.Clt, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.I64GeU: Op(2, I32, OpCodes.Clt_Un, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            // float comparisons: the unordered forms make le/ge false on NaN
            case Opcode.F32Eq or Opcode.F64Eq: Op(2, I32, OpCodes.Ceq); return true;
            case Opcode.F32Ne or Opcode.F64Ne: Op(2, I32, OpCodes.Ceq, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.F32Lt or Opcode.F64Lt: Op(2, I32, OpCodes.Clt); return true;
            case Opcode.F32Gt or Opcode.F64Gt: Op(2, I32, OpCodes.Cgt); return true;
            case Opcode.F32Le or Opcode.F64Le: Op(2, I32, OpCodes.Cgt_Un, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            case Opcode.F32Ge or Opcode.F64Ge: Op(2, I32, OpCodes.Clt_Un, OpCodes.Ldc_I4_0, OpCodes.Ceq); return true;
            // i32 arithmetic
            case Opcode.I32Clz: Helper(1, I32, nameof(Runtime.Numerics.I32Clz)); return true;
            case Opcode.I32Ctz: Helper(1, I32, nameof(Runtime.Numerics.I32Ctz)); return true;
            case Opcode.I32Popcnt: Helper(1, I32, nameof(Runtime.Numerics.I32Popcnt)); return true;
            case Opcode.I32Add: Op(2, I32, OpCodes.Add); return true;
            case Opcode.I32Sub: Op(2, I32, OpCodes.Sub); return true;
            case Opcode.I32Mul: Op(2, I32, OpCodes.Mul); return true;
            case Opcode.I32DivS: Helper(2, I32, nameof(Runtime.Numerics.I32DivS)); return true;
            case Opcode.I32DivU: Helper(2, I32, nameof(Runtime.Numerics.I32DivU)); return true;
            case Opcode.I32RemS: Helper(2, I32, nameof(Runtime.Numerics.I32RemS)); return true;
            case Opcode.I32RemU: Helper(2, I32, nameof(Runtime.Numerics.I32RemU)); return true;
            case Opcode.I32And: Op(2, I32, OpCodes.And); return true;
            case Opcode.I32Or: Op(2, I32, OpCodes.Or); return true;
            case Opcode.I32Xor: Op(2, I32, OpCodes.Xor); return true;
            // IL leaves shifts by >= the width unspecified; wasm takes the count modulo the width.
            case Opcode.I32Shl: Op(2, I32, OpCodes.Ldc_I4_S, 31, OpCodes.And, OpCodes.Shl); return true;
            case Opcode.I32ShrS: Op(2, I32, OpCodes.Ldc_I4_S, 31, OpCodes.And, OpCodes.Shr); return true;
            case Opcode.I32ShrU: Op(2, I32, OpCodes.Ldc_I4_S, 31, OpCodes.And, OpCodes.Shr_Un); return true;
            case Opcode.I32Rotl: Helper(2, I32, nameof(Runtime.Numerics.I32Rotl)); return true;
            case Opcode.I32Rotr: Helper(2, I32, nameof(Runtime.Numerics.I32Rotr)); return true;
            // i64 arithmetic
            case Opcode.I64Clz: Helper(1, I64, nameof(Runtime.Numerics.I64Clz)); return true;
            case Opcode.I64Ctz: Helper(1, I64, nameof(Runtime.Numerics.I64Ctz)); return true;
            case Opcode.I64Popcnt: Helper(1, I64, nameof(Runtime.Numerics.I64Popcnt)); return true;
            case Opcode.I64Add: Op(2, I64, OpCodes.Add); return true;
            case Opcode.I64Sub: Op(2, I64, OpCodes.Sub); return true;
            case Opcode.I64Mul: Op(2, I64, OpCodes.Mul); return true;
            case Opcode.I64DivS: Helper(2, I64, nameof(Runtime.Numerics.I64DivS)); return true;
            case Opcode.I64DivU: Helper(2, I64, nameof(Runtime.Numerics.I64DivU)); return true;
            case Opcode.I64RemS: Helper(2, I64, nameof(Runtime.Numerics.I64RemS)); return true;
            case Opcode.I64RemU: Helper(2, I64, nameof(Runtime.Numerics.I64RemU)); return true;
            case Opcode.I64And: Op(2, I64, OpCodes.And); return true;
            case Opcode.I64Or: Op(2, I64, OpCodes.Or); return true;
            case Opcode.I64Xor: Op(2, I64, OpCodes.Xor); return true;
            case Opcode.I64Shl: Op(2, I64, OpCodes.Conv_I4, OpCodes.Ldc_I4_S, 63, OpCodes.And, OpCodes.Shl); return true;
            case Opcode.I64ShrS: Op(2, I64, OpCodes.Conv_I4, OpCodes.Ldc_I4_S, 63, OpCodes.And, OpCodes.Shr); return true;
            case Opcode.I64ShrU: Op(2, I64, OpCodes.Conv_I4, OpCodes.Ldc_I4_S, 63, OpCodes.And, OpCodes.Shr_Un); return true;
            case Opcode.I64Rotl: Helper(2, I64, nameof(Runtime.Numerics.I64Rotl)); return true;
            case Opcode.I64Rotr: Helper(2, I64, nameof(Runtime.Numerics.I64Rotr)); return true;
            // f32 arithmetic
            case Opcode.F32Abs: Helper(1, F32, nameof(Runtime.Numerics.F32Abs)); return true;
            case Opcode.F32Neg: Helper(1, F32, nameof(Runtime.Numerics.F32Neg)); return true;
            case Opcode.F32Ceil: Call(1, F32, typeof(MathF), nameof(MathF.Ceiling), typeof(float)); return true;
            case Opcode.F32Floor: Call(1, F32, typeof(MathF), nameof(MathF.Floor), typeof(float)); return true;
            case Opcode.F32Trunc: Call(1, F32, typeof(MathF), nameof(MathF.Truncate), typeof(float)); return true;
            case Opcode.F32Nearest: Helper(1, F32, nameof(Runtime.Numerics.F32Nearest)); return true;
            case Opcode.F32Sqrt: Call(1, F32, typeof(MathF), nameof(MathF.Sqrt), typeof(float)); return true;
            case Opcode.F32Add: Op(2, F32, OpCodes.Add); return true;
            case Opcode.F32Sub: Op(2, F32, OpCodes.Sub); return true;
            case Opcode.F32Mul: Op(2, F32, OpCodes.Mul); return true;
            case Opcode.F32Div: Op(2, F32, OpCodes.Div); return true;
            case Opcode.F32Min: Helper(2, F32, nameof(Runtime.Numerics.F32Min)); return true;
            case Opcode.F32Max: Helper(2, F32, nameof(Runtime.Numerics.F32Max)); return true;
            case Opcode.F32Copysign: Helper(2, F32, nameof(Runtime.Numerics.F32Copysign)); return true;
            // f64 arithmetic
            case Opcode.F64Abs: Helper(1, F64, nameof(Runtime.Numerics.F64Abs)); return true;
            case Opcode.F64Neg: Helper(1, F64, nameof(Runtime.Numerics.F64Neg)); return true;
            case Opcode.F64Ceil: Call(1, F64, typeof(Math), nameof(Math.Ceiling), typeof(double)); return true;
            case Opcode.F64Floor: Call(1, F64, typeof(Math), nameof(Math.Floor), typeof(double)); return true;
            case Opcode.F64Trunc: Call(1, F64, typeof(Math), nameof(Math.Truncate), typeof(double)); return true;
            case Opcode.F64Nearest: Helper(1, F64, nameof(Runtime.Numerics.F64Nearest)); return true;
            case Opcode.F64Sqrt: Call(1, F64, typeof(Math), nameof(Math.Sqrt), typeof(double)); return true;
            case Opcode.F64Add: Op(2, F64, OpCodes.Add); return true;
            case Opcode.F64Sub: Op(2, F64, OpCodes.Sub); return true;
            case Opcode.F64Mul: Op(2, F64, OpCodes.Mul); return true;
            case Opcode.F64Div: Op(2, F64, OpCodes.Div); return true;
            case Opcode.F64Min: Helper(2, F64, nameof(Runtime.Numerics.F64Min)); return true;
            case Opcode.F64Max: Helper(2, F64, nameof(Runtime.Numerics.F64Max)); return true;
            case Opcode.F64Copysign: Helper(2, F64, nameof(Runtime.Numerics.F64Copysign)); return true;
            // conversions
            case Opcode.I32WrapI64: Op(1, I32, OpCodes.Conv_I4); return true;
            case Opcode.I32TruncF32S: Helper(1, I32, nameof(Runtime.Numerics.I32TruncF32S)); return true;
            case Opcode.I32TruncF32U: Helper(1, I32, nameof(Runtime.Numerics.I32TruncF32U)); return true;
            case Opcode.I32TruncF64S: Helper(1, I32, nameof(Runtime.Numerics.I32TruncF64S)); return true;
            case Opcode.I32TruncF64U: Helper(1, I32, nameof(Runtime.Numerics.I32TruncF64U)); return true;
            case Opcode.I64ExtendI32S: Op(1, I64, OpCodes.Conv_I8); return true;
            case Opcode.I64ExtendI32U: Op(1, I64, OpCodes.Conv_U8); return true;
            case Opcode.I64TruncF32S: Helper(1, I64, nameof(Runtime.Numerics.I64TruncF32S)); return true;
            case Opcode.I64TruncF32U: Helper(1, I64, nameof(Runtime.Numerics.I64TruncF32U)); return true;
            case Opcode.I64TruncF64S: Helper(1, I64, nameof(Runtime.Numerics.I64TruncF64S)); return true;
            case Opcode.I64TruncF64U: Helper(1, I64, nameof(Runtime.Numerics.I64TruncF64U)); return true;
            case Opcode.F32ConvertI32S: Op(1, F32, OpCodes.Conv_R4); return true;
            // u32 widened to i64 first: the i64 conversion rounds once, exactly.
            case Opcode.F32ConvertI32U: Op(1, F32, OpCodes.Conv_U8, OpCodes.Conv_R4); return true;
            case Opcode.F32ConvertI64S: Op(1, F32, OpCodes.Conv_R4); return true;
            case Opcode.F32ConvertI64U: Helper(1, F32, nameof(Runtime.Numerics.F32ConvertI64U)); return true;
            case Opcode.F32DemoteF64: Helper(1, F32, nameof(Runtime.Numerics.F32DemoteF64)); return true;
            case Opcode.F64ConvertI32S: Op(1, F64, OpCodes.Conv_R8); return true;
            case Opcode.F64ConvertI32U: Op(1, F64, OpCodes.Conv_U8, OpCodes.Conv_R8); return true;
            case Opcode.F64ConvertI64S: Op(1, F64, OpCodes.Conv_R8); return true;
            case Opcode.F64ConvertI64U: Helper(1, F64, nameof(Runtime.Numerics.F64ConvertI64U)); return true;
            case Opcode.F64PromoteF32: Op(1, F64, OpCodes.Conv_R8); return true;
            case Opcode.I32ReinterpretF32: Call(1, I32, typeof(BitConverter), nameof(BitConverter.SingleToInt32Bits), typeof(float)); return true;
            case Opcode.I64ReinterpretF64: Call(1, I64, typeof(BitConverter), nameof(BitConverter.DoubleToInt64Bits), typeof(double)); return true;
            case Opcode.F32ReinterpretI32: Call(1, F32, typeof(BitConverter), nameof(BitConverter.Int32BitsToSingle), typeof(int)); return true;
            case Opcode.F64ReinterpretI64: Call(1, F64, typeof(BitConverter), nameof(BitConverter.Int64BitsToDouble), typeof(long)); return true;
            // sign extension
            case Opcode.I32Extend8S: Op(1, I32, OpCodes.Conv_I1); return true;
            case Opcode.I32Extend16S: Op(1, I32, OpCodes.Conv_I2); return true;
            case Opcode.I64Extend8S: Op(1, I64, OpCodes.Conv_I1, OpCodes.Conv_I8); return true;
            case Opcode.I64Extend16S: Op(1, I64, OpCodes.Conv_I2, OpCodes.Conv_I8); return true;
            case Opcode.I64Extend32S: Op(1, I64, OpCodes.Conv_I4, OpCodes.Conv_I8); return true;
            default: return false;
        }
    }

    private bool TryEmitSaturatingTruncation(Opcode op)
    {
        string? helper = op switch
        {
            Opcode.I32TruncSatF32S => nameof(Runtime.Numerics.I32TruncSatF32S),
            Opcode.I32TruncSatF32U => nameof(Runtime.Numerics.I32TruncSatF32U),
            Opcode.I32TruncSatF64S => nameof(Runtime.Numerics.I32TruncSatF64S),
            Opcode.I32TruncSatF64U => nameof(Runtime.Numerics.I32TruncSatF64U),
            Opcode.I64TruncSatF32S => nameof(Runtime.Numerics.I64TruncSatF32S),
            Opcode.I64TruncSatF32U => nameof(Runtime.Numerics.I64TruncSatF32U),
            Opcode.I64TruncSatF64S => nameof(Runtime.Numerics.I64TruncSatF64S),
            Opcode.I64TruncSatF64U => nameof(Runtime.Numerics.I64TruncSatF64U),
            _ => null,
        };
        if (helper is null) return false;
        Helper(1, op <= Opcode.I32TruncSatF64U ? I32 : I64, helper);
        return true;
    }

    /// <summary>Pops <paramref name="arity"/> operands, emits the IL sequence, pushes a <paramref name="result"/>.</summary>
    private void Op(int arity, ValType result, params object[] sequence)
    {
        _stack.Materialize(arity);
        for (int i = 0; i < sequence.Length; i++)
        {
            var code = (OpCode)sequence[i];
            if (code == OpCodes.Ldc_I4_S) _il.Emit(code, (sbyte)(int)sequence[++i]);
            else _il.Emit(code);
        }
        _stack.Pop(arity);
        _stack.Push(result);
    }

    private void Op(int arity, ValType result, OpCode code)
    {
        _stack.Materialize(arity);
        _il.Emit(code);
        _stack.Pop(arity);
        _stack.Push(result);
    }

    private void Helper(int arity, ValType result, string name) =>
        CallMethod(arity, result, RuntimeMembers.Numeric(name));

    private void Call(int arity, ValType result, Type type, string name, Type parameter) =>
        CallMethod(arity, result, RuntimeMembers.Method(type, name, Enumerable.Repeat(parameter, arity).ToArray()));

    private void CallMethod(int arity, ValType result, System.Reflection.MethodInfo method)
    {
        _stack.Materialize(arity);
        EmitCall(method);
        _stack.Pop(arity);
        _stack.Push(result);
    }
}
