using System.Diagnostics;
using Sharptime.Compilation;

namespace Sharptime.Runtime;

/// <summary>Builds a trap's wasm backtrace from the .NET stack trace of the exception.</summary>
internal static class Backtrace
{
    /// <summary>Frames beyond this many are left out: an exhausted stack holds hundreds of thousands.</summary>
    private const int MaxFrames = 1000;

    public static IReadOnlyList<WasmFrame> FromException(Exception exception)
    {
        var frames = new List<WasmFrame>();
        var trace = new StackTrace(exception, fNeedFileInfo: false);
        int count = trace.FrameCount;
        for (int i = 0; i < count && frames.Count < MaxFrames; i++)
        {
            var method = trace.GetFrame(i)?.GetMethod();
            if (method is not null && CompiledModule.TryMapFrame(method, out var module, out int index))
                frames.Add(new WasmFrame(module.Module.Names?.ModuleName ?? module.Name, index, module.FunctionName(index)));
        }
        return frames;
    }
}
