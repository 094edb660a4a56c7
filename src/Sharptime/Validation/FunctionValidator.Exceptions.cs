using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    private static readonly ValType s_exnRef = ValType.Ref(HeapType.Exn, nullable: true);
    private static readonly ValType s_nonNullExnRef = ValType.Ref(HeapType.Exn, nullable: false);

    /// <summary>The type of a tag: a function type whose parameters are the exception's payload.</summary>
    private FuncType TagType(uint tag)
    {
        if (tag >= (uint)_module.TagTypes.Length) throw ValidationErrors.Unknown("tag", tag);
        return _types.TryGetFunc(_module.TagTypes[tag], out var type) ? type : FuncType.Empty;
    }

    private void ValidateException(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Throw:
                PopValues(TagType(instruction.Index).Parameters);
                SetUnreachable();
                break;
            case Opcode.ThrowRef:
                Pop(s_exnRef);
                SetUnreachable();
                break;
            case Opcode.TryTable:
            {
                var (parameters, results) = BlockSignature(instruction.BlockType);
                // Catch labels are relative to the block around try_table, so check them before pushing its frame.
                foreach (var clause in instruction.Catches ?? [])
                    CheckCatchClause(clause);
                PopValues(parameters);
                PushFrame(Opcode.TryTable, parameters, results);
                break;
            }
        }
    }

    /// <summary>A catch clause sends the payload (and for the _ref forms the exception) to its label, whose types must take them.</summary>
    private void CheckCatchClause(CatchClause clause)
    {
        ReadOnlySpan<ValType> payload = clause.Kind is CatchKind.Catch or CatchKind.CatchRef ? TagType(clause.Tag).Parameters : [];
        bool withReference = clause.Kind is CatchKind.CatchRef or CatchKind.CatchAllRef;
        var labelTypes = LabelTypes(clause.Label);
        int sent = payload.Length + (withReference ? 1 : 0);
        bool matches = labelTypes.Length == sent;
        for (int i = 0; matches && i < payload.Length; i++) matches = _types.IsSubtype(payload[i], labelTypes[i]);
        if (matches && withReference) matches = _types.IsSubtype(s_nonNullExnRef, labelTypes[^1]);
        if (!matches)
            throw ValidationErrors.TypeMismatch($"catch sends {ValidationErrors.Format(payload)}{(withReference ? " and an exnref" : "")} to a label of type {ValidationErrors.Format(labelTypes)}");
    }

    /// <summary>The legacy exception instructions: try ... catch x ... catch_all ... end, delegate and rethrow.</summary>
    private void ValidateLegacyException(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Try:
                ValidateBlock(Opcode.Try, instruction.BlockType);
                break;
            case Opcode.Catch:
            {
                if (_frames[_frameCount - 1].Kind is not (Opcode.Try or Opcode.Catch)) throw Misplaced("catch");
                var payload = TagType(instruction.Index).Parameters;
                var frame = PopFrame();
                PushFrame(Opcode.Catch, [], frame.Results);
                PushValues(payload);
                break;
            }
            case Opcode.CatchAll:
            {
                if (_frames[_frameCount - 1].Kind is not (Opcode.Try or Opcode.Catch)) throw Misplaced("catch_all");
                var frame = PopFrame();
                PushFrame(Opcode.CatchAll, [], frame.Results);
                break;
            }
            case Opcode.Delegate:
            {
                if (_frames[_frameCount - 1].Kind != Opcode.Try) throw Misplaced("delegate");
                var frame = PopFrame();
                // The label is counted from the block around the try.
                Label(instruction.Index);
                PushValues(frame.Results);
                break;
            }
            case Opcode.Rethrow:
            {
                ref var target = ref Label(instruction.Index);
                if (target.Kind is not (Opcode.Catch or Opcode.CatchAll))
                    throw ValidationErrors.Invalid($"invalid rethrow label {instruction.Index}");
                SetUnreachable();
                break;
            }
        }
    }
}
