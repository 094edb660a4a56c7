namespace Sharptime.Text;

public sealed partial class Lexer
{
    /// <summary>
    /// Skips an annotation <c>(@id ...)</c> (spec 3.0 "Annotations"): its contents must be tokens with
    /// balanced parentheses, and are otherwise ignored.
    /// </summary>
    private void SkipAnnotation()
    {
        var starts = new Stack<int>();
        OpenAnnotation(starts);
        while (starts.Count > 0)
        {
            SkipBlanks(inAnnotation: true);
            if (_pos >= _end) throw Error("unclosed annotation", starts.Peek());
            byte c = _s[_pos];
            if (c == '(')
            {
                // Inside an annotation, "(@" without an id is just a parenthesis and a reserved token.
                if (_pos + 2 < _end && _s[_pos + 1] == '@' && (_s[_pos + 2] == '"' || (_s[_pos + 2] < 0x80 && CharClass.IsIdChar(_s[_pos + 2]))))
                    OpenAnnotation(starts);
                else starts.Push(_pos++);
            }
            else if (c == ')')
            {
                starts.Pop();
                _pos++;
            }
            else
            {
                ReadAtom(inAnnotation: true);
            }
        }
    }

    /// <summary>Reads <c>(@</c> and the annotation's id (a plain or quoted name, never empty).</summary>
    private void OpenAnnotation(Stack<int> starts)
    {
        int start = _pos;
        starts.Push(start);
        _pos += 2;
        int nameStart = _pos;
        while (_pos < _end && _s[_pos] < 0x80 && CharClass.IsIdChar(_s[_pos])) _pos++;
        if (_pos > nameStart) return;
        if (_pos < _end && _s[_pos] == '"' && TryScanString(_pos, out int end, out _, out _))
        {
            var name = StringLiteral.Decode(_s.AsSpan(_pos, end - _pos));
            if (name.Length == 0) throw Error("empty annotation id", start);
            if (!CharClass.IsValidUtf8(name)) throw Error("malformed UTF-8 encoding", _pos);
            _pos = end;
            return;
        }
        throw Error("empty annotation id", start);
    }
}
