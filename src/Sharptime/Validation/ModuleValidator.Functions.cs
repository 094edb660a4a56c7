using Sharptime.Binary;
using Sharptime.Model;

namespace Sharptime.Validation;

public sealed partial class ModuleValidator
{
    /// <summary>Below this much code, starting threads costs more than it saves.</summary>
    private const int ParallelThreshold = 256 * 1024;

    /// <summary>
    /// C.refs: every function named by ref.func outside function bodies, or exported. Only these may be
    /// referenced inside bodies, so an engine knows up front which functions can escape as references.
    /// </summary>
    private bool[] CollectDeclaredFunctions(int functionCount)
    {
        var declared = new bool[functionCount];
        foreach (var export in _module.Exports)
            if (export.Kind == ExternalKind.Function && (uint)export.Index < (uint)functionCount) declared[export.Index] = true;
        foreach (var global in _module.Globals) MarkReferences(global.Init, declared);
        foreach (var table in _module.Tables)
            if (table.Init is { } init) MarkReferences(init, declared);
        foreach (var segment in _module.Elements)
        {
            foreach (var item in segment.Items) MarkReferences(item, declared);
            if (segment.Offset is { } offset) MarkReferences(offset, declared);
        }
        foreach (var segment in _module.Data)
            if (segment.Offset is { } offset) MarkReferences(offset, declared);
        return declared;
    }

    private static void MarkReferences(ConstantExpression expression, bool[] declared)
    {
        var reader = new InstructionReader(expression.Code.Span);
        while (reader.TryRead(out var instruction))
        {
            // Out-of-range indices are reported when the expression itself is validated.
            if (instruction.Opcode == Opcode.RefFunc && instruction.Index < (uint)declared.Length) declared[instruction.Index] = true;
        }
    }

    private FunctionInfo[] ValidateBodies(ModuleContext context)
    {
        var bodies = _module.Bodies;
        var infos = new FunctionInfo[bodies.Count];
        int imported = context.FunctionTypes.Length - bodies.Count;
        long codeSize = 0;
        foreach (var body in bodies) codeSize += body.Code.Length;

        if (!_options.Parallel || codeSize < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            var validator = new FunctionValidator(context);
            for (int i = 0; i < bodies.Count; i++) infos[i] = ValidateBody(validator, imported + i, bodies[i]);
            return infos;
        }

        // Bodies are independent. Break() on the first failure still lets every lower-numbered body finish,
        // so the error reported is the lowest failing function's, as in a sequential run.
        var errors = new Exception?[bodies.Count];
        Parallel.For(0, bodies.Count,
            () => new FunctionValidator(context),
            (i, state, validator) =>
            {
                try
                {
                    infos[i] = ValidateBody(validator, imported + i, bodies[i]);
                }
                catch (Exception e)
                {
                    errors[i] = e;
                    state.Break();
                }
                return validator;
            },
            _ => { });
        foreach (var error in errors)
            if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return infos;
    }

    /// <summary>Validates one body, turning a validator crash on bad input into the library's exception.</summary>
    internal static FunctionInfo ValidateBody(FunctionValidator validator, int functionIndex, FunctionBody body)
    {
        try
        {
            return validator.ValidateFunction(functionIndex, body);
        }
        catch (Exception e) when (e is not WasmException and not OperationCanceledException)
        {
            throw new InvalidModuleException($"invalid module (validator error: {e.GetType().Name}: {e.Message})", functionIndex);
        }
    }
}
