using Sharptime.Model;

namespace Sharptime.Text;

internal sealed partial class ModuleParser
{
    /// <summary>
    /// Function types that a type use without <c>(type x)</c> may reuse: the first index of each function
    /// type defined alone (a rec group of one, final, no supertypes), as the spec's abbreviation says.
    /// </summary>
    private readonly Dictionary<FuncType, int> _reusableFuncTypes = [];

    /// <summary>Parses every <c>type</c> and <c>rec</c> field, before anything that may refer to types.</summary>
    private void ParseTypeDefinitions()
    {
        foreach (var field in _fields)
        {
            if (field.Kind is not (FieldKind.Type or FieldKind.Rec)) continue;
            Pos = field.Start + 2;
            int start = _module.Types.Count;
            if (field.Kind == FieldKind.Type)
            {
                ParseTypeDefinition();
            }
            else
            {
                while (PeekLeftParen())
                {
                    Pos++;
                    ExpectKeyword("type"u8);
                    ParseTypeDefinition();
                    ExpectRightParen();
                }
            }
            if (Pos != field.End - 1) throw Unexpected(Peek());
            _module.RecGroups.Add(new RecGroup(start, _module.Types.Count - start));
        }
        foreach (var group in _module.RecGroups)
        {
            if (group.Count != 1) continue;
            var type = _module.Types[group.Start];
            if (type.Final && type.SuperTypes.Length == 0 && type.Composite is FuncType f)
                _reusableFuncTypes.TryAdd(f, group.Start);
        }
    }

    /// <summary>After <c>(type</c>: an optional id (bound in the first pass) and a subtype.</summary>
    private void ParseTypeDefinition()
    {
        TakeIdToken();
        int index = _module.Types.Count;
        if (TakeParenKeyword("sub"u8))
        {
            bool final = TakeKeyword("final"u8);
            var supers = new List<int>();
            while (PeekIndex()) supers.Add((int)ReadIndex(_types));
            var composite = ParseCompositeType(index);
            ExpectRightParen();
            _module.Types.Add(new SubType(composite, final, [.. supers]));
        }
        else
        {
            _module.Types.Add(new SubType(ParseCompositeType(index)));
        }
    }

    private CompositeType ParseCompositeType(int typeIndex)
    {
        ExpectLeftParen();
        var keyword = Next();
        CompositeType result;
        if (IsKeyword(keyword, "func"u8))
        {
            result = ReadSignature(paramNames: null, allowParamIds: true);
        }
        else if (IsKeyword(keyword, "struct"u8))
        {
            result = ParseStructFields(typeIndex);
        }
        else if (IsKeyword(keyword, "array"u8))
        {
            result = new ArrayType(ReadFieldType());
        }
        else
        {
            throw Unexpected(keyword);
        }
        ExpectRightParen();
        return result;
    }

    private StructType ParseStructFields(int typeIndex)
    {
        var fields = new List<FieldType>();
        while (TakeParenKeyword("field"u8))
        {
            if (PeekKind() == TokenKind.Id)
            {
                var id = Next();
                string name = IdName(id);
                var names = _fieldNames[typeIndex] ??= new Dictionary<string, int>(StringComparer.Ordinal);
                if (!names.TryAdd(name, fields.Count)) throw Error($"duplicate field ${name}", id);
                fields.Add(ReadFieldType());
            }
            else
            {
                while (!PeekRightParen()) fields.Add(ReadFieldType());
            }
            ExpectRightParen();
        }
        return new StructType([.. fields]);
    }

    private FieldType ReadFieldType()
    {
        if (TakeParenKeyword("mut"u8))
        {
            var storage = ReadStorageType();
            ExpectRightParen();
            return new FieldType(storage, Mutable: true);
        }
        return new FieldType(ReadStorageType(), Mutable: false);
    }

    private StorageType ReadStorageType()
    {
        if (TakeKeyword("i8"u8)) return new StorageType(ValType.I32, PackedType.I8);
        if (TakeKeyword("i16"u8)) return new StorageType(ValType.I32, PackedType.I16);
        return new StorageType(ReadValType());
    }

