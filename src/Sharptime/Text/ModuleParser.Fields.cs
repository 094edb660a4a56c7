using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Text;

/// <summary>The second pass over each module field other than types; the cursor starts after the field's keyword.</summary>
internal sealed partial class ModuleParser
{
    // Entities defined so far in each space; imports come first, so this is also the next index.
    private int _funcCount, _tableCount, _memoryCount, _globalCount, _tagCount;

    private readonly WasmWriter _constCode = new(64);

    private void ParseImport()
    {
        string module = ReadName();
        string name = ReadName();
        ExpectLeftParen();
        var kind = Next();
        TakeIdToken();
        Import import;
        if (IsKeyword(kind, "func"u8))
        {
            _funcCount++;
            import = new Import(module, name, ExternalKind.Function) { TypeIndex = ReadTypeUse(null, allowParamIds: true) };
        }
        else if (IsKeyword(kind, "table"u8))
        {
            _tableCount++;
            import = new Import(module, name, ExternalKind.Table) { Table = ReadTableType() };
        }
        else if (IsKeyword(kind, "memory"u8))
        {
            _memoryCount++;
            import = new Import(module, name, ExternalKind.Memory) { Memory = ReadMemoryType() };
        }
        else if (IsKeyword(kind, "global"u8))
        {
            _globalCount++;
            import = new Import(module, name, ExternalKind.Global) { Global = ReadGlobalType() };
        }
        else if (IsKeyword(kind, "tag"u8))
        {
            _tagCount++;
            import = new Import(module, name, ExternalKind.Tag) { TypeIndex = ReadTypeUse(null, allowParamIds: true) };
        }
        else
        {
            throw Unexpected(kind);
        }
        ExpectRightParen();
        _module.Imports.Add(import);
    }

    /// <summary><c>(export "name")*</c> written inside a definition.</summary>
    private void ReadInlineExports(ExternalKind kind, int index)
    {
        while (TakeParenKeyword("export"u8))
        {
            _module.Exports.Add(new Export(ReadName(), kind, index));
            ExpectRightParen();
        }
    }

    /// <summary><c>(import "module" "name")</c> written inside a definition.</summary>
    private bool TryReadInlineImport(out string module, out string name)
    {
        module = name = "";
        if (!TakeParenKeyword("import"u8)) return false;
        module = ReadName();
        name = ReadName();
        ExpectRightParen();
        return true;
    }

    private void ParseFunc()
    {
        TakeIdToken();
        int index = _funcCount++;
        ReadInlineExports(ExternalKind.Function, index);
        if (TryReadInlineImport(out string module, out string name))
        {
            int type = ReadTypeUse(null, allowParamIds: true);
            _module.Imports.Add(new Import(module, name, ExternalKind.Function) { TypeIndex = type });
            return;
        }

        var at = Peek();
        var paramNames = new List<string?>();
        int typeIndex = ReadTypeUse(paramNames, allowParamIds: true);
        var localNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = _options.RecordNames ? new Dictionary<int, string>() : null;
        int localCount = 0;
        void NameLocal(string? localName, Token where)
        {
            if (localName is not null)
            {
                if (!localNames.TryAdd(localName, localCount)) throw Error($"duplicate local ${localName}", where);
                names?.Add(localCount, localName);
            }
            localCount++;
        }
        foreach (var p in paramNames) NameLocal(p, at);

        var locals = new List<LocalDeclaration>();
        void AddLocal(ValType type)
        {
            if (locals.Count > 0 && locals[^1].Type == type) locals[^1] = new LocalDeclaration(locals[^1].Count + 1, type);
            else locals.Add(new LocalDeclaration(1, type));
        }
        while (TakeParenKeyword("local"u8))
        {
            if (PeekKind() == TokenKind.Id)
            {
                var id = Next();
                NameLocal(IdName(id), id);
                AddLocal(ReadValType());
            }
            else
            {
                while (!PeekRightParen())
                {
                    AddLocal(ReadValType());
                    NameLocal(null, at);
                }
            }
            ExpectRightParen();
        }

        _localNames = localNames;
        _labels.Clear();
        _labels.Add(null); // the function body is a block too: br 0 leaves the function
        _code.Clear();
        ParseInstructions();
        EmitSimple(Opcode.End);
        _labels.Clear();
        _localNames = null;

        _module.Functions.Add(typeIndex);
        _module.Bodies.Add(new FunctionBody { Locals = [.. locals], Code = _code.ToArray() });
        if (names is { Count: > 0 }) _nameSection.LocalNames[index] = names;
    }

