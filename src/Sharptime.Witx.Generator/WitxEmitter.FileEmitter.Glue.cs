using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Sharptime.Witx.Generator;

// The glue of a module: wasm-level entry points that check arguments, call the interface, trace, and write results; and the descriptor list.
public static partial class WitxEmitter
{
    private sealed partial class FileEmitter
    {
        private void EmitGlue(WitxModule m)
        {
            var iface = InterfaceName(m);
            var glue = GlueName(m);
            _w.Doc($"Wasm-level entry points of the module <c>{m.Name}</c>: each method takes the implementation, " +
                   "the caller's memory, an optional logger (Trace level) and the wasm arguments, checks and converts them " +
                   "as Wasmtime's wiggle does (out-of-bounds or misaligned pointers trap; bad UTF-8 returns ilseq; " +
                   "bad enum values or flag bits return inval), calls the implementation and stores its outputs.");
            _w.Open($"public static partial class {glue}");
            _w.Line("/// <summary>The wasm import module name.</summary>");
            _w.Line($"public const string ModuleName = \"{m.Name}\";");
            _w.Line("/// <summary>The logger category for this module's trace lines.</summary>");
            _w.Line($"public const string LogCategory = \"{_logCategory}\";");
            _w.Line();
            foreach (var f in m.Functions)
            {
                EmitGlueFunction(iface, f);
            }
            EmitDescriptors(m, iface, glue);
            _w.Close().Line();
        }

        private static readonly HashSet<string> GlueReserved = new() { "impl", "memory", "log" };

        private static List<string> CoreParamNames(WitxLoweredFunction l)
        {
            var used = new HashSet<string>(GlueReserved);
            return l.Params.Select(p => Unique(WitxNaming.Identifier(p.Name), used)).ToList();
        }

        private string TraceArg(WitxCoreParam p, string id, WitxFunction f)
        {
            switch (p.Role)
            {
                case WitxCoreParamRole.Pointer:
                case WitxCoreParamRole.StringPtr:
                case WitxCoreParamRole.ListPtr:
                case WitxCoreParamRole.Indirect:
                case WitxCoreParamRole.ResultPtr:
                    return $"{{({Rt}WitxTrace.Hex({id}))}}";
                case WitxCoreParamRole.StringLen:
                case WitxCoreParamRole.ListLen:
                    return $"{{(uint){id}}}";
            }
            var t = f.Params[p.Source].Type.Resolve();
            switch (t)
            {
                case WitxFlagsType:
                    return $"{{({Rt}WitxTrace.Hex({id}))}}";
                case WitxBuiltinType b when b.Kind is WitxBuiltinKind.S8 or WitxBuiltinKind.S16 or WitxBuiltinKind.S32 or WitxBuiltinKind.S64
                    or WitxBuiltinKind.F32 or WitxBuiltinKind.F64:
                    return $"{{{id}}}";
                default:
                    return p.Type == WitxValType.I64 ? $"{{(ulong){id}}}" : $"{{(uint){id}}}";
            }
        }

        private void EmitGlueFunction(string iface, WitxFunction f)
        {
            var s = Shape(f);
            var l = s.Lowered;
            var ids = CoreParamNames(l);
            var kind = l.ReturnKind;
            var fname = f.Name;

            // The error enum and its inval / ilseq cases, when errors can be returned.
            WitxEnumType? errEnum = null;
            WitxTypeDef? errDef = null;
            if (kind == WitxReturnKind.Expected)
            {
                errDef = NominalDef(l.ReturnType!);
                errEnum = l.ReturnType!.Resolve() as WitxEnumType;
            }
            string? ErrCase(string c) => errEnum != null && errDef != null && errEnum.IndexOf(c) >= 0
                ? $"{TypeName(errDef)}.{WitxNaming.Pascal(c)}" : null;
            var inval = ErrCase("inval");
            var ilseq = ErrCase("ilseq");
            var errType = kind == WitxReturnKind.Expected ? s.ReturnType : null;

            var retCs = l.Results.Count == 0 ? "void" : CoreCs(l.Results[0]);
            var sig = new List<string> { $"{iface} impl", $"{Mem} memory", $"{Logger}? log" };
            for (int i = 0; i < l.Params.Count; i++)
            {
                sig.Add($"{CoreCs(l.Params[i].Type)} {ids[i]}");
            }
            _w.Line($"/// <summary>Glue for <c>{fname}</c>: {CodeWriter.Xml(l.Signature)}.</summary>");
            _w.Open($"public static {retCs} {fname}({string.Join(", ", sig)})");
            _w.Line($"bool __trace = {Rt}WitxTrace.IsEnabled(log);");
            var traceArgs = string.Join(", ", l.Params.Select((p, i) => $"{p.Name}={TraceArg(p, ids[i], f)}"));
            _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"{fname}({traceArgs})\");");
            if (kind == WitxReturnKind.Expected || kind == WitxReturnKind.Scalar)
            {
                _w.Line($"{s.ReturnType} __ret;");
            }
            for (int i = 0; i < s.Outs.Count; i++)
            {
                _w.Line($"{s.Outs[i].Type} __o{i} = default;");
            }

