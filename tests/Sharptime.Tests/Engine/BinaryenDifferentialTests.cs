using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text;
using Sharptime.Model;

namespace Sharptime.Tests.EngineTests;

/// <summary>
/// Differential testing against binaryen's interpreter: random modules from wasm-opt's
/// translate-to-fuzz mode (NaNs removed with --denan, so results are deterministic) are run by
/// "wasm-opt --fuzz-exec-before", which calls every export in order with zero arguments and prints
/// what the fuzzing-support log imports receive, each result and each trap. Sharptime must print
/// the same. Checks nothing when wasm-opt is not installed, and fails then under CI=true; SHARPTIME_FUZZ_SEEDS=N runs more seeds.
/// Of 1,500 seeds one differs (1034), legitimately: a NaN from f32x4.mul is stored to memory and
/// hashed, and the spec lets Sharptime keep the input NaN's payload where binaryen canonicalizes.
/// </summary>
public class BinaryenDifferentialTests
{
    private const string Features = "--enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue";

    public static TheoryData<int> Seeds =>
        new(Enumerable.Range(1, int.TryParse(Environment.GetEnvironmentVariable("SHARPTIME_FUZZ_SEEDS"), out int n) ? n : 30));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SharptimeAgreesWithBinaryensInterpreter(int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sharptime-differential");
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, $"seed{seed}.bin");
        var wasmPath = Path.Combine(dir, $"seed{seed}.wasm");
        var random = new Random(seed * 7919);
        var bytes = new byte[1000 + random.Next(6000)];
        random.NextBytes(bytes);
        File.WriteAllBytes(input, bytes);
        if (Run($"-ttf {input} --denan -o {wasmPath} {Features}") is null)
        {
            // Not installed on a user's clone: nothing to compare with. CI installs it (.ci/run).
            Assert.False(SharedFiles.IsCI, "CI=true but binaryen's wasm-opt is not installed");
            return;
        }
        var expected = Run($"{wasmPath} --fuzz-exec-before {Features}");
        Assert.NotNull(expected);
        var reference = ParseBinaryen(expected);