    /// <summary>
    /// A constant expression: instructions up to the enclosing <c>)</c>, or exactly one folded instruction
    /// (<paramref name="single"/>: an offset or element item written without its keyword), then <c>end</c>.
    /// </summary>
    private ConstantExpression ParseConstantExpression(bool single = false)
    {
        var (savedCode, savedWriter) = (_code, _writer);
        _constCode.Clear();
        _code = _constCode;
        _writer = new InstructionWriter(_constCode);
        try
        {
            ParseInstructions(single);
            EmitSimple(Opcode.End);
            return new ConstantExpression(_constCode.ToArray());
        }
        finally
        {
            (_code, _writer) = (savedCode, savedWriter);
        }
    }

    /// <summary><c>i32.const value end</c> or <c>i64.const value end</c>: the offset of an inline segment.</summary>
    private static ConstantExpression ConstantOffset(bool is64)
    {
        var w = new WasmWriter(4);
        w.Byte((byte)(is64 ? Opcode.I64Const : Opcode.I32Const));
        w.S64(0);
        w.Byte((byte)Opcode.End);
        return new ConstantExpression(w.ToArray());
    }

    private static ConstantExpression RefFunc(uint function)
    {
        var w = new WasmWriter(8);
        w.Byte((byte)Opcode.RefFunc);
        w.U32(function);
        w.Byte((byte)Opcode.End);
        return new ConstantExpression(w.ToArray());
    }

    private TableType ReadTableType()
    {
        bool is64 = ReadAddressType();
        var limits = ReadLimits(is64);
        return new TableType(ReadRefType(), limits);
    }

    private MemoryType ReadMemoryType() => ReadMemoryLimits(ReadAddressType());

    private GlobalType ReadGlobalType()
    {
        if (TakeParenKeyword("mut"u8))
        {
            var type = ReadValType();
            ExpectRightParen();
            return new GlobalType(type, Mutable: true);
        }
        return new GlobalType(ReadValType(), Mutable: false);
    }

    private void ParseTable()
    {
        TakeIdToken();
        int index = _tableCount++;
        ReadInlineExports(ExternalKind.Table, index);
        if (TryReadInlineImport(out string module, out string name))
        {
            _module.Imports.Add(new Import(module, name, ExternalKind.Table) { Table = ReadTableType() });
            return;
        }
        bool is64 = ReadAddressType();
        if (PeekValType())
        {
            // (table reftype (elem ...)): the table is exactly as large as its inline segment.
            var type = ReadRefType();
            ExpectLeftParen();
            ExpectKeyword("elem"u8);
            var items = PeekIndex() ? ReadFunctionItems() : ReadElementExpressions();
            ExpectRightParen();
            ulong size = (ulong)items.Length;
            _module.Tables.Add(new TableDefinition(new TableType(type, new Limits(size, size, is64))));
            _module.Elements.Add(new ElementSegment
            {
                Mode = SegmentMode.Active,
                ElementType = type,
                Items = items,
                TableIndex = index,
                Offset = ConstantOffset(is64),
            });
            return;
        }
        var limits = ReadLimits(is64);
        var elementType = ReadRefType();
        var init = PeekRightParen() ? null : ParseConstantExpression();
        _module.Tables.Add(new TableDefinition(new TableType(elementType, limits), init));
    }

    private void ParseMemory()
    {
        TakeIdToken();
        int index = _memoryCount++;
        ReadInlineExports(ExternalKind.Memory, index);
        if (TryReadInlineImport(out string module, out string name))
        {
            _module.Imports.Add(new Import(module, name, ExternalKind.Memory) { Memory = ReadMemoryType() });
            return;
        }
        bool is64 = ReadAddressType();
        if (TakeParenKeyword("data"u8))
        {
            // (memory (data ...)): just enough pages for the data, which is written at 0.
            var bytes = ReadDataStrings();
            ExpectRightParen();
            ulong pages = ((ulong)bytes.Length + 0xFFFF) / 0x10000;
            _module.Memories.Add(new MemoryType(new Limits(pages, pages, is64)));
            _module.Data.Add(new DataSegment
            {
                Mode = SegmentMode.Active,
                Bytes = bytes,
                MemoryIndex = index,
                Offset = ConstantOffset(is64),
            });
            return;
        }
        _module.Memories.Add(ReadMemoryLimits(is64));
    }

    private void ParseGlobal()
    {
        TakeIdToken();
        int index = _globalCount++;
        ReadInlineExports(ExternalKind.Global, index);
        if (TryReadInlineImport(out string module, out string name))
        {
            _module.Imports.Add(new Import(module, name, ExternalKind.Global) { Global = ReadGlobalType() });
            return;
        }
        var type = ReadGlobalType();
        _module.Globals.Add(new GlobalDefinition(type, ParseConstantExpression()));
    }

    private void ParseTag()
    {
        TakeIdToken();
        int index = _tagCount++;
        ReadInlineExports(ExternalKind.Tag, index);
        if (TryReadInlineImport(out string module, out string name))
        {
            _module.Imports.Add(new Import(module, name, ExternalKind.Tag) { TypeIndex = ReadTypeUse(null, allowParamIds: true) });
            return;
        }
        _module.Tags.Add(new TagType(ReadTypeUse(null, allowParamIds: true)));
    }