    /// <summary>Whether a value type starts at the cursor.</summary>
    private bool PeekValType()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Keyword) return TryValTypeKeyword(Text(t), out _);
        return PeekParenKeyword("ref"u8);
    }

    private ValType ReadValType()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Keyword && TryValTypeKeyword(Text(t), out var type))
        {
            Pos++;
            return type;
        }
        if (TakeParenKeyword("ref"u8))
        {
            bool nullable = TakeKeyword("null"u8);
            var heap = ReadHeapType();
            ExpectRightParen();
            return ValType.Ref(heap, nullable);
        }
        throw Unexpected(t);
    }

    private static bool TryValTypeKeyword(ReadOnlySpan<byte> k, out ValType type)
    {
        type = k switch
        {
            _ when k.SequenceEqual("i32"u8) => ValType.I32,
            _ when k.SequenceEqual("i64"u8) => ValType.I64,
            _ when k.SequenceEqual("f32"u8) => ValType.F32,
            _ when k.SequenceEqual("f64"u8) => ValType.F64,
            _ when k.SequenceEqual("v128"u8) => ValType.V128,
            _ when k.SequenceEqual("funcref"u8) => ValType.FuncRef,
            _ when k.SequenceEqual("externref"u8) => ValType.ExternRef,
            _ when k.SequenceEqual("anyref"u8) => ValType.AnyRef,
            _ when k.SequenceEqual("eqref"u8) => ValType.Ref(HeapType.Eq, true),
            _ when k.SequenceEqual("i31ref"u8) => ValType.Ref(HeapType.I31, true),
            _ when k.SequenceEqual("structref"u8) => ValType.Ref(HeapType.Struct, true),
            _ when k.SequenceEqual("arrayref"u8) => ValType.Ref(HeapType.Array, true),
            _ when k.SequenceEqual("nullref"u8) => ValType.Ref(HeapType.None, true),
            _ when k.SequenceEqual("nullfuncref"u8) => ValType.Ref(HeapType.NoFunc, true),
            _ when k.SequenceEqual("nullexternref"u8) => ValType.Ref(HeapType.NoExtern, true),
            _ when k.SequenceEqual("exnref"u8) => ValType.ExnRef,
            _ when k.SequenceEqual("nullexnref"u8) => ValType.Ref(HeapType.NoExn, true),
            _ => ValType.Bottom,
        };
        return type.Kind != ValTypeKind.Bottom;
    }

    /// <summary>A reference type: a shorthand like <c>funcref</c> or <c>(ref null? ht)</c>.</summary>
    private ValType ReadRefType()
    {
        var t = Peek();
        var type = ReadValType();
        if (!type.IsRef) throw Unexpected(t);
        return type;
    }

    /// <summary>An abstract heap type keyword or a type index.</summary>
    private HeapType ReadHeapType()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Keyword && TryAbstractHeapType(Text(t), out var heap))
        {
            Pos++;
            return heap;
        }
        if (PeekIndex()) return HeapType.FromTypeIndex((int)ReadIndex(_types));
        throw Unexpected(t);
    }

    private static bool TryAbstractHeapType(ReadOnlySpan<byte> k, out HeapType heap)
    {
        heap = default;
        AbstractHeapType? a = k switch
        {
            _ when k.SequenceEqual("func"u8) => AbstractHeapType.Func,
            _ when k.SequenceEqual("extern"u8) => AbstractHeapType.Extern,
            _ when k.SequenceEqual("any"u8) => AbstractHeapType.Any,
            _ when k.SequenceEqual("eq"u8) => AbstractHeapType.Eq,
            _ when k.SequenceEqual("i31"u8) => AbstractHeapType.I31,
            _ when k.SequenceEqual("struct"u8) => AbstractHeapType.Struct,
            _ when k.SequenceEqual("array"u8) => AbstractHeapType.Array,
            _ when k.SequenceEqual("none"u8) => AbstractHeapType.None,
            _ when k.SequenceEqual("nofunc"u8) => AbstractHeapType.NoFunc,
            _ when k.SequenceEqual("noextern"u8) => AbstractHeapType.NoExtern,
            _ when k.SequenceEqual("exn"u8) => AbstractHeapType.Exn,
            _ when k.SequenceEqual("noexn"u8) => AbstractHeapType.NoExn,
            _ => null,
        };
        if (a is null) return false;
        heap = HeapType.FromAbstract(a.Value);
        return true;
    }

    /// <summary>
    /// <c>(param ...)* (result ...)*</c>. Parameter ids are allowed in function definitions and type
    /// definitions (<paramref name="allowParamIds"/>); <paramref name="paramNames"/>, when given,
    /// receives each parameter's name or null.
    /// </summary>
    private FuncType ReadSignature(List<string?>? paramNames, bool allowParamIds)
    {
        var parameters = new List<ValType>();
        while (PeekParenKeyword("param"u8))
        {
            Pos += 2;
            if (PeekKind() == TokenKind.Id)
            {
                var id = Peek();
                if (!allowParamIds) throw Unexpected(id);
                Pos++;
                parameters.Add(ReadValType());
                paramNames?.Add(IdName(id));
            }
            else
            {
                while (!PeekRightParen())
                {
                    parameters.Add(ReadValType());
                    paramNames?.Add(null);
                }
            }
            ExpectRightParen();
        }
        var results = new List<ValType>();
        while (PeekParenKeyword("result"u8))
        {
            Pos += 2;
            while (!PeekRightParen()) results.Add(ReadValType());
            ExpectRightParen();
        }
        // Parameters come first: a (param ...) after a result is a syntax error, whatever follows.
        if (PeekParenKeyword("param"u8)) throw Unexpected(PeekAt(1));
        return parameters.Count == 0 && results.Count == 0 ? FuncType.Empty : new FuncType([.. parameters], [.. results]);
    }

    /// <summary>
    /// A type use: <c>(type x)</c> and/or an inline signature. With both, they must agree ("inline function
    /// type"); with only a signature, the first matching type is used or a new one is appended.
    /// </summary>
    private int ReadTypeUse(List<string?>? paramNames, bool allowParamIds)
    {
        if (!PeekParenKeyword("type"u8))
            return FindOrAddFuncType(ReadSignature(paramNames, allowParamIds));

        var at = Peek();
        Pos += 2;
        var indexToken = Peek();
        int index = (int)ReadIndex(_types);
        ExpectRightParen();
        var inline = ReadSignature(paramNames, allowParamIds);
        bool explicitSignature = inline.Parameters.Length + inline.Results.Length > 0;
        if (explicitSignature)
        {
            if (index >= _module.Types.Count) throw Error($"unknown type {index}", indexToken);
            if (_module.Types[index].Composite is not FuncType declared || !declared.Equals(inline))
                throw Error("inline function type does not match explicit type", at);
        }
        else if (paramNames is not null && index < _module.Types.Count && _module.Types[index].Composite is FuncType f)
        {
            // Parameters declared only by the type are unnamed locals.
            for (int i = 0; i < f.Parameters.Length; i++) paramNames.Add(null);
        }
        return index;
    }

    private int FindOrAddFuncType(FuncType type)
    {
        if (_reusableFuncTypes.TryGetValue(type, out int index)) return index;
        index = _module.Types.Count;
        _module.Types.Add(new SubType(type));
        _module.RecGroups.Add(new RecGroup(index, 1));
        _types.AddAnonymous(1);
        _fieldNames.Add(null);
        _reusableFuncTypes.Add(type, index);
        return index;
    }

    /// <summary>The parameter count of a function type index, or 0 when it is not one (validation reports that).</summary>
    private int ParamCount(int typeIndex) =>
        typeIndex < _module.Types.Count && _module.Types[typeIndex].Composite is FuncType f ? f.Parameters.Length : 0;
}
