using System.Collections.Frozen;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Sharptime.Model;
using Sharptime.Runtime;

namespace Sharptime.Compilation;

// SIMD: every instruction is a call to the SimdOps method named like its opcode (RyuJIT inlines them
// into vector instructions); the compiler only supplies immediates (lanes, shuffle masks, constants)
// and, for memory instructions, the checked address.
internal sealed partial class FunctionCompiler
{
    /// <summary>
    /// The SimdOps methods by opcode, built when the first SIMD instruction is compiled: building them
    /// (Enum.Parse and a FrozenDictionary over our enum, framework generics that are JIT-compiled at
    /// every start) cost about 40 JIT-compiled methods in every run that compiles code, SIMD or not.
    /// </summary>
    private static class SimdTable
    {
        public static readonly FrozenDictionary<Opcode, MethodInfo> Ops =
            typeof(SimdOps).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => Enum.TryParse<Opcode>(m.Name, out _))
                .ToFrozenDictionary(m => Enum.Parse<Opcode>(m.Name), m => m);

        public static readonly FrozenDictionary<MethodInfo, int> Arity =
            Ops.Values.ToFrozenDictionary(m => m, m => m.GetParameters().Length);
    }

    private void EmitSimd(in Instruction ins)
    {
        var op = ins.Opcode;
        if (!SimdTable.Ops.TryGetValue(op, out var method)) throw Unsupported(op);
        int parameterCount = SimdTable.Arity[method];
        switch (op.Immediate())
        {
            case ImmediateKind.V128:
                _il.Emit(OpCodes.Ldc_I8, (long)ins.V128.Low);
                _il.Emit(OpCodes.Ldc_I8, (long)ins.V128.High);
                EmitCall(method);
                _stack.Push(ValType.V128);
                return;
            case ImmediateKind.Shuffle:
                _stack.Materialize(2);
                _il.Emit(OpCodes.Ldc_I8, (long)ins.V128.Low);
                _il.Emit(OpCodes.Ldc_I8, (long)ins.V128.High);
                EmitCall(method);
                _stack.Pop(2);
                _stack.Push(ValType.V128);
                return;
            case ImmediateKind.Lane:
                // (v, [x,] lane): the lane is a constant the inlined helper folds.
                _stack.Materialize(parameterCount - 1);
                EmitLdcI4((int)ins.Index);
                EmitCall(method);
                _stack.Pop(parameterCount - 1);
                _stack.Push(WasmTypeOf(method.ReturnType));
                return;
            case ImmediateKind.MemArg:
            case ImmediateKind.MemArgLane:
                EmitSimdMemory(in ins, method, parameterCount);
                return;
            default:
                _stack.Materialize(parameterCount);
                EmitCall(method);
                _stack.Pop(parameterCount);
                if (method.ReturnType != typeof(void)) _stack.Push(WasmTypeOf(method.ReturnType));
                return;
        }
    }

    /// <summary>
    /// Loads take (pointer), stores (pointer, v128), lane forms add the lane: the vector operand
    /// (if any) is parked while the address is checked and turned into a pointer.
    /// </summary>
    private void EmitSimdMemory(in Instruction ins, MethodInfo method, int parameterCount)
    {
        bool hasLane = ins.Opcode.Immediate() == ImmediateKind.MemArgLane;
        int operands = parameterCount - (hasLane ? 1 : 0);
        int size = 1 << ins.Opcode.Entry().NaturalAlignment;
        _stack.Materialize(operands);
        LocalBuilder? vector = null;
        if (operands == 2)
        {
            vector = RentScratch(typeof(Vector128<byte>));
            _il.Emit(OpCodes.Stloc, vector);
        }
        EmitEffectiveAddress((int)ins.Index2, ins.Immediate, size);
        if (vector is not null)
        {
            _il.Emit(OpCodes.Ldloc, vector);
            FreeScratch(vector);
        }
        if (hasLane) EmitLdcI4((int)ins.Index);
        EmitCall(method);
        _stack.Pop(operands);
        if (method.ReturnType != typeof(void)) _stack.Push(ValType.V128);
    }

    private static ValType WasmTypeOf(Type clr) =>
        clr == typeof(int) ? ValType.I32
        : clr == typeof(long) ? ValType.I64
        : clr == typeof(float) ? ValType.F32
        : clr == typeof(double) ? ValType.F64
        : ValType.V128;
}
