using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Text;

/// <summary>
/// Parses one text-format module into a <see cref="WasmModule"/>, in two passes over its tokens:
/// the first finds the module fields and binds every module-level $name to its index (names may be
/// used before their definition, and imports come first in each index space); the second parses the
/// type definitions, then every other field in order, encoding instructions as binary code.
/// </summary>
internal sealed partial class ModuleParser : TokenParser
{
    private readonly TextParserOptions _options;
    private readonly WasmModule _module = new();

    private readonly IndexSpace _types = new("type", "type");
    private readonly IndexSpace _funcs = new("function", "func");
    private readonly IndexSpace _tables = new("table", "table");
    private readonly IndexSpace _memories = new("memory", "memory");
    private readonly IndexSpace _globals = new("global", "global");
    private readonly IndexSpace _tags = new("tag", "tag");
    private readonly IndexSpace _elems = new("elem segment", "elem");
    private readonly IndexSpace _datas = new("data segment", "data");

    /// <summary>Field names of each struct type, by type index (null for types without named fields).</summary>
    private readonly List<Dictionary<string, int>?> _fieldNames = [];

    /// <summary>The module fields found by the first pass, in order.</summary>
    private readonly List<Field> _fields = [];

    private string? _moduleName;

    public ModuleParser(SourceText source, Token[] tokens, int start, int limit, TextParserOptions options)
        : base(source, tokens, start, limit)
    {
        _options = options;
        _code = new WasmWriter(1024);
        _writer = new InstructionWriter(_code);
    }

    private enum FieldKind : byte { Type, Rec, Import, Func, Table, Memory, Global, Tag, Export, Start, Elem, Data }

    /// <summary>A module field: its kind and its tokens, from its <c>(</c> to just past its <c>)</c>.</summary>
    /// <remarks>A class: List over a struct of ours is JIT-compiled at every start (RATIONALE.md).</remarks>
    private sealed record Field(FieldKind Kind, int Start, int End);

    public WasmModule Parse()
    {
        int fieldsEnd = FindFields();
        try
        {
            ScanFields();
            ParseTypeDefinitions();
            ParseOtherFields();
        }
        catch (TextFormatException e) when (_structureError is { } structure)
        {
            // Report whichever error comes first in the text, as a left-to-right parser would.
            throw (e.Line, e.Column).CompareTo((structure.Line, structure.Column)) <= 0 ? e : structure;
        }
        if (_structureError is not null) throw _structureError;
        Pos = fieldsEnd;
        FinishModule();
        return _module;
    }

    /// <summary>
    /// A syntax error found while delimiting the fields (an unbalanced or unknown field, or tokens after the
    /// module). It is reported only after the fields before it have been parsed, so that an error earlier
    /// in the text wins, as it does in the reference interpreter.
    /// </summary>
    private TextFormatException? _structureError;

    /// <summary>
    /// Finds the module's fields: either inside <c>(module $name? ...)</c> or, as the spec allows for a
    /// file, the fields alone. Returns the position after the last token the module uses.
    /// </summary>
    private int FindFields()
    {
        try
        {
            bool wrapped = PeekParenKeyword("module"u8);
            if (wrapped)
            {
                Pos += 2;
                _moduleName = TakeId();
            }
            while (PeekLeftParen())
            {
                int start = Pos;
                var kind = FieldKindOf(PeekAt(1));
                try
                {
                    SkipForm();
                }
                catch (TextFormatException)
                {
                    // An unclosed field: parse it anyway (to its end), an error inside it comes first.
                    _fields.Add(new Field(kind, start, Limit + 1));
                    throw;
                }
                _fields.Add(new Field(kind, start, Pos));
            }
            if (wrapped) ExpectRightParen();
            if (!AtEnd) throw Unexpected(Peek());
        }
        catch (TextFormatException e)
        {
            _structureError = e;
        }
        return Pos;
    }

    private FieldKind FieldKindOf(Token keyword)
    {
        if (keyword.Kind == TokenKind.Keyword)
        {
            var k = Text(keyword);
            if (k.SequenceEqual("type"u8)) return FieldKind.Type;
            if (k.SequenceEqual("rec"u8)) return FieldKind.Rec;
            if (k.SequenceEqual("import"u8)) return FieldKind.Import;
            if (k.SequenceEqual("func"u8)) return FieldKind.Func;
            if (k.SequenceEqual("table"u8)) return FieldKind.Table;
            if (k.SequenceEqual("memory"u8)) return FieldKind.Memory;
            if (k.SequenceEqual("global"u8)) return FieldKind.Global;
            if (k.SequenceEqual("tag"u8)) return FieldKind.Tag;
            if (k.SequenceEqual("export"u8)) return FieldKind.Export;
            if (k.SequenceEqual("start"u8)) return FieldKind.Start;
            if (k.SequenceEqual("elem"u8)) return FieldKind.Elem;
            if (k.SequenceEqual("data"u8)) return FieldKind.Data;
        }
        throw Unexpected(keyword);
    }

    private void ParseOtherFields()
    {
        foreach (var field in _fields)
        {
            if (field.Kind is FieldKind.Type or FieldKind.Rec) continue;
            Pos = field.Start + 2; // past "(" and the keyword
            switch (field.Kind)
            {
                case FieldKind.Import: ParseImport(); break;
                case FieldKind.Func: ParseFunc(); break;
                case FieldKind.Table: ParseTable(); break;
                case FieldKind.Memory: ParseMemory(); break;
                case FieldKind.Global: ParseGlobal(); break;
                case FieldKind.Tag: ParseTag(); break;
                case FieldKind.Export: ParseExport(); break;
                case FieldKind.Start: ParseStart(field); break;
                case FieldKind.Elem: ParseElem(); break;
                case FieldKind.Data: ParseData(); break;
            }
            if (Pos != field.End - 1) throw Unexpected(Peek());
        }
    }

    private void FinishModule()
    {
        // The data count section is needed when code refers to data segments by index (bulk memory).
        if (_usesDataIndex) _module.DataCount = _module.Data.Count;
        if (_options.RecordNames && (_moduleName is not null || HasNames()))
        {
            _nameSection.ModuleName = _moduleName;
            _module.Names = _nameSection;
        }
    }

    /// <summary>Resolves an index: a nat is taken as is; an id must be bound in the space.</summary>
    private uint ReadIndex(IndexSpace space)
    {
        var t = Peek();
        if (t.Kind == TokenKind.Nat) return ReadU32();
        if (t.Kind != TokenKind.Id) throw Unexpected(t);
        Pos++;
        string name = IdName(t);
        if (!space.TryResolve(name, out int index)) throw Error($"unknown {space.UnknownCategory} ${name}", t);
        return (uint)index;
    }

    private bool PeekIndex() => PeekKind() is TokenKind.Nat or TokenKind.Id;

    /// <summary>Binds an entry of an index space, with its name if it has one ("duplicate X" otherwise).</summary>
    private int Bind(IndexSpace space, string? name, Token at)
    {
        if (!space.TryAdd(name, out int index)) throw Error($"duplicate {space.DuplicateCategory} ${name}", at);
        return index;
    }
}
