using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Sharptime.Witx.Generator;

// The interface of a module: one method per witx function.
public static partial class WitxEmitter
{
    private sealed partial class FileEmitter
    {
        private sealed class MethodShape
        {
            public WitxLoweredFunction Lowered = null!;
            public string Name = "";
            public string ReturnType = "void";
            public List<(string Type, string Name)> Params = new();
            public List<(string Type, string Name)> Outs = new();
        }

        private MethodShape Shape(WitxFunction f)
        {
            var lowered = WitxAbi.Lower(f);
            var shape = new MethodShape { Lowered = lowered, Name = WitxNaming.Pascal(f.Name) };
            var used = new HashSet<string> { "memory" };
            foreach (var p in f.Params)
            {
                shape.Params.Add((CsType(p.Type, false, p.Location), Unique(WitxNaming.Camel(p.Name), used)));
            }
            foreach (var o in lowered.Outputs)
            {
                if (o.Type.Resolve() is WitxStringType)
                {
                    throw new WitxException($"\"{f.Name}\" returns a string through a pointer; the C# generator does not support that",
                        f.Location.FileName, f.Location.Line, f.Location.Column);
                }
                shape.Outs.Add((CsType(o.Type, true, f.Location), Unique(WitxNaming.Camel(o.Name), used)));
            }
            if (lowered.ReturnType != null)
            {
                shape.ReturnType = CsType(lowered.ReturnType, false, f.Location);
            }
            return shape;
        }

        private static string InterfaceName(WitxModule m) => "I" + WitxNaming.Pascal(m.Name);

        private static string GlueName(WitxModule m) => WitxNaming.Pascal(m.Name) + "Glue";

        private void EmitInterface(WitxModule m)
        {
            _w.Doc(m.Doc, $"The functions of the witx module <c>{m.Name}</c>.");
            _w.Line($"/// <remarks>Implement every method; <see cref=\"{GlueName(m)}\"/> calls them from wasm after checking the arguments.</remarks>");
            _w.Open($"public partial interface {InterfaceName(m)}");
            foreach (var f in m.Functions)
            {
                var s = Shape(f);
                _w.Doc(f.Doc, $"The function <c>{f.Name}</c>.");
                _w.Line("/// <param name=\"memory\">The caller's linear memory.</param>");
                for (int i = 0; i < f.Params.Count; i++)
                {
                    _w.ParamDoc(s.Params[i].Name, f.Params[i].Doc);
                }
                foreach (var o in s.Outs)
                {
                    _w.ParamDoc(o.Name, "Set on success; the glue stores it in guest memory.");
                }
                if (s.Lowered.ReturnKind == WitxReturnKind.Expected)
                {
                    _w.Line("/// <returns>The error, or the value 0 (success) to have the outputs stored.</returns>");
                }
                if (s.Lowered.ReturnKind == WitxReturnKind.NoReturn)
                {
                    _w.Line($"/// <remarks>Must not return: throw (for example {Rt.Substring(8)}GuestExitException). The glue traps if it returns.</remarks>");
                    _w.Line("[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]");
                }
                var ps = new List<string> { $"{Mem} memory" };
                ps.AddRange(s.Params.Select(p => $"{p.Type} {p.Name}"));
                ps.AddRange(s.Outs.Select(o => $"out {o.Type} {o.Name}"));
                _w.Line($"{s.ReturnType} {s.Name}({string.Join(", ", ps)});");
                _w.Line();
            }
            _w.Close().Line();
        }

        private static string CoreCs(WitxValType t) => t switch
        {
            WitxValType.I32 => "int",
            WitxValType.I64 => "long",
            WitxValType.F32 => "float",
            _ => "double",
        };
    }
}
