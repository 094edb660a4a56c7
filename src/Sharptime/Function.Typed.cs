// Typed entry points: one class per arity, each calling the compiled code through a function
// pointer after the stack-limit check of GuestEntry. The move to a guest thread is a separate
// method so that the hot path allocates no closure. Written out per arity (0..6 parameters) because
// C# has no variadic generics; every arity follows the same pattern.
using System.Runtime.CompilerServices;
using Sharptime.Runtime;

namespace Sharptime;

public sealed partial class Function
{
    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<TResult> AsFunc<TResult>()
    {
        CheckSignature([], typeof(TResult));
        return new FuncEntry<TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke()
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<InstanceContext, TResult>)function.Code)(context);
            return OnGuestThread();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread()
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke());
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action AsAction()
    {
        CheckSignature([], null);
        return new ActionEntry(this).Invoke;
    }

    private sealed unsafe class ActionEntry(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke()
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<InstanceContext, void>)function.Code)(context);
                return;
            }
            OnGuestThread();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread()
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(); return 0; });
        }
    }

    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<T1, TResult> AsFunc<T1, TResult>()
    {
        CheckSignature([typeof(T1)], typeof(TResult));
        return new FuncEntry<T1, TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<T1, TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke(T1 a1)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<T1, InstanceContext, TResult>)function.Code)(a1, context);
            return OnGuestThread(a1);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread(T1 a1)
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke(a1));
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action<T1> AsAction<T1>()
    {
        CheckSignature([typeof(T1)], null);
        return new ActionEntry<T1>(this).Invoke;
    }

    private sealed unsafe class ActionEntry<T1>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke(T1 a1)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<T1, InstanceContext, void>)function.Code)(a1, context);
                return;
            }
            OnGuestThread(a1);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread(T1 a1)
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(a1); return 0; });
        }
    }

    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<T1, T2, TResult> AsFunc<T1, T2, TResult>()
    {
        CheckSignature([typeof(T1), typeof(T2)], typeof(TResult));
        return new FuncEntry<T1, T2, TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<T1, T2, TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke(T1 a1, T2 a2)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<T1, T2, InstanceContext, TResult>)function.Code)(a1, a2, context);
            return OnGuestThread(a1, a2);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread(T1 a1, T2 a2)
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke(a1, a2));
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action<T1, T2> AsAction<T1, T2>()
    {
        CheckSignature([typeof(T1), typeof(T2)], null);
        return new ActionEntry<T1, T2>(this).Invoke;
    }

    private sealed unsafe class ActionEntry<T1, T2>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke(T1 a1, T2 a2)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<T1, T2, InstanceContext, void>)function.Code)(a1, a2, context);
                return;
            }
            OnGuestThread(a1, a2);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread(T1 a1, T2 a2)
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(a1, a2); return 0; });
        }
    }

    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<T1, T2, T3, TResult> AsFunc<T1, T2, T3, TResult>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3)], typeof(TResult));
        return new FuncEntry<T1, T2, T3, TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<T1, T2, T3, TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke(T1 a1, T2 a2, T3 a3)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<T1, T2, T3, InstanceContext, TResult>)function.Code)(a1, a2, a3, context);
            return OnGuestThread(a1, a2, a3);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread(T1 a1, T2 a2, T3 a3)
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke(a1, a2, a3));
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action<T1, T2, T3> AsAction<T1, T2, T3>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3)], null);
        return new ActionEntry<T1, T2, T3>(this).Invoke;
    }

    private sealed unsafe class ActionEntry<T1, T2, T3>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke(T1 a1, T2 a2, T3 a3)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<T1, T2, T3, InstanceContext, void>)function.Code)(a1, a2, a3, context);
                return;
            }
            OnGuestThread(a1, a2, a3);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread(T1 a1, T2 a2, T3 a3)
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(a1, a2, a3); return 0; });
        }
    }

    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<T1, T2, T3, T4, TResult> AsFunc<T1, T2, T3, T4, TResult>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3), typeof(T4)], typeof(TResult));
        return new FuncEntry<T1, T2, T3, T4, TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<T1, T2, T3, T4, TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<T1, T2, T3, T4, InstanceContext, TResult>)function.Code)(a1, a2, a3, a4, context);
            return OnGuestThread(a1, a2, a3, a4);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread(T1 a1, T2 a2, T3 a3, T4 a4)
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke(a1, a2, a3, a4));
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action<T1, T2, T3, T4> AsAction<T1, T2, T3, T4>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3), typeof(T4)], null);
        return new ActionEntry<T1, T2, T3, T4>(this).Invoke;
    }

    private sealed unsafe class ActionEntry<T1, T2, T3, T4>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<T1, T2, T3, T4, InstanceContext, void>)function.Code)(a1, a2, a3, a4, context);
                return;
            }
            OnGuestThread(a1, a2, a3, a4);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread(T1 a1, T2 a2, T3 a3, T4 a4)
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(a1, a2, a3, a4); return 0; });
        }
    }

    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<T1, T2, T3, T4, T5, TResult> AsFunc<T1, T2, T3, T4, T5, TResult>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], typeof(TResult));
        return new FuncEntry<T1, T2, T3, T4, T5, TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<T1, T2, T3, T4, T5, TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<T1, T2, T3, T4, T5, InstanceContext, TResult>)function.Code)(a1, a2, a3, a4, a5, context);
            return OnGuestThread(a1, a2, a3, a4, a5);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke(a1, a2, a3, a4, a5));
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action<T1, T2, T3, T4, T5> AsAction<T1, T2, T3, T4, T5>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], null);
        return new ActionEntry<T1, T2, T3, T4, T5>(this).Invoke;
    }

    private sealed unsafe class ActionEntry<T1, T2, T3, T4, T5>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<T1, T2, T3, T4, T5, InstanceContext, void>)function.Code)(a1, a2, a3, a4, a5, context);
                return;
            }
            OnGuestThread(a1, a2, a3, a4, a5);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5)
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(a1, a2, a3, a4, a5); return 0; });
        }
    }

    /// <summary>A typed delegate calling this function; throws if the types do not match its signature.</summary>
    public Func<T1, T2, T3, T4, T5, T6, TResult> AsFunc<T1, T2, T3, T4, T5, T6, TResult>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], typeof(TResult));
        return new FuncEntry<T1, T2, T3, T4, T5, T6, TResult>(this).Invoke;
    }

    private sealed unsafe class FuncEntry<T1, T2, T3, T4, T5, T6, TResult>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public TResult Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
                return ((delegate*<T1, T2, T3, T4, T5, T6, InstanceContext, TResult>)function.Code)(a1, a2, a3, a4, a5, a6, context);
            return OnGuestThread(a1, a2, a3, a4, a5, a6);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private TResult OnGuestThread(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        {
            return GuestEntry.RunOnGuestThread(_maxStack, () => Invoke(a1, a2, a3, a4, a5, a6));
        }
    }

    /// <summary>A typed delegate calling this function, which has no results; throws if the types do not match.</summary>
    public Action<T1, T2, T3, T4, T5, T6> AsAction<T1, T2, T3, T4, T5, T6>()
    {
        CheckSignature([typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], null);
        return new ActionEntry<T1, T2, T3, T4, T5, T6>(this).Invoke;
    }

    private sealed unsafe class ActionEntry<T1, T2, T3, T4, T5, T6>(Function function)
    {
        private readonly int _maxStack = function.Engine.Config.MaxWasmStack;

        public void Invoke(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        {
            var context = function.Context;
            if (GuestEntry.TryEnter(context, _maxStack))
            {
                ((delegate*<T1, T2, T3, T4, T5, T6, InstanceContext, void>)function.Code)(a1, a2, a3, a4, a5, a6, context);
                return;
            }
            OnGuestThread(a1, a2, a3, a4, a5, a6);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void OnGuestThread(T1 a1, T2 a2, T3 a3, T4 a4, T5 a5, T6 a6)
        {
            GuestEntry.RunOnGuestThread(_maxStack, () => { Invoke(a1, a2, a3, a4, a5, a6); return 0; });
        }
    }

    private void CheckSignature(Type[] parameters, Type? result)
    {
        bool ok = parameters.Length == Type.Parameters.Length && (result is null ? Type.Results.Length == 0 : Type.Results.Length == 1);
        for (int i = 0; ok && i < parameters.Length; i++) ok = Fits(parameters[i], Type.Parameters[i]) && UncheckedArgumentIsSafe(Type.Parameters[i]);
        if (ok && result is not null) ok = Fits(result, Type.Results[0]);
        if (!ok)
            throw new InvalidCastException($"function of type {Type} cannot be called as ({string.Join(", ", parameters.Select(p => p.Name))}) -> {result?.Name ?? "void"}");
    }

    /// <summary>
    /// Typed delegates pass arguments straight to compiled code, unchecked, so they only take
    /// references of types where any object is harmless: externref and anyref (wasm must cast before
    /// using one) and funcref (call_ref needs a typed reference, which takes a cast). Parameters of
    /// struct, array or typed function references go through <see cref="Invoke"/>, which checks them.
    /// </summary>
    private static bool UncheckedArgumentIsSafe(Model.ValType wasm) =>
        !wasm.IsRef || (wasm.Heap.IsAbstract && wasm.Heap.Abstract is Model.AbstractHeapType.Extern or Model.AbstractHeapType.Any or Model.AbstractHeapType.Func);

    /// <summary>Whether values of CLR type <paramref name="clr"/> represent <paramref name="wasm"/> exactly.</summary>
    private static bool Fits(Type clr, Model.ValType wasm) => wasm.IsRef
        ? clr == typeof(object) || (clr == typeof(Function) && wasm.Heap == Model.HeapType.Func)
        : Compilation.ClrTypes.Of(wasm) == clr;
}
