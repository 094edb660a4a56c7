using Sharptime.Model;

namespace Sharptime.Text;

internal sealed partial class ModuleParser
{
    private readonly NameSection _nameSection = new();

    private bool HasNames()
    {
        var n = _nameSection;
        return n.FunctionNames.Count + n.LocalNames.Count + n.TypeNames.Count + n.TableNames.Count + n.MemoryNames.Count +
            n.GlobalNames.Count + n.ElementNames.Count + n.DataNames.Count + n.TagNames.Count > 0;
    }

    /// <summary>
    /// The first pass: binds the names and indices of everything a module field defines, imports first
    /// in each space (the text format requires imports to come before definitions), and inline element
    /// and data segments of tables and memories in their place.
    /// </summary>
    private void ScanFields()
    {
        int lastImport = -1;
        for (int i = 0; i < _fields.Count; i++)
        {
            var field = _fields[i];
            Pos = field.Start + 2;
            switch (field.Kind)
            {
                case FieldKind.Type:
                    BindType(TakeIdToken());
                    break;
                case FieldKind.Rec:
                    while (PeekParenKeyword("type"u8))
                    {
                        int p = Pos;
                        Pos += 2;
                        BindType(TakeIdToken());
                        Pos = p;
                        SkipForm();
                    }
                    break;
                case FieldKind.Import:
                    lastImport = i;
                    ScanImport();
                    break;
                case FieldKind.Func:
                case FieldKind.Table:
                case FieldKind.Memory:
                case FieldKind.Global:
                case FieldKind.Tag:
                    if (ScanDefinition(field)) lastImport = i;
                    break;
                case FieldKind.Elem:
                    BindNamed(_elems, TakeIdToken(), _nameSection.ElementNames);
                    break;
                case FieldKind.Data:
                    BindNamed(_datas, TakeIdToken(), _nameSection.DataNames);
                    break;
            }
        }
        CheckImportOrder(lastImport);
    }

    private Token? TakeIdToken() => PeekKind() == TokenKind.Id ? Tokens[Pos++] : null;

    private void BindType(Token? id)
    {
        string? name = id is { } t ? IdName(t) : null;
        int index = Bind(_types, name, id ?? Peek());
        _fieldNames.Add(null);
        if (name is not null) _nameSection.TypeNames[index] = name;
    }

    private int BindNamed(IndexSpace space, Token? id, Dictionary<int, string> names)
    {
        string? name = id is { } t ? IdName(t) : null;
        int index = Bind(space, name, id ?? Peek());
        if (name is not null) names[index] = name;
        return index;
    }

    /// <summary>An import field: binds the imported entity's name in its space.</summary>
    private void ScanImport()
    {
        if (PeekKind() != TokenKind.String) return;
        Pos++;
        if (PeekKind() != TokenKind.String) return;
        Pos++;
        if (!PeekLeftParen()) return;
        var kind = PeekAt(1);
        Pos += 2;
        var id = TakeIdToken();
        if (IsKeyword(kind, "func"u8)) BindNamed(_funcs, id, _nameSection.FunctionNames);
        else if (IsKeyword(kind, "table"u8)) BindNamed(_tables, id, _nameSection.TableNames);
        else if (IsKeyword(kind, "memory"u8)) BindNamed(_memories, id, _nameSection.MemoryNames);
        else if (IsKeyword(kind, "global"u8)) BindNamed(_globals, id, _nameSection.GlobalNames);
        else if (IsKeyword(kind, "tag"u8)) BindNamed(_tags, id, _nameSection.TagNames);
    }

    /// <summary>
    /// A func, table, memory, global or tag field: binds its name; counts an inline element or data
    /// segment. Returns whether it is an inline import.
    /// </summary>
    private bool ScanDefinition(Field field)
    {
        var id = TakeIdToken();
        while (PeekParenKeyword("export"u8)) SkipForm();
        bool import = PeekParenKeyword("import"u8);
        switch (field.Kind)
        {
            case FieldKind.Func: BindNamed(_funcs, id, _nameSection.FunctionNames); break;
            case FieldKind.Table: BindNamed(_tables, id, _nameSection.TableNames); break;
            case FieldKind.Memory: BindNamed(_memories, id, _nameSection.MemoryNames); break;
            case FieldKind.Global: BindNamed(_globals, id, _nameSection.GlobalNames); break;
            case FieldKind.Tag: BindNamed(_tags, id, _nameSection.TagNames); break;
        }
        if (!import && field.Kind is FieldKind.Table or FieldKind.Memory)
        {
            // (table ... (elem ...)) and (memory ... (data ...)) define a segment in this place.
            var inner = field.Kind == FieldKind.Table ? "elem"u8 : "data"u8;
            while (Pos < field.End - 1)
            {
                if (PeekParenKeyword(inner))
                {
                    if (field.Kind == FieldKind.Table) _elems.AddAnonymous(1);
                    else _datas.AddAnonymous(1);
                    break;
                }
                if (PeekLeftParen()) SkipForm();
                else Pos++;
            }
        }
        return import;
    }

    /// <summary>
    /// Imports must precede the definitions of functions, tables, memories, globals and tags. As in the
    /// reference interpreter, the error names the last definition that an import follows.
    /// </summary>
    private void CheckImportOrder(int lastImport)
    {
        for (int i = lastImport - 1; i >= 0; i--)
        {
            var field = _fields[i];
            if (field.Kind is not (FieldKind.Func or FieldKind.Table or FieldKind.Memory or FieldKind.Global or FieldKind.Tag))
                continue;
            if (IsInlineImport(field)) continue;
            int firstImportAfter = i + 1;
            while (!IsImport(_fields[firstImportAfter])) firstImportAfter++;
            string what = field.Kind switch
            {
                FieldKind.Func => "function",
                FieldKind.Table => "table",
                FieldKind.Memory => "memory",
                FieldKind.Global => "global",
                _ => "tag",
            };
            throw Error($"import after {what} definition", Tokens[_fields[firstImportAfter].Start]);
        }
    }

    private bool IsImport(Field field) => field.Kind == FieldKind.Import ||
        ((field.Kind is FieldKind.Func or FieldKind.Table or FieldKind.Memory or FieldKind.Global or FieldKind.Tag) && IsInlineImport(field));

    private bool IsInlineImport(Field field)
    {
        Pos = field.Start + 2;
        TakeIdToken();
        while (PeekParenKeyword("export"u8)) SkipForm();
        return PeekParenKeyword("import"u8);
    }
}
