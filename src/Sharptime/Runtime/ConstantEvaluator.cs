using System.Runtime.Intrinsics;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Runtime;

/// <summary>
/// Evaluates constant expressions (global initializers, segment offsets, element items, table
/// initializers) at instantiation, against the instance's globals and functions. Values come out boxed.
/// </summary>
internal static class ConstantEvaluator
{
    public static object? Evaluate(ConstantExpression expression, InstanceContext context)
    {
        var stack = new Stack<object?>();
        var reader = new InstructionReader(expression.Code.Span);
        while (reader.TryRead(out var ins))
        {
            switch (ins.Opcode)
            {
                case Opcode.I32Const: stack.Push(ins.I32); break;
                case Opcode.I64Const: stack.Push(ins.I64); break;
                case Opcode.F32Const: stack.Push(ins.F32); break;
                case Opcode.F64Const: stack.Push(ins.F64); break;
                case Opcode.V128Const: stack.Push(Vector128.Create(ins.V128.Low, ins.V128.High).AsByte()); break;
                case Opcode.RefNull: stack.Push(null); break;
                case Opcode.RefFunc: stack.Push(context.GetFunction((int)ins.Index)); break;
                case Opcode.GlobalGet: stack.Push(context.Globals[ins.Index].GetValue()); break;
                case Opcode.I32Add: Binary<int>(stack, (a, b) => a + b); break;
                case Opcode.I32Sub: Binary<int>(stack, (a, b) => a - b); break;
                case Opcode.I32Mul: Binary<int>(stack, (a, b) => a * b); break;
                case Opcode.I64Add: Binary<long>(stack, (a, b) => a + b); break;
                case Opcode.I64Sub: Binary<long>(stack, (a, b) => a - b); break;
                case Opcode.I64Mul: Binary<long>(stack, (a, b) => a * b); break;
                case Opcode.End: return stack.Count > 0 ? stack.Pop() : null;
                default: throw new NotSupportedException($"constant instruction {ins.Opcode.Mnemonic()} is not supported yet");
            }
        }
        return stack.Count > 0 ? stack.Pop() : null;
    }

    private static void Binary<T>(Stack<object?> stack, Func<T, T, T> op)
    {
        var b = (T)stack.Pop()!;
        var a = (T)stack.Pop()!;
        stack.Push(op(a, b));
    }
}