        var actual = RunSharptime(File.ReadAllBytes(wasmPath));
        for (int i = 0; i < Math.Max(reference.Count, actual.Count); i++)
        {
            var want = i < reference.Count ? reference[i] : "(nothing)";
            var got = i < actual.Count ? actual[i] : "(nothing)";
            Assert.True(Same(want, got), $"seed {seed}, event {i}: binaryen says [{want}], sharptime [{got}]\n(module: {wasmPath})");
        }
    }

    /// <summary>Events of binaryen's run: "call NAME", "log VALUE", "result VALUE", "trap".</summary>
    private static List<string> ParseBinaryen(string output)
    {
        var events = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("[fuzz-exec] calling ", StringComparison.Ordinal)) events.Add("call " + line["[fuzz-exec] calling ".Length..].Trim());
            else if (line.StartsWith("[LoggingExternalInterface logging ", StringComparison.Ordinal)) events.Add("log " + line["[LoggingExternalInterface logging ".Length..].TrimEnd(']', '\r'));
            else if (line.StartsWith("[fuzz-exec] note result: ", StringComparison.Ordinal)) events.Add("result " + line[(line.IndexOf("=> ", StringComparison.Ordinal) + 3)..].Trim());
            else if (line.StartsWith("[trap", StringComparison.Ordinal) || line.StartsWith("[host limit", StringComparison.Ordinal)) events.Add("trap");
        }
        return events;
    }

    private static List<string> RunSharptime(byte[] wasm)
    {
        var events = new List<string>();
        var engine = new Sharptime.Engine();
        var store = new Store(engine);
        var module = Module.FromBytes(engine, "fuzz", wasm);
        var imports = module.Imports.Select(import =>
        {
            Assert.Equal(ExternalKind.Function, import.Kind);
            var type = module.Definition.GetFuncType(import.TypeIndex);
            return (object)Function.FromCallback(store, type, (_, args, _) => events.Add("log " + FormatLog(args[0])));
        }).ToArray();
        Instance instance;
        try
        {
            instance = new Instance(store, module, imports);
        }
        catch (TrapException)
        {
            events.Add("trap");
            return events;
        }
        // Like binaryen's fuzz-exec, every export starts with a fresh hang limit (the fuzzer's loop counter).
        var resetHangLimit = instance.GetFunction("hangLimitInitializer");
        foreach (var export in module.Exports)
        {
            if (export.Kind != ExternalKind.Function) continue;
            var function = instance.GetFunction(export.Name)!;
            events.Add("call " + export.Name);
            try
            {
                resetHangLimit?.Invoke();
                var results = function.InvokeAll(function.Parameters.Select(Sharptime.Runtime.Values.Default).ToArray());
                if (results.Length == 1) events.Add("result " + Format(results[0]));
                else if (results.Length > 1) events.Add("result (" + string.Join(", ", results.Select(Format)) + ")");
            }
            catch (TrapException)
            {
                events.Add("trap");
            }
        }
        return events;
    }

    private static string FormatLog(object? value) => value is long l
        ? $"{(int)l} {(int)(l >> 32)}" // binaryen logs an i64 as its low and high halves
        : Format(value);

    private static string Format(object? value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Vector128<byte> v => "i32x4 " + string.Join(' ', Enumerable.Range(0, 4).Select(k => $"0x{v.AsUInt32().GetElement(k):x8}")),
        null => "null",
        _ => value.ToString() ?? "?",
    };

    /// <summary>
    /// Token by token: numbers by value (floats bit for bit, -0 included), vector words exactly, except
    /// that two NaNs are the same: --denan cannot reach NaNs inside vectors, and the spec lets an
    /// engine propagate an input NaN's payload (as Sharptime does, like the hardware) or produce the
    /// canonical NaN (as binaryen's interpreter does).
    /// </summary>
    private static bool Same(string a, string b)
    {
        var x = Tokens(a);
        var y = Tokens(b);
        if (x.Length != y.Length) return false;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == y[i]) continue;
            if (x[i].StartsWith("0x", StringComparison.Ordinal) || y[i].StartsWith("0x", StringComparison.Ordinal))
            {
                if (string.Equals(x[i], y[i], StringComparison.OrdinalIgnoreCase)) continue;
                if (!TryWord(x[i], out uint wx) || !TryWord(y[i], out uint wy)) return false;
                if (IsF32NaN(wx) && IsF32NaN(wy)) continue;
                // The low word of an f64 lane whose high word (the next token) is a NaN in both.
                if (i + 1 < x.Length && TryWord(x[i + 1], out uint ph) && TryWord(y[i + 1], out uint qh)
                    && IsF64NaNHigh(ph) && IsF64NaNHigh(qh)) continue;
                return false;
            }
            if (!TryNumber(x[i], out double p) || !TryNumber(y[i], out double q)) return false;
            if (BitConverter.DoubleToInt64Bits(p) != BitConverter.DoubleToInt64Bits(q)) return false;
        }
        return true;
    }

    private static bool TryWord(string s, out uint word) =>
        uint.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out word);

    private static bool IsF32NaN(uint bits) => (bits & 0x7F80_0000) == 0x7F80_0000 && (bits & 0x007F_FFFF) != 0;

    /// <summary>A high word of an f64 NaN (all exponent bits set; its mantissa may sit in the low word).</summary>
    private static bool IsF64NaNHigh(uint bits) => (bits & 0x7FF0_0000) == 0x7FF0_0000;

    private static string[] Tokens(string s) => s.Split([' ', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries);

    private static bool TryNumber(string s, out double value)
    {
        switch (s)
        {
            case "inf": value = double.PositiveInfinity; return true;
            case "-inf": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Runs wasm-opt; null when it is not installed.</summary>
    private static string? Run(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("wasm-opt", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode == 0 ? stdout.Result + stderr.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
