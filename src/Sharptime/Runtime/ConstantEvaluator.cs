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
                case Opcode.RefI31: stack.Push(Gc.GcOps.RefI31((int)stack.Pop()!)); break;
                case Opcode.AnyConvertExtern or Opcode.ExternConvertAny: break;
                case Opcode.StructNew:
                {
                    var type = context.GcTypes[ins.Index];
                    var values = PopMany(stack, ((StructType)type.Composite).Fields.Length);
                    stack.Push(Gc.GcValues.NewStruct(type, values));
                    break;
                }
                case Opcode.StructNewDefault:
                    stack.Push(new Gc.StructObject(context.GcTypes[ins.Index]));
                    break;
                case Opcode.ArrayNew:
                {
                    int length = (int)stack.Pop()!;
                    stack.Push(Gc.GcValues.NewArray(context.GcTypes[ins.Index], stack.Pop(), length));
                    break;
                }
                case Opcode.ArrayNewDefault:
                    stack.Push(Gc.GcValues.NewArrayDefault(context.GcTypes[ins.Index], (int)stack.Pop()!));
                    break;
                case Opcode.ArrayNewFixed:
                    stack.Push(Gc.GcValues.NewArrayFixed(context.GcTypes[ins.Index], PopMany(stack, (int)ins.Index2)));
                    break;
                case Opcode.End: return stack.Count > 0 ? stack.Pop() : null;
                default: throw new NotSupportedException($"constant instruction {ins.Opcode.Mnemonic()} is not supported yet");
            }
        }
        return stack.Count > 0 ? stack.Pop() : null;
    }

    private static object?[] PopMany(Stack<object?> stack, int count)
    {
        var values = new object?[count];
        for (int i = count - 1; i >= 0; i--) values[i] = stack.Pop();
        return values;
    }

    private static void Binary<T>(Stack<object?> stack, Func<T, T, T> op)
    {
        var b = (T)stack.Pop()!;
        var a = (T)stack.Pop()!;
        stack.Push(op(a, b));
    }
}
