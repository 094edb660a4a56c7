using System.Collections.Generic;

namespace Sharptime.Witx;

/// <summary>Core WebAssembly value types used by lowered witx functions.</summary>
public enum WitxValType
{
    I32,
    I64,
    F32,
    F64,
}

/// <summary>What a core (wasm-level) parameter of a lowered function carries.</summary>
public enum WitxCoreParamRole
{
    /// <summary>A scalar passed by value: integer, float, enum, flags or handle.</summary>
    Value,
    /// <summary>A <c>(@witx pointer T)</c> or <c>const_pointer</c> parameter.</summary>
    Pointer,
    /// <summary>Address of the UTF-8 bytes of a <c>string</c> parameter.</summary>
    StringPtr,
    /// <summary>Byte length of a <c>string</c> parameter.</summary>
    StringLen,
    /// <summary>Address of the first element of a <c>list</c> parameter.</summary>
    ListPtr,
    /// <summary>Element count of a <c>list</c> parameter.</summary>
    ListLen,
    /// <summary>Address of a record or variant parameter passed by reference.</summary>
    Indirect,
    /// <summary>Address where the host stores one output value (a "retptr").</summary>
    ResultPtr,
}

/// <summary>One wasm-level parameter.</summary>
public sealed class WitxCoreParam
{
    public WitxCoreParam(string name, WitxValType type, WitxCoreParamRole role, int source)
    {
        Name = name;
        Type = type;
        Role = role;
        Source = source;
    }

    /// <summary>The parameter name: the witx name, <c>NAME_len</c> for lengths, <c>retptrN</c> for outputs.</summary>
    public string Name { get; }
    public WitxValType Type { get; }
    public WitxCoreParamRole Role { get; }

    /// <summary>Index of the witx parameter this comes from, or of the output for <see cref="WitxCoreParamRole.ResultPtr"/>.</summary>
    public int Source { get; }

    public override string ToString() => $"{Name}: {Type.ToString().ToLowerInvariant()}";
}

/// <summary>How the wasm result of a lowered function is produced.</summary>
public enum WitxReturnKind
{
    /// <summary>No result.</summary>
    Void,
    /// <summary>No result, and the function never returns (<c>(@witx noreturn)</c>).</summary>
    NoReturn,
    /// <summary>The first result is a scalar returned directly.</summary>
    Scalar,
    /// <summary><c>(expected OK? (error E))</c>: E is returned, 0 meaning success; OK values go to result pointers.</summary>
    Expected,
}

/// <summary>A value the host writes to guest memory through a result pointer.</summary>
public sealed class WitxOutput
{
    public WitxOutput(string wasmName, string name, WitxType type, int paramIndex)
    {
        WasmName = wasmName;
        Name = name;
        Type = type;
        ParamIndex = paramIndex;
    }

    /// <summary>Name of the wasm pointer parameter (<c>retptr0</c>, or the legacy result name).</summary>
    public string WasmName { get; }

    /// <summary>Name of the value (<c>result</c>, <c>result0</c>..., or the legacy result name).</summary>
    public string Name { get; }
    public WitxType Type { get; }

    /// <summary>Index of the pointer in <see cref="WitxLoweredFunction.Params"/>.</summary>
    public int ParamIndex { get; }
}

/// <summary>A witx function lowered to its wasm-level signature.</summary>
public sealed class WitxLoweredFunction
{
    internal WitxLoweredFunction(WitxFunction function, List<WitxCoreParam> ps, List<WitxValType> rs,
        WitxReturnKind returnKind, WitxType? returnType, List<WitxOutput> outputs)
    {
        Function = function;
        Params = ps;
        Results = rs;
        ReturnKind = returnKind;
        ReturnType = returnType;
        Outputs = outputs;
    }

    public WitxFunction Function { get; }
    public IReadOnlyList<WitxCoreParam> Params { get; }
    public IReadOnlyList<WitxValType> Results { get; }
    public WitxReturnKind ReturnKind { get; }

    /// <summary>The error type (for <see cref="WitxReturnKind.Expected"/>) or scalar result type.</summary>
    public WitxType? ReturnType { get; }
    public IReadOnlyList<WitxOutput> Outputs { get; }

    /// <summary>The signature in wat style, e.g. <c>(param i32 i32 i32 i32) (result i32)</c>.</summary>
    public string Signature
    {
        get
        {
            var sb = new System.Text.StringBuilder("(param");
            foreach (var p in Params)
            {
                sb.Append(' ').Append(p.Type.ToString().ToLowerInvariant());
            }
            sb.Append(") (result");
            foreach (var r in Results)
            {
                sb.Append(' ').Append(r.ToString().ToLowerInvariant());
            }
            return sb.Append(')').ToString();
        }
    }
}