    private void ParseExport()
    {
        string name = ReadName();
        ExpectLeftParen();
        var kind = Next();
        Export export;
        if (IsKeyword(kind, "func"u8)) export = new Export(name, ExternalKind.Function, (int)ReadIndex(_funcs));
        else if (IsKeyword(kind, "table"u8)) export = new Export(name, ExternalKind.Table, (int)ReadIndex(_tables));
        else if (IsKeyword(kind, "memory"u8)) export = new Export(name, ExternalKind.Memory, (int)ReadIndex(_memories));
        else if (IsKeyword(kind, "global"u8)) export = new Export(name, ExternalKind.Global, (int)ReadIndex(_globals));
        else if (IsKeyword(kind, "tag"u8)) export = new Export(name, ExternalKind.Tag, (int)ReadIndex(_tags));
        else throw Unexpected(kind);
        ExpectRightParen();
        _module.Exports.Add(export);
    }

    private void ParseStart(Field field)
    {
        if (_module.Start is not null) throw Error("multiple start sections", Tokens[field.Start]);
        _module.Start = (int)ReadIndex(_funcs);
    }

    /// <summary>
    /// <c>(elem $id? ...)</c>: passive <c>elemlist</c>, <c>declare elemlist</c>, or active
    /// <c>(table x)? offset elemlist</c>, where a bare list of function indices is also allowed.
    /// </summary>
    private void ParseElem()
    {
        TakeIdToken();
        var mode = SegmentMode.Passive;
        int table = 0;
        ConstantExpression? offset = null;
        if (TakeParenKeyword("table"u8))
        {
            table = (int)ReadIndex(_tables);
            ExpectRightParen();
            mode = SegmentMode.Active;
            offset = ReadOffset();
        }
        else if (TakeKeyword("declare"u8))
        {
            mode = SegmentMode.Declarative;
        }
        else if (PeekLeftParen() && !PeekParenKeyword("ref"u8))
        {
            mode = SegmentMode.Active;
            offset = ReadOffset();
        }

        ValType type;
        ConstantExpression[] items;
        if (TakeKeyword("func"u8) || (mode == SegmentMode.Active && (PeekIndex() || PeekRightParen())))
        {
            // Function indices: the segment's type is (ref func), as in the reference interpreter.
            type = ValType.Ref(HeapType.Func, nullable: false);
            items = ReadFunctionItems();
        }
        else
        {
            type = ReadRefType();
            items = ReadElementExpressions();
        }
        _module.Elements.Add(new ElementSegment { Mode = mode, ElementType = type, Items = items, TableIndex = table, Offset = offset });
    }

    /// <summary><c>(offset instr*)</c> or one folded instruction.</summary>
    private ConstantExpression ReadOffset()
    {
        if (!TakeParenKeyword("offset"u8)) return ParseConstantExpression(single: true);
        var expression = ParseConstantExpression();
        ExpectRightParen();
        return expression;
    }

    private ConstantExpression[] ReadFunctionItems()
    {
        var items = new List<ConstantExpression>();
        while (PeekIndex()) items.Add(RefFunc(ReadIndex(_funcs)));
        return [.. items];
    }

    /// <summary><c>(item instr*)</c> or one folded instruction, repeated.</summary>
    private ConstantExpression[] ReadElementExpressions()
    {
        var items = new List<ConstantExpression>();
        while (PeekLeftParen())
        {
            if (TakeParenKeyword("item"u8))
            {
                items.Add(ParseConstantExpression());
                ExpectRightParen();
            }
            else
            {
                items.Add(ParseConstantExpression(single: true));
            }
        }
        return [.. items];
    }

    /// <summary><c>(data $id? ...)</c>: passive strings, or active <c>(memory x)? offset</c> strings.</summary>
    private void ParseData()
    {
        TakeIdToken();
        var mode = SegmentMode.Passive;
        int memory = 0;
        ConstantExpression? offset = null;
        if (TakeParenKeyword("memory"u8))
        {
            memory = (int)ReadIndex(_memories);
            ExpectRightParen();
            mode = SegmentMode.Active;
            offset = ReadOffset();
        }
        else if (PeekLeftParen())
        {
            mode = SegmentMode.Active;
            offset = ReadOffset();
        }
        _module.Data.Add(new DataSegment { Mode = mode, Bytes = ReadDataStrings(), MemoryIndex = memory, Offset = offset });
    }

    /// <summary>Strings written one after another, concatenated.</summary>
    private byte[] ReadDataStrings()
    {
        var bytes = new List<byte>();
        while (PeekKind() == TokenKind.String)
        {
            var t = Next();
            StringLiteral.AppendDecoded(Text(t)[1..^1], bytes);
        }
        return [.. bytes];
    }
}