            string Fail(string? errCase, string exceptionExpr) => errCase != null
                ? $"{{ __ret = {errCase}; goto done; }}"
                : $"throw {Rt}WitxTraps.InvalidValue(\"{fname}\", {exceptionExpr});";

            bool catchesErrors = kind == WitxReturnKind.Expected;
            _w.Open("try");
            var args = new List<string> { "memory" };
            for (int pi = 0; pi < f.Params.Count; pi++)
            {
                var p = f.Params[pi];
                int ci = l.Params.ToList().FindIndex(c => c.Source == pi && c.Role != WitxCoreParamRole.ResultPtr);
                var id = ids[ci];
                var local = "__a" + pi;
                var t = p.Type.Resolve();
                var cs = s.Params[pi].Type;
                switch (l.Params[ci].Role)
                {
                    case WitxCoreParamRole.StringPtr:
                        _w.Line($"if (!memory.TryReadString((uint){id}, (uint){ids[ci + 1]}, out var {local})) {Fail(ilseq, $"{Rt}GuestValueException.InvalidUtf8((uint){id}, (uint){ids[ci + 1]})")}");
                        _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"     | {p.Name}={{({Rt}WitxTrace.Quote({local}))}}\");");
                        break;
                    case WitxCoreParamRole.ListPtr:
                    {
                        var el = WitxLayout.Of(((WitxListType)t).Element);
                        _w.Line($"memory.CheckArray((uint){id}, (uint){ids[ci + 1]}, {U(el.Size)}, {U(el.Align)});");
                        _w.Line($"var {local} = new {cs}((uint){id}, (uint){ids[ci + 1]});");
                        break;
                    }
                    case WitxCoreParamRole.Pointer:
                    {
                        var pa = WitxLayout.Of(((WitxPointerType)t).Pointee);
                        if (pa.Align > 1)
                        {
                            _w.Line($"{Mem}.CheckAlignment((uint){id}, {U(pa.Align)});");
                        }
                        _w.Line($"var {local} = new {cs}((uint){id});");
                        break;
                    }
                    case WitxCoreParamRole.Indirect:
                    {
                        var sa = WitxLayout.Of(t);
                        _w.Line($"memory.Check((uint){id}, {U(sa.Size)}, {U(sa.Align)});");
                        _w.Line($"var {local} = {ReadExpr(p.Type, "memory", $"(uint){id}", p.Location)};");
                        break;
                    }
                    default:
                        EmitScalarParam(p, t, id, local, cs, l.Params[ci].Type, Fail, inval);
                        break;
                }
                args.Add(local);
            }
            foreach (var o in l.Outputs)
            {
                var sa = WitxLayout.Of(o.Type);
                _w.Line($"memory.Check((uint){ids[o.ParamIndex]}, {U(sa.Size)}, {U(sa.Align)});");
            }
            for (int i = 0; i < s.Outs.Count; i++)
            {
                args.Add($"out __o{i}");
            }
            var call = $"impl.{s.Name}({string.Join(", ", args)})";
            switch (kind)
            {
                case WitxReturnKind.Expected:
                case WitxReturnKind.Scalar:
                    _w.Line($"__ret = {call};");
                    break;
                default:
                    _w.Line($"{call};");
                    break;
            }
            if (kind == WitxReturnKind.NoReturn)
            {
                _w.Line($"throw {Rt}WitxTraps.NoReturnReturned(\"{fname}\");");
            }
            _w.Close();
            _w.Open($"catch ({Rt}GuestValueException __e)");
            if (inval != null && ilseq != null)
            {
                _w.Line($"__ret = __e.Error == {Rt}GuestValueError.InvalidUtf8 ? {ilseq} : {inval};");
                _w.Line("goto done;");
            }
            else if (inval != null)
            {
                _w.Line($"if (__e.Error == {Rt}GuestValueError.InvalidUtf8) throw {Rt}WitxTraps.InvalidValue(\"{fname}\", __e);");
                _w.Line($"__ret = {inval};");
                _w.Line("goto done;");
            }
            else
            {
                _w.Line($"throw {Rt}WitxTraps.InvalidValue(\"{fname}\", __e);");
            }
            _w.Close();
            if (catchesErrors)
            {
                _w.Open($"catch ({Rt}GuestErrorException __e)");
                _w.Line($"__ret = ({errType})__e.Code;");
                _w.Line("goto done;");
                _w.Close();
            }
            if (kind == WitxReturnKind.NoReturn)
            {
                _w.Close();
                _w.Line();
                return;
            }