/// <summary>
/// The witx ABI on wasm32 (as in WASI 0.1 and Wasmtime's wiggle): integers up to 32 bits,
/// enums, flags and handles are <c>i32</c>; 64-bit ones are <c>i64</c>; pointers are <c>i32</c>
/// addresses; strings and lists are two <c>i32</c> (address, length); records and variants are
/// passed by address. A result <c>(expected T (error E))</c> returns E as the wasm result (0 for
/// success) and takes one extra <c>i32</c> pointer per value of T (each element of a tuple)
/// where the host stores it.
/// </summary>
public static class WitxAbi
{
    /// <exception cref="WitxException">When the function uses a type that cannot cross the boundary.</exception>
    public static WitxLoweredFunction Lower(WitxFunction f)
    {
        var ps = new List<WitxCoreParam>();
        for (int i = 0; i < f.Params.Count; i++)
        {
            var p = f.Params[i];
            var t = p.Type.Resolve();
            switch (t)
            {
                case WitxStringType:
                    ps.Add(new WitxCoreParam(p.Name, WitxValType.I32, WitxCoreParamRole.StringPtr, i));
                    ps.Add(new WitxCoreParam(p.Name + "_len", WitxValType.I32, WitxCoreParamRole.StringLen, i));
                    break;
                case WitxListType:
                    ps.Add(new WitxCoreParam(p.Name, WitxValType.I32, WitxCoreParamRole.ListPtr, i));
                    ps.Add(new WitxCoreParam(p.Name + "_len", WitxValType.I32, WitxCoreParamRole.ListLen, i));
                    break;
                case WitxPointerType:
                    ps.Add(new WitxCoreParam(p.Name, WitxValType.I32, WitxCoreParamRole.Pointer, i));
                    break;
                case WitxRecordType:
                case WitxVariantType:
                    ps.Add(new WitxCoreParam(p.Name, WitxValType.I32, WitxCoreParamRole.Indirect, i));
                    break;
                case WitxExpectedType:
                case WitxTupleType:
                    throw Error(p.Location, $"parameter ${p.Name} of \"{f.Name}\" cannot be a {t}");
                default:
                    ps.Add(new WitxCoreParam(p.Name, ScalarValType(t), WitxCoreParamRole.Value, i));
                    break;
            }
        }

        var rs = new List<WitxValType>();
        var outputs = new List<WitxOutput>();
        var kind = f.NoReturn ? WitxReturnKind.NoReturn : WitxReturnKind.Void;
        WitxType? returnType = null;
        for (int i = 0; i < f.Results.Count; i++)
        {
            var r = f.Results[i];
            var t = r.Type.Resolve();
            if (i == 0 && t is WitxExpectedType x)
            {
                if (x.Error is null)
                {
                    throw Error(r.Location, $"result ${r.Name} of \"{f.Name}\": (expected ...) needs an (error TYPE)");
                }
                var et = x.Error.Resolve();
                if (!IsScalar(et) || et is WitxBuiltinType { Kind: WitxBuiltinKind.F32 or WitxBuiltinKind.F64 })
                {
                    throw Error(r.Location, $"result ${r.Name} of \"{f.Name}\": the error type must be an enum or an integer");
                }
                kind = WitxReturnKind.Expected;
                returnType = x.Error;
                rs.Add(ScalarValType(et));
                if (x.Ok != null)
                {
                    if (x.Ok.Resolve() is WitxTupleType tuple)
                    {
                        for (int j = 0; j < tuple.Elements.Count; j++)
                        {
                            AddOutput(f, ps, outputs, "retptr" + j, "result" + j, tuple.Elements[j], r.Location);
                        }
                    }
                    else
                    {
                        AddOutput(f, ps, outputs, "retptr0", "result", x.Ok, r.Location);
                    }
                }
            }
            else if (i == 0)
            {
                if (!IsScalar(t))
                {
                    throw Error(r.Location, $"result ${r.Name} of \"{f.Name}\" must be a scalar or (expected ...), not a {t}");
                }
                kind = WitxReturnKind.Scalar;
                returnType = r.Type;
                rs.Add(ScalarValType(t));
            }
            else
            {
                if (kind == WitxReturnKind.Expected)
                {
                    throw Error(r.Location, $"\"{f.Name}\" cannot have results after an (expected ...) result");
                }
                // Legacy form: (result $error $errno) (result $nwritten $size) ...
                AddOutput(f, ps, outputs, r.Name, r.Name, r.Type, r.Location);
            }
        }
        return new WitxLoweredFunction(f, ps, rs, kind, returnType, outputs);
    }

    private static void AddOutput(WitxFunction f, List<WitxCoreParam> ps, List<WitxOutput> outputs,
        string wasmName, string name, WitxType type, WitxLocation at)
    {
        var t = type.Resolve();
        if (t is WitxExpectedType || t is WitxTupleType)
        {
            throw Error(at, $"\"{f.Name}\" cannot return a nested {t}");
        }
        foreach (var p in ps)
        {
            if (p.Name == wasmName)
            {
                throw Error(at, $"\"{f.Name}\": result name {wasmName} clashes with a parameter");
            }
        }
        outputs.Add(new WitxOutput(wasmName, name, type, ps.Count));
        ps.Add(new WitxCoreParam(wasmName, WitxValType.I32, WitxCoreParamRole.ResultPtr, outputs.Count - 1));
    }

    /// <summary>True for types passed by value in one core value.</summary>
    public static bool IsScalar(WitxType t)
    {
        t = t.Resolve();
        return t is WitxBuiltinType || t is WitxEnumType || t is WitxFlagsType || t is WitxHandleType || t is WitxPointerType;
    }

    /// <summary>The core type of a scalar.</summary>
    public static WitxValType ScalarValType(WitxType t)
    {
        switch (t.Resolve())
        {
            case WitxBuiltinType b:
                return b.Kind switch
                {
                    WitxBuiltinKind.U64 or WitxBuiltinKind.S64 => WitxValType.I64,
                    WitxBuiltinKind.F32 => WitxValType.F32,
                    WitxBuiltinKind.F64 => WitxValType.F64,
                    _ => WitxValType.I32,
                };
            case WitxEnumType e:
                return e.Repr == WitxIntRepr.U64 ? WitxValType.I64 : WitxValType.I32;
            case WitxFlagsType fl:
                return fl.Repr == WitxIntRepr.U64 ? WitxValType.I64 : WitxValType.I32;
            case WitxHandleType:
            case WitxPointerType:
                return WitxValType.I32;
            default:
                throw new System.InvalidOperationException($"{t} is not a scalar");
        }
    }

    private static WitxException Error(WitxLocation at, string message) =>
        new WitxException(message, at.FileName, at.Line, at.Column);
}
