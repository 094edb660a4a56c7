using Sharptime.Model;

namespace Sharptime.Text.Wast;

/// <summary>
/// Parses a .wast script into commands. Modules in the script are not parsed here: text modules are
/// kept as token ranges and quoted ones as bytes, for <see cref="WastModule.ParseText"/> to parse when
/// the runner wants them.
/// </summary>
internal sealed class WastParser : TokenParser
{
    private WastParser(SourceText source, Token[] tokens) : base(source, tokens, 0, tokens.Length - 1)
    {
    }

    public static List<WastCommand> Parse(SourceText source)
    {
        var tokens = Lexer.Tokenize(source).ToArray();
        return new WastParser(source, tokens).ParseCommands();
    }

    private static readonly string[] s_moduleFieldKeywords =
        ["type", "rec", "import", "func", "table", "memory", "global", "tag", "export", "start", "elem", "data"];

    private List<WastCommand> ParseCommands()
    {
        // A script may also be a module's fields alone: it then stands for that one module.
        var first = PeekAt(1);
        if (PeekLeftParen() && first.Kind == TokenKind.Keyword &&
            s_moduleFieldKeywords.Any(k => Text(first).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(k))))
        {
            var module = new WastModule(null, false, LineOf(Peek()), Source, Tokens, Pos, Limit);
            return [new WastModuleCommand(module.Line, module)];
        }
        var commands = new List<WastCommand>();
        while (!AtEnd) commands.Add(ParseCommand());
        return commands;
    }

    private int LineOf(Token token) => Source.GetPosition(token.Start).Line;

    private WastCommand ParseCommand()
    {
        var open = Peek();
        int line = LineOf(open);
        var keyword = PeekAt(1);
        if (open.Kind != TokenKind.LeftParen || keyword.Kind != TokenKind.Keyword) throw Unexpected(open.Kind == TokenKind.LeftParen ? keyword : open);
        var k = Text(keyword);

        if (k.SequenceEqual("module"u8))
        {
            if (PeekAt(2).Kind == TokenKind.Keyword && IsKeyword(PeekAt(2), "instance"u8))
            {
                Pos += 3;
                string? instance = TakeId();
                string? module = TakeId();
                ExpectRightParen();
                return new WastInstanceCommand(line, instance, module);
            }
            return new WastModuleCommand(line, ParseModule());
        }
        if (k.SequenceEqual("register"u8))
        {
            Pos += 2;
            string name = ReadName();
            string? module = TakeId();
            ExpectRightParen();
            return new WastRegisterCommand(line, name, module);
        }
        if (k.SequenceEqual("invoke"u8) || k.SequenceEqual("get"u8))
            return new WastActionCommand(line, ParseAction());

        Pos += 2;
        WastCommand command;
        if (k.SequenceEqual("assert_return"u8))
        {
            var action = ParseAction();
            var results = new List<WastExpected>();
            while (!PeekRightParen()) results.Add(ParseExpected());
            command = new WastAssertReturn(line, action, results);
        }
        else if (k.SequenceEqual("assert_trap"u8))
        {
            if (PeekParenKeyword("module"u8)) command = new WastAssertTrap(line, null, ParseModule(), ReadName());
            else command = new WastAssertTrap(line, ParseAction(), null, ReadName());
        }
        else if (k.SequenceEqual("assert_exhaustion"u8))
        {
            command = new WastAssertExhaustion(line, ParseAction(), ReadName());
        }
        else if (k.SequenceEqual("assert_exception"u8))
        {
            command = new WastAssertException(line, ParseAction());
        }
        else if (k.SequenceEqual("assert_malformed"u8))
        {
            command = new WastAssertMalformed(line, ParseModule(), ReadName());
        }
        else if (k.SequenceEqual("assert_invalid"u8))
        {
            command = new WastAssertInvalid(line, ParseModule(), ReadName());
        }
        else if (k.SequenceEqual("assert_unlinkable"u8))
        {
            command = new WastAssertUnlinkable(line, ParseModule(), ReadName());
        }
        else if (k.SequenceEqual("assert_uninstantiable"u8))
        {
            command = new WastAssertUninstantiable(line, ParseModule(), ReadName());
        }
        else
        {
            throw Unexpected(keyword);
        }
        ExpectRightParen();
        return command;
    }

    /// <summary>
    /// <c>(module definition? $name? binary|quote string*)</c> or <c>(module definition? $name? field*)</c>.
    /// </summary>
    private WastModule ParseModule()
    {
        var open = Peek();
        int line = LineOf(open);
        ExpectLeftParen();
        ExpectKeyword("module"u8);
        bool definition = TakeKeyword("definition"u8);
        string? name = TakeId();
        WastModuleKind? stringKind = TakeKeyword("binary"u8) ? WastModuleKind.Binary
            : TakeKeyword("quote"u8) ? WastModuleKind.Quote
            : null;
        if (stringKind is { } kind)
        {
            var bytes = new List<byte>();
            while (PeekKind() == TokenKind.String)
            {
                var t = Next();
                StringLiteral.AppendDecoded(Text(t)[1..^1], bytes);
            }
            ExpectRightParen();
            return new WastModule(kind, name, definition, line, [.. bytes]);
        }
        int firstField = Pos;
        while (PeekLeftParen()) SkipForm();
        var close = Peek();
        if (close.Kind != TokenKind.RightParen) throw Unexpected(close);
        int end = Pos;
        Pos++;
        return new WastModule(name, definition, line, Source, Tokens, firstField, end);
    }

    /// <summary><c>(invoke $module? "name" arg*)</c> or <c>(get $module? "name")</c>.</summary>
    private WastAction ParseAction()
    {
        ExpectLeftParen();
        var keyword = Next();
        string? module = TakeId();
        string name = ReadName();
        WastAction action;
        if (IsKeyword(keyword, "invoke"u8))
        {
            var args = new List<WastValue>();
            while (!PeekRightParen()) args.Add(ParseArgument());
            action = new WastInvoke(module, name, args);
        }
        else if (IsKeyword(keyword, "get"u8))
        {
            action = new WastGet(module, name);
        }
        else
        {
            throw Unexpected(keyword);
        }
        ExpectRightParen();
        return action;
    }

    /// <summary>An argument: a constant instruction or a reference literal.</summary>
    private WastValue ParseArgument()
    {
        ExpectLeftParen();
        var keyword = Next();
        var k = keyword.Kind == TokenKind.Keyword ? Text(keyword) : default;
        WastValue value;
        if (k.SequenceEqual("i32.const"u8)) value = WastValue.I32((int)ReadInteger(32));
        else if (k.SequenceEqual("i64.const"u8)) value = WastValue.I64((long)ReadInteger(64));
        else if (k.SequenceEqual("f32.const"u8)) value = WastValue.F32Bits(ReadF32());
        else if (k.SequenceEqual("f64.const"u8)) value = WastValue.F64Bits(ReadF64());
        else if (k.SequenceEqual("v128.const"u8)) value = WastValue.FromV128(ReadV128Const());
        else if (k.SequenceEqual("ref.null"u8)) value = WastValue.Null(ReadHeapType());
        else if (k.SequenceEqual("ref.extern"u8)) value = WastValue.Extern(ReadU32());
        else if (k.SequenceEqual("ref.host"u8)) value = WastValue.Host(ReadU32());
        else throw Unexpected(keyword);
        ExpectRightParen();
        return value;
    }

    /// <summary>How deeply <c>either</c> patterns may nest: they are parsed recursively.</summary>
    private const int MaxPatternDepth = 100;

    /// <summary>A result pattern of <c>assert_return</c>.</summary>
    private WastExpected ParseExpected(int depth = 0)
    {
        if (depth > MaxPatternDepth) throw Error("result patterns nested too deeply", Peek());
        ExpectLeftParen();
        var keyword = Next();
        var k = keyword.Kind == TokenKind.Keyword ? Text(keyword) : default;
        WastExpected expected;
        if (k.SequenceEqual("i32.const"u8)) expected = new WastExpectedValue(WastValue.I32((int)ReadInteger(32)));
        else if (k.SequenceEqual("i64.const"u8)) expected = new WastExpectedValue(WastValue.I64((long)ReadInteger(64)));
        else if (k.SequenceEqual("f32.const"u8)) expected = ParseExpectedFloat(WastValueType.F32);
        else if (k.SequenceEqual("f64.const"u8)) expected = ParseExpectedFloat(WastValueType.F64);
        else if (k.SequenceEqual("v128.const"u8)) expected = ParseExpectedVector();
        else if (k.SequenceEqual("ref.null"u8))
            expected = new WastExpectedRef(WastRefKind.Null, NullType: PeekRightParen() ? null : ReadHeapType());
        else if (k.SequenceEqual("ref.extern"u8))
            expected = new WastExpectedRef(WastRefKind.Extern, Value: PeekKind() == TokenKind.Nat ? ReadU32() : null);
        else if (k.SequenceEqual("ref.host"u8))
            expected = new WastExpectedRef(WastRefKind.Host, Value: ReadU32());
        else if (k.SequenceEqual("ref.func"u8))
        {
            // A function reference; an index, if written, is not something a result can be compared with.
            if (PeekKind() is TokenKind.Nat or TokenKind.Id) Pos++;
            expected = new WastExpectedRef(WastRefKind.Func);
        }
        else if (k.SequenceEqual("ref.any"u8)) expected = new WastExpectedRef(WastRefKind.Any);
        else if (k.SequenceEqual("ref.eq"u8)) expected = new WastExpectedRef(WastRefKind.Eq);
        else if (k.SequenceEqual("ref.i31"u8)) expected = new WastExpectedRef(WastRefKind.I31);
        else if (k.SequenceEqual("ref.struct"u8)) expected = new WastExpectedRef(WastRefKind.Struct);
        else if (k.SequenceEqual("ref.array"u8)) expected = new WastExpectedRef(WastRefKind.Array);
        else if (k.SequenceEqual("ref.exn"u8)) expected = new WastExpectedRef(WastRefKind.Exn);
        else if (k.SequenceEqual("either"u8))
        {
            var alternatives = new List<WastExpected>();
            while (!PeekRightParen()) alternatives.Add(ParseExpected(depth + 1));
            expected = new WastExpectedEither(alternatives);
        }
        else throw Unexpected(keyword);
        ExpectRightParen();
        return expected;
    }

    private WastExpected ParseExpectedFloat(WastValueType type)
    {
        var nan = TakeNanPattern();
        if (nan != WastNanKind.None) return new WastExpectedNan(type, nan);
        return new WastExpectedValue(type == WastValueType.F32 ? WastValue.F32Bits(ReadF32()) : WastValue.F64Bits(ReadF64()));
    }

    private WastNanKind TakeNanPattern()
    {
        if (TakeKeyword("nan:canonical"u8)) return WastNanKind.Canonical;
        if (TakeKeyword("nan:arithmetic"u8)) return WastNanKind.Arithmetic;
        return WastNanKind.None;
    }

    /// <summary><c>v128.const shape lane*</c> where float lanes may be NaN patterns.</summary>
    private WastExpectedVector ParseExpectedVector()
    {
        var shapeToken = Peek();
        var shape = ReadShape();
        int count = LaneCount(shape);
        var lanes = new WastLane[count];
        for (int i = 0; i < count; i++)
        {
            var t = Peek();
            if (t.Kind == TokenKind.RightParen) throw Error("wrong number of lane literals", shapeToken);
            var nan = shape is Shape.F32x4 or Shape.F64x2 ? TakeNanPattern() : WastNanKind.None;
            if (nan != WastNanKind.None)
            {
                lanes[i] = new WastLane(0, nan);
                continue;
            }
            ulong bits = shape switch
            {
                Shape.I8x16 => ReadInteger(8),
                Shape.I16x8 => ReadInteger(16),
                Shape.I32x4 => ReadInteger(32),
                Shape.I64x2 => ReadInteger(64),
                Shape.F32x4 => ReadF32(),
                _ => ReadF64(),
            };
            lanes[i] = new WastLane(bits);
        }
        if (!PeekRightParen()) throw Error("wrong number of lane literals", shapeToken);
        return new WastExpectedVector((WastLaneShape)shape, lanes);
    }

    /// <summary>A heap type in a reference literal: an abstract type keyword or a type index.</summary>
    private HeapType ReadHeapType()
    {
        var t = Next();
        if (t.Kind == TokenKind.Nat)
        {
            Pos--;
            return HeapType.FromTypeIndex((int)ReadU32());
        }
        if (t.Kind == TokenKind.Keyword)
        {
            var k = Text(t);
            foreach (var a in Enum.GetValues<AbstractHeapType>())
            {
                var h = HeapType.FromAbstract(a);
                if (k.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(h.ToString()))) return h;
            }
        }
        throw Unexpected(t);
    }
}
