using System.Reflection;
using System.Reflection.Emit;
using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Compilation;

/// <summary>
/// Translates one function body from wasm to IL, in one pass over its instructions. The wasm operand
/// stack maps onto the IL evaluation stack and, at control flow, onto IL locals (see
/// <see cref="OperandStack"/>); wasm locals are IL arguments and locals; the instance context is the
/// argument after the wasm parameters. The body is assumed valid: the validator ran before.
/// Partial files by concern: control flow, variables, numeric, memory, calls, references, SIMD.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleCompilation _m;
    private readonly int _functionIndex;
    private readonly FuncType _type;
    private readonly FunctionBody _body;
    private readonly ILGenerator _il;
    private readonly OperandStack _stack;
    private readonly List<ControlFrame> _frames = [];
    private readonly ValType[] _localTypes;
    /// <summary>IL locals of the declared wasm locals; parameters are IL arguments (null here).</summary>
    private readonly LocalBuilder?[] _locals;
    /// <summary>The IL argument index of the instance context.</summary>
    private readonly short _contextArg;
    /// <summary>Whether the body calls (it then needs the stack guard; a leaf's frame fits in the margin).</summary>
    private bool _makesCalls;
    /// <summary>Whether the body reads memory 0's base or length (the prologue then loads them).</summary>
    private bool _usesMemory0;
    private readonly Dictionary<Type, Stack<LocalBuilder>> _freeScratch = [];
    /// <summary>Bounds checks already made through locals, which later accesses need not repeat.</summary>
    private readonly CheckedAddresses _checked = new();
    private LocalBuilder? _memoryBase;
    private LocalBuilder? _memoryLength;
    /// <summary>Set by the prologue to whether the body uses memory 0 (see <see cref="EmitReloadMemoryLength"/>).</summary>
    private LocalBuilder? _refreshLength;
    /// <summary>True after an unconditional transfer: instructions up to the enclosing else/end are dead.</summary>
    private bool _unreachable;
    /// <summary>Blocks opened inside dead code, to find the else/end that makes code live again.</summary>
    private int _deadDepth;
    /// <summary>IL try regions open at the current position (try_table and legacy try bodies).</summary>
    private int _tryDepth;

    private FunctionCompiler(ModuleCompilation m, int definedIndex, ILGenerator il)
    {
        _m = m;
        _functionIndex = m.ImportedFunctionCount + definedIndex;
        _type = m.FunctionType(_functionIndex);
        _body = m.Module.Bodies[definedIndex];
        _il = il;
        _stack = new OperandStack(il);
        _contextArg = (short)_type.Parameters.Length;

        // Filled by loops: List<ValType> would be JIT-compiled at every start (a framework generic over our struct).
        int localCount = _type.Parameters.Length;
        foreach (var decl in _body.Locals) localCount += (int)decl.Count;
        _localTypes = new ValType[localCount];
        Array.Copy(_type.Parameters, _localTypes, _type.Parameters.Length);
        int next = _type.Parameters.Length;
        foreach (var decl in _body.Locals)
            for (uint i = 0; i < decl.Count; i++) _localTypes[next++] = decl.Type;
        _locals = new LocalBuilder?[_localTypes.Length];
        for (int i = _type.Parameters.Length; i < _localTypes.Length; i++)
            _locals[i] = il.DeclareLocal(ClrTypes.Of(_localTypes[i]));
        if (_m.Memories.Length > 0)
        {
            // Declared up front so every call can refresh the length, even before the first access is seen.
            _memoryBase = il.DeclareLocal(typeof(byte*));
            _memoryLength = il.DeclareLocal(typeof(ulong));
        }
    }

    /// <summary>Emits the IL of defined function <paramref name="definedIndex"/> into <paramref name="method"/>.</summary>
    public static void Compile(ModuleCompilation m, int definedIndex, MethodBuilder method)
    {
        // Sized from the wasm code: growing the IL buffer showed up in profiles of large modules.
        var compiler = new FunctionCompiler(m, definedIndex, method.GetILGenerator(Math.Max(64, m.Module.Bodies[definedIndex].Code.Length * 3)));
        compiler.EmitBody();
    }

    /// <summary>
    /// The prologue depends on what the body turns out to do, so it is emitted after it: the method
    /// starts with a jump to the prologue, which jumps back to the body (RyuJIT lays the blocks out
    /// in order). This saves a pass over the instructions before compiling them.
    /// </summary>
    private void EmitBody()
    {
        var prologue = _il.DefineLabel();
        var body = _il.DefineLabel();
        _il.Emit(OpCodes.Br, prologue);
        _il.MarkLabel(body);
        _frames.Add(new ControlFrame
        {
            Kind = FrameKind.Function,
            Height = 0,
            Params = [],
            Results = _type.Results,
            Label = _il.DefineLabel(),
            ReachableAtEntry = true,
            LabelTryDepth = 0,
        });

        var reader = new InstructionReader(_body.Code.Span, _body.CodeOffset);
        EmitInstructions(ref reader, 0);
        EmitDeferredTailCalls();
        EmitThrowOut();
        _il.MarkLabel(prologue);
        EmitPrologue();
        _il.Emit(OpCodes.Br, body);
    }

    /// <summary>Compiles instructions until the end that leaves <paramref name="outerFrames"/> frames open.</summary>
    private void EmitInstructions(ref InstructionReader reader, int outerFrames)
    {
        while (_frames.Count > outerFrames)
        {
            reader.Read(out var instruction);
            if (_unreachable) SkipDead(in instruction);
            else if (!TryEmitVersionedLoop(in instruction, ref reader) && !TryEmitCoveredSumLoad(in instruction, ref reader) &&
                     !TryEmitVersioned(in instruction, ref reader) && !TryEmitIdiom(in instruction, ref reader, int.MaxValue, out _)) Emit(in instruction);
        }
    }

    private void EmitPrologue()
    {
        EmitConsumeFuel();
        EmitGlobalPrologue();
        if (_makesCalls)
        {
            // Stack guard: only functions that call can recurse; a leaf's frame fits in the margin.
            var guardByte = _il.DeclareLocal(typeof(byte));
            var ok = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloca, guardByte);
            _il.Emit(OpCodes.Conv_U);
            EmitLoadContext();
            EmitField(OpCodes.Ldfld, RuntimeMembers.ContextStackLimit);
            _il.Emit(OpCodes.Bge_Un, ok);
            EmitThrow(nameof(Runtime.Traps.StackExhausted));
            _il.MarkLabel(ok);
        }
        if (_usesMemory0)
        {
            EmitLoadContext();
            EmitField(OpCodes.Ldfld, RuntimeMembers.ContextMemoryBase);
            _il.Emit(OpCodes.Stloc, _memoryBase!);
            EmitLoadMemoryLength();
        }
        if (_refreshLength is not null)
        {
            _il.Emit(_usesMemory0 ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Stloc, _refreshLength);
        }
    }

    /// <summary>
    /// Burns one unit of fuel when the engine counts it (function entries and loop iterations, so a
    /// guest that runs forever runs out).
    /// </summary>
    private void EmitConsumeFuel()
    {
        if (!_m.Engine.Config.ConsumeFuel) return;
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextFuel);
        EmitCall(RuntimeMembers.Method(typeof(Runtime.FuelOps), nameof(Runtime.FuelOps.Consume)));
    }

    /// <summary>
    /// Reloads memory 0's length into its local: after calls and memory.grow, which may change it.
    /// Whether the body uses memory 0 at all is known only at its end (the prologue is emitted
    /// last), so the reload is guarded by a local the prologue sets to that constant: RyuJIT folds
    /// the branch, and a function that never touches memory pays nothing after its calls (it paid a
    /// load and a null check after every call, fib 10 % of its time).
    /// </summary>
    private void EmitReloadMemoryLength()
    {
        if (_memoryLength is null) return;
        _refreshLength ??= _il.DeclareLocal(typeof(bool));
        var skip = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _refreshLength);
        // Saved code takes the long form (see FunctionCompiler.Memory.cs: System.Reflection.Metadata and short branches).
        _il.Emit(_m.Tokens is null ? OpCodes.Brfalse : OpCodes.Brfalse_S, skip);
        EmitLoadMemoryLength();
        _il.MarkLabel(skip);
    }

    private void EmitLoadMemoryLength()
    {
        EmitLoadContext();
        EmitField(OpCodes.Ldfld, RuntimeMembers.ContextMemory);
        EmitField(OpCodes.Ldfld, RuntimeMembers.MemoryByteLength);
        _il.Emit(OpCodes.Stloc, _memoryLength!);
    }

    private void SkipDead(in Instruction instruction)
    {
        if (MergesControl(instruction.Opcode)) ForgetFacts();
        switch (instruction.Opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If or Opcode.Try or Opcode.TryTable:
                _deadDepth++;
                break;
            case Opcode.Else when _deadDepth == 0:
                EmitElse();
                break;
            case Opcode.Catch or Opcode.CatchAll when _deadDepth == 0:
                EmitCatch(in instruction);
                break;
            case Opcode.Delegate when _deadDepth == 0:
                EmitDelegate((int)instruction.Index);
                break;
            case Opcode.Delegate:
                // try ... delegate closes its block without an end.
                _deadDepth--;
                break;
            case Opcode.End when _deadDepth == 0:
                EmitEnd();
                break;
            case Opcode.End:
                _deadDepth--;
                break;
        }
    }

    private void Emit(in Instruction ins)
    {
        var op = ins.Opcode;
        if (MergesControl(op)) ForgetFacts();
        int? previousConstant = _lastI32Constant;
        _lastI32Constant = op == Opcode.I32Const ? ins.I32 : null;
        if (op is Opcode.I32Add or Opcode.I32Sub && previousConstant is int constant && TryEmitLocalPlusConstant(constant, op == Opcode.I32Sub)) return;
        switch (op.Prefix())
        {
            case 0xFD:
                EmitSimd(in ins);
                return;
            case 0xFC:
                EmitMiscPrefixed(in ins);
                return;
            case 0xFB:
                if (TryEmitGc(in ins)) return;
                throw Unsupported(op);
        }
        if (TryEmitControl(in ins)) return;
        if (TryEmitException(in ins)) return;
        if (TryEmitVariable(in ins)) return;
        if (TryEmitMemory(in ins)) return;
        if (TryEmitCall(in ins)) return;
        if (TryEmitReference(in ins)) return;
        if (TryEmitNumeric(op)) return;
        if (TryEmitConstant(in ins)) return;
        throw Unsupported(op);
    }

    /// <summary>
    /// Whether control may reach the code after <paramref name="op"/> from elsewhere than the code
    /// before it (a loop's back edge, the end of a block, else, catch): what was checked before it
    /// does not hold there.
    /// </summary>
    /// <summary>At a merge: which addresses were checked and which locals equal others are no longer known.</summary>
    private void ForgetFacts()
    {
        _checked.Forget();
        _stack.ForgetAliases();
    }

    private static bool MergesControl(Opcode op) =>
        op is Opcode.Loop or Opcode.Else or Opcode.End or Opcode.Catch or Opcode.CatchAll or Opcode.Delegate;

    private void EmitMiscPrefixed(in Instruction ins)
    {
        if (TryEmitSaturatingTruncation(ins.Opcode)) return;
        if (TryEmitBulkMemory(in ins)) return;
        if (TryEmitTableInstruction(in ins)) return;
        throw Unsupported(ins.Opcode);
    }

    private NotSupportedException Unsupported(Opcode op) =>
        new($"instruction {op.Mnemonic()} is not supported by the compiler yet (function {_functionIndex})");

    // ---- small IL helpers ---------------------------------------------------------------

    private void EmitLoadContext() => EmitLdarg(_contextArg);

    private void EmitLdarg(int index)
    {
        switch (index)
        {
            case 0: _il.Emit(OpCodes.Ldarg_0); break;
            case 1: _il.Emit(OpCodes.Ldarg_1); break;
            case 2: _il.Emit(OpCodes.Ldarg_2); break;
            case 3: _il.Emit(OpCodes.Ldarg_3); break;
            case < 256: _il.Emit(OpCodes.Ldarg_S, (byte)index); break;
            default: _il.Emit(OpCodes.Ldarg, (short)index); break;
        }
    }

    private void EmitStarg(int index)
    {
        if (index < 256) _il.Emit(OpCodes.Starg_S, (byte)index);
        else _il.Emit(OpCodes.Starg, (short)index);
    }

    private void EmitLdcI4(int value)
    {
        switch (value)
        {
            case >= -1 and <= 8:
                _il.Emit(value switch
                {
                    -1 => OpCodes.Ldc_I4_M1, 0 => OpCodes.Ldc_I4_0, 1 => OpCodes.Ldc_I4_1, 2 => OpCodes.Ldc_I4_2,
                    3 => OpCodes.Ldc_I4_3, 4 => OpCodes.Ldc_I4_4, 5 => OpCodes.Ldc_I4_5, 6 => OpCodes.Ldc_I4_6,
                    7 => OpCodes.Ldc_I4_7, _ => OpCodes.Ldc_I4_8,
                });
                break;
            case >= sbyte.MinValue and <= sbyte.MaxValue:
                _il.Emit(OpCodes.Ldc_I4_S, (sbyte)value);
                break;
            default:
                _il.Emit(OpCodes.Ldc_I4, value);
                break;
        }
    }

    /// <summary><c>call Traps.X(); throw</c>: the exception is built out of line, thrown here.</summary>
    private void EmitThrow(string trapFactory)
    {
        EmitCall(RuntimeMembers.Trap(trapFactory));
        _il.Emit(OpCodes.Throw);
    }

    /// <summary>
    /// A call to a runtime helper through its cached token (<see cref="TokenCache"/>). ILGenerator does
    /// not know the stack effect of a call emitted by token: it over-estimates maxstack after calls
    /// that take arguments (harmless) and would under-estimate it by one after a call without
    /// arguments that returns a value, so those get a push and pop first to raise the high-water mark.
    /// </summary>
    private void EmitCall(MethodInfo method)
    {
        // Own methods have cheap tokens; generic instantiations need a MethodSpec token, which
        // ModuleBuilder.GetMethodMetadataToken does not give (it names the generic definition).
        if (method is MethodBuilder || method.IsGenericMethod || _m.Tokens is not { } tokens)
        {
            _il.Emit(OpCodes.Call, method);
            return;
        }
        if (tokens.PushesWithoutArguments(method))
        {
            _il.Emit(OpCodes.Ldnull);
            _il.Emit(OpCodes.Pop);
        }
        _il.Emit(OpCodes.Call, tokens.Method(method));
    }

    /// <summary>A field access by cached token: ldfld/stfld/ldsfld have fixed stack effects, so ILGenerator tracks them exactly.</summary>
    private void EmitField(OpCode opcode, FieldInfo field)
    {
        if (field is FieldBuilder || _m.Tokens is not { } tokens) _il.Emit(opcode, field);
        else _il.Emit(opcode, tokens.Field(field));
    }

    /// <summary>An instruction with a type operand (box, unbox.any, newarr, stobj, ...) by cached token.</summary>
    private void EmitType(OpCode opcode, Type type)
    {
        if (type is TypeBuilder || _m.Tokens is not { } tokens) _il.Emit(opcode, type);
        else _il.Emit(opcode, tokens.Type(type));
    }

    /// <summary>A temporary IL local of <paramref name="type"/>; give it back with <see cref="FreeScratch"/>.</summary>
    private LocalBuilder RentScratch(Type type)
    {
        if (_freeScratch.TryGetValue(type, out var free) && free.Count > 0) return free.Pop();
        return _il.DeclareLocal(type);
    }

    private void FreeScratch(LocalBuilder local)
    {
        if (!_freeScratch.TryGetValue(local.LocalType, out var free)) _freeScratch[local.LocalType] = free = new();
        free.Push(local);
    }
}