            // Store the outputs.
            if (l.Outputs.Count > 0)
            {
                bool conditional = kind == WitxReturnKind.Expected
                    || (kind == WitxReturnKind.Scalar && l.ReturnType!.Resolve() is WitxEnumType);
                if (conditional)
                {
                    _w.Open("if (__ret == 0)");
                }
                for (int i = 0; i < l.Outputs.Count; i++)
                {
                    var o = l.Outputs[i];
                    _w.Line(WriteStmt(o.Type, "memory", $"(uint){ids[o.ParamIndex]}", $"__o{i}", f.Location));
                }
                if (conditional)
                {
                    _w.Close();
                }
            }
            _w.Line("done:");
            var outs = string.Join(", ", l.Outputs.Select((o, i) => $"*{o.WasmName}={{__o{i}}}"));
            switch (kind)
            {
                case WitxReturnKind.Expected:
                {
                    var label = errDef?.Name ?? "error";
                    var name = errEnum != null ? "{__ret.TraceName()}" : "{__ret}";
                    if (errEnum != null)
                    {
                        // TraceName is an extension in the error type's namespace.
                        name = $"{{({CodecOf(errDef!)}.TraceName(__ret))}}";
                    }
                    if (outs.Length > 0)
                    {
                        _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, __ret == 0 ? $\"-> {label}={name} | {outs}\" : $\"-> {label}={name}\");");
                    }
                    else
                    {
                        _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"-> {label}={name}\");");
                    }
                    _w.Line($"return ({retCs})__ret;");
                    break;
                }
                case WitxReturnKind.Scalar:
                {
                    var label = f.Results[0].Name;
                    var value = "{__ret}";
                    var scalarDef = NominalDef(l.ReturnType!);
                    if (scalarDef != null && scalarDef.Type is WitxEnumType)
                    {
                        // (result $error $errno): traced like an expected's error.
                        label = scalarDef.Name;
                        value = $"{{({CodecOf(scalarDef)}.TraceName(__ret))}}";
                    }
                    _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"-> {label}={value}{(outs.Length > 0 ? " | " + outs : "")}\");");
                    _w.Line(retCs == "int" || retCs == "long" ? $"return ({retCs})__ret;" : $"return __ret;");
                    break;
                }
                default:
                    _w.Line($"if (__trace) {Rt}WitxTrace.Write(log!, $\"-> (){(outs.Length > 0 ? " | " + outs : "")}\");");
                    break;
            }
            _w.Close();
            _w.Line();
        }

        private void EmitScalarParam(WitxParam p, WitxType t, string id, string local, string cs, WitxValType core,
            Func<string?, string, string> fail, string? inval)
        {
            switch (t)
            {
                case WitxHandleType:
                    _w.Line($"var {local} = new {cs}((uint){id});");
                    break;
                case WitxEnumType e:
                {
                    var raw = core == WitxValType.I64 ? $"(ulong){id}" : $"(uint){id}";
                    _w.Line($"if ({raw} >= {e.Cases.Count}u) {fail(inval, $"{Rt}GuestValueException.InvalidEnum(\"{NominalDef(p.Type)?.Name}\", (ulong)({raw}))")}");
                    _w.Line($"var {local} = ({cs}){id};");
                    break;
                }
                case WitxFlagsType fl:
                {
                    var raw = core == WitxValType.I64 ? $"(ulong){id}" : $"(uint){id}";
                    var mask = "0x" + fl.Mask.ToString("x", CultureInfo.InvariantCulture) + (core == WitxValType.I64 ? "UL" : "u");
                    _w.Line($"if (({raw} & ~{mask}) != 0) {fail(inval, $"{Rt}GuestValueException.InvalidFlags(\"{NominalDef(p.Type)?.Name}\", (ulong)({raw}))")}");
                    _w.Line($"var {local} = ({cs}){id};");
                    break;
                }
                case WitxBuiltinType b:
                {
                    string? range = b.Kind switch
                    {
                        WitxBuiltinKind.U8 or WitxBuiltinKind.Char8 => $"(uint){id} > 0xffu",
                        WitxBuiltinKind.U16 => $"(uint){id} > 0xffffu",
                        WitxBuiltinKind.S8 => $"{id} < sbyte.MinValue || {id} > sbyte.MaxValue",
                        WitxBuiltinKind.S16 => $"{id} < short.MinValue || {id} > short.MaxValue",
                        WitxBuiltinKind.Char => $"(uint){id} > 0x10ffffu || ((uint){id} >= 0xd800u && (uint){id} <= 0xdfffu)",
                        _ => null,
                    };
                    if (range != null)
                    {
                        _w.Line($"if ({range}) {fail(inval, $"{Rt}GuestValueException.IntegerOverflow(\"{b}\", {id})")}");
                    }
                    _w.Line($"var {local} = ({cs}){id};");
                    break;
                }
                case WitxPointerType:
                    _w.Line($"var {local} = new {cs}((uint){id});");
                    break;
                default:
                    throw new WitxException($"parameter ${p.Name}: unsupported type {t}", p.Location.FileName, p.Location.Line, p.Location.Column);
            }
        }

        private void EmitDescriptors(WitxModule m, string iface, string glue)
        {
            _w.Line($"private static global::System.Collections.Generic.IReadOnlyList<{Rt}WitxHostFunction>? s_functions;");
            _w.Line();
            _w.Line("/// <summary>Every function of the module, to register them with an engine in a loop.</summary>");
            _w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{Rt}WitxHostFunction> Functions => s_functions ??= CreateFunctions();");
            _w.Line();
            _w.Open($"private static {Rt}WitxHostFunction[] CreateFunctions()");
            _w.Line($"var type = typeof({glue});");
            _w.Line($"const global::System.Reflection.BindingFlags flags = global::System.Reflection.BindingFlags.Public | global::System.Reflection.BindingFlags.Static;");
            _w.Open($"return new {Rt}WitxHostFunction[]");
            foreach (var f in m.Functions)
            {
                var l = WitxAbi.Lower(f);
                string Core(WitxValType t) => Rt + "WitxCoreType." + t.ToString();
                var ps = l.Params.Count == 0 ? $"global::System.Array.Empty<{Rt}WitxCoreType>()" : $"new[] {{ {string.Join(", ", l.Params.Select(p => Core(p.Type)))} }}";
                var names = l.Params.Count == 0 ? "global::System.Array.Empty<string>()" : $"new[] {{ {string.Join(", ", l.Params.Select(p => "\"" + p.Name + "\""))} }}";
                var rs = l.Results.Count == 0 ? $"global::System.Array.Empty<{Rt}WitxCoreType>()" : $"new[] {{ {string.Join(", ", l.Results.Select(Core))} }}";
                var callArgs = new List<string> { $"({iface})impl", "memory", "log" };
                for (int i = 0; i < l.Params.Count; i++)
                {
                    callArgs.Add(l.Params[i].Type switch
                    {
                        WitxValType.I32 => $"(int)args[{i}]",
                        WitxValType.I64 => $"args[{i}]",
                        WitxValType.F32 => $"global::System.BitConverter.Int32BitsToSingle((int)args[{i}])",
                        _ => $"global::System.BitConverter.Int64BitsToDouble(args[{i}])",
                    });
                }
                var call = $"{f.Name}({string.Join(", ", callArgs)})";
                var body = l.Results.Count == 0 ? call
                    : l.Results[0] switch
                    {
                        WitxValType.F32 => $"results[0] = global::System.BitConverter.SingleToInt32Bits({call})",
                        WitxValType.F64 => $"results[0] = global::System.BitConverter.DoubleToInt64Bits({call})",
                        _ => $"results[0] = {call}",
                    };
                _w.Line($"new {Rt}WitxHostFunction(ModuleName, \"{f.Name}\", {ps}, {names}, {rs}, typeof({iface}),");
                _w.Line($"    type.GetMethod(\"{f.Name}\", flags)!,");
                _w.Line($"    static (impl, memory, log, args, results) => {{ {body}; }}),");
            }
            _w.Close(";");
            _w.Close();
        }
    }
}
