using System.Text;
using Sharptime.Binary;
using Sharptime.Compilation.Persistence;
using Sharptime.Model;
using Sharptime.Text;
using Sharptime.Validation;

namespace Sharptime.Tests.Persistence;

using Engine = global::Sharptime.Engine;

/// <summary>Precompiled files and the compile cache, in process: what is saved runs the same as what is compiled in memory.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sharptime-persistence-" + Guid.NewGuid().ToString("N")[..12]);

    public PersistenceTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private const string Program = """
        (module
          (type $binary (func (param i32 i32) (result i32)))
          (type $unary (func (param i64) (result i64)))
          (import "env" "offset" (func $offset (param i32) (result i32)))
          (memory (export "memory") 1)
          (table 3 funcref)
          (elem (i32.const 0) $add $sub $fac)
          (global $calls (mut i32) (i32.const 0))
          (data (i32.const 8) "\2a\00\00\00")
          (func $add (type $binary) (i32.add (local.get 0) (local.get 1)))
          (func $sub (type $binary) (i32.sub (local.get 0) (local.get 1)))
          (func $fac (type $unary)
            (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
              (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
          (func (export "apply") (param i32 i32 i32) (result i32)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (call $offset (call_indirect (type $binary) (local.get 1) (local.get 2) (local.get 0))))
          (func (export "fac") (param i64) (result i64) (call_indirect (type $unary) (local.get 0) (i32.const 2)))
          (func (export "stored") (result i32) (i32.load (i32.const 8)))
          (func (export "mismatch") (result i32) (call_indirect (type $binary) (i32.const 1) (i32.const 2) (i32.const 2)))
          (func (export "divide") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
        """;

    private static byte[] ProgramWasm => ModuleEncoder.Encode(WatParser.ParseModule(Program));

    private static Instance Instantiate(Module module)
    {
        var store = new Store(module.Engine);
        var linker = new Linker(module.Engine);
        linker.DefineFunction(store, "env", "offset", (int x) => x + 1000);
        return linker.Instantiate(store, module);
    }

    private string Save(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + ".cwasm");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void APrecompiledModuleRunsInAnotherEngineWhoseTypeIdsDiffer()
    {
        var path = Save(ModulePersistence.Precompile(new Engine(), "program", ProgramWasm));

        // Another engine, which has interned other function types first: its ids for the module's
        // types differ from the compiling engine's, and call_indirect must still match them.
        var engine = new Engine();
        var store = new Store(engine);
        for (int i = 0; i < 5; i++)
            Function.FromCallback(store, new FuncType([.. Enumerable.Repeat(ValType.F64, i + 1)], []), (_, _, _) => { });
        var module = ModulePersistence.LoadPrecompiled(engine, path);
        var instance = Instantiate(module);

        Assert.Equal(1042, instance.GetFunction("apply")!.Invoke(0, 40, 2));
        Assert.Equal(1038, instance.GetFunction("apply")!.Invoke(1, 40, 2));
        Assert.Equal(3628800L, instance.GetFunction("fac")!.Invoke(10L));
        Assert.Equal(42, instance.GetFunction("stored")!.Invoke());
        var mismatch = Assert.Throws<TrapException>(() => instance.GetFunction("mismatch")!.Invoke());
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, mismatch.Code);
    }

    [Fact]
    public void TrapsInSavedCodeNameTheirFunctions()
    {
        var path = Save(ModulePersistence.Precompile(new Engine(), "program", ProgramWasm));
        var instance = Instantiate(ModulePersistence.LoadPrecompiled(new Engine(), path));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("divide")!.Invoke(1, 0));
        Assert.Equal(TrapCode.IntegerDivideByZero, trap.Code);
        Assert.NotEmpty(trap.WasmBacktrace);
        Assert.Equal(ModuleIndexOf("divide"), trap.WasmBacktrace[0].FunctionIndex);
    }

    private static int ModuleIndexOf(string export) => WatParser.ParseModule(Program).Exports.Single(e => e.Name == export).Index;

    [Fact]
    public void AFileOfAnotherBuildIsRefusedBeforeItsCodeLoads()
    {
        var bytes = ModulePersistence.Precompile(new Engine(), "program", ProgramWasm);
        int at = bytes.AsSpan().IndexOf(BuildIdentity.BuildId.ToByteArray());
        Assert.True(at > 0);
        Guid.Empty.ToByteArray().CopyTo(bytes, at);
        var e = Assert.Throws<PrecompiledModuleException>(() => ModulePersistence.LoadPrecompiled(new Engine(), Save(bytes)));
        Assert.Contains("another Sharptime build", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x4d, 0x5a })]
    [InlineData(new byte[] { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { })]
    public void ThingsThatAreNotPrecompiledFilesAreRefused(byte[] bytes)
    {
        var e = Assert.Throws<PrecompiledModuleException>(() => ModulePersistence.LoadPrecompiled(new Engine(), Save(bytes)));
        Assert.Contains("not a module precompiled by Sharptime", e.Message);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var bytes = ModulePersistence.Precompile(new Engine(), "program", ProgramWasm);
        foreach (int length in new[] { 64, bytes.Length / 2, bytes.Length - 16 })
        {
            var path = Save(bytes[..length]);
            Assert.Throws<PrecompiledModuleException>(() => ModulePersistence.LoadPrecompiled(new Engine(), path));
        }
    }

    [Fact]
    public void ProposalsTheEngineDoesNotEnableAreRefused()
    {
        var compiling = new Engine(new Config { Features = WasmFeatures.Wasm3 });
        var path = Save(ModulePersistence.Precompile(compiling, "program", ProgramWasm));
        var e = Assert.Throws<PrecompiledModuleException>(() => ModulePersistence.LoadPrecompiled(new Engine(), path));
        Assert.Contains("proposals", e.Message);
    }

    [Fact]
    public void PrecompilingValidates()
    {
        var invalid = ModuleEncoder.Encode(WatParser.ParseModule("(module (func (result i32) (i64.const 1)))"));
        Assert.Throws<InvalidModuleException>(() => ModulePersistence.Precompile(new Engine(), "invalid", invalid));
        Assert.Throws<MalformedModuleException>(() => ModulePersistence.Precompile(new Engine(), "bad", [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1]));
    }

    /// <summary>
    /// A function whose IL buffer's first chunk (3 bytes per byte of wasm) ends right after the short
    /// branch of a bounds check: System.Reflection.Metadata mis-copied such a method when saving
    /// ("byteCount" out of range), so saved code must not use short branches (found in rust_std.wasm).
    /// </summary>
    [Fact]
    public void SavingSurvivesABranchAtAnILBufferBoundary()
    {
        const string wat = """
            (module
              (import "wasi_unstable" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
              (memory 1)
              (global (mut i32) (i32.const 0))
              (func $seven (param i32 i32 i32))
              (func (export "f") (param i32 i32 i64 i32) (local i32)
                global.get 0
                local.get 2
                local.get 3
                i32.const 304
                call $seek
                local.set 4
                local.get 0
                local.get 1
                local.get 4
                if (result i32)
                  i32.const 0
                  local.get 4
                  i32.sub
                else
                  i32.const 304
                  i64.load
                  i32.wrap_i64
                end
                call $seven))
            """;
        var bytes = ModulePersistence.Precompile(new Engine(), "boundary", ModuleEncoder.Encode(WatParser.ParseModule(wat)));
        var engine = new Engine();
        var module = ModulePersistence.LoadPrecompiled(engine, Save(bytes));
        var store = new Store(engine);
        var linker = new Linker(engine);
        linker.DefineFunction(store, "wasi_unstable", "fd_seek", (int fd, long offset, int whence, int result) => 0);
        var f = linker.Instantiate(store, module).GetFunction("f")!;
        f.Invoke(1, 2, 3L, 4);
    }

    /// <summary>
    /// The rule behind <see cref="SavingSurvivesABranchAtAnILBufferBoundary"/>, checked on every
    /// method rather than on one buffer layout: saved code has no short branches at all. (A short
    /// branch after calls in functions using memory slipped back in, and Yosys could no longer be
    /// saved: the cache compiled it twice and stored nothing.)
    /// </summary>
    [Fact]
    public void SavedCodeHasNoShortBranches()
    {
        const string wat = """
            (module
              (import "env" "f" (func $f (param i32) (result i32)))
              (memory 1)
              (func $g (param i32) (result i32) (local i32)
                (block $out
                  (loop $again
                    (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
                    (drop (call $f (local.get 1)))
                    (i32.store offset=4 (local.get 0) (local.get 1))
                    (br_if $out (i32.eqz (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 4)))
                    (br_table $again $out (local.get 1))))
                (if (result i32) (local.get 1) (then (memory.grow (i32.const 1))) (else (call $f (i32.const 2))))))
            """;
        var bytes = ModulePersistence.Precompile(new Engine(), "branches", ModuleEncoder.Encode(WatParser.ParseModule(wat)));
        var module = ModulePersistence.LoadPrecompiled(new Engine(), Save(bytes));
        var methods = module.Compiled.Type.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.DeclaredOnly);
        Assert.NotEmpty(methods);
        foreach (var method in methods)
            Assert.Empty(ShortBranches(method.GetMethodBody()!.GetILAsByteArray()!).Select(o => $"{method.Name}: {o}"));
    }

    /// <summary>The short-branch instructions of an IL body.</summary>
    private static IEnumerable<string> ShortBranches(byte[] il) =>
        GeneratedIL.Decode(il)
            .Where(op => op.Code.OperandType == System.Reflection.Emit.OperandType.ShortInlineBrTarget)
            .Select(op => $"{op.Code.Name} at IL_{op.Offset:X4}");

    [Fact]
    public void CodeForReadyToRunHasNoCompileOnceMethods()
    {
        // A function of well over 50,000 bytes of IL, which the engine marks AggressiveOptimization.
        var body = string.Concat(Enumerable.Range(0, 4000).Select(i => $"(i32.store (i32.const {i * 4}) (i32.const {i}))\n"));
        var wasm = ModuleEncoder.Encode(WatParser.ParseModule($"(module (memory (export \"memory\") 1) (func (export \"huge\") {body}))"));

        Assert.True(IsCompileOnce(ModulePersistence.Precompile(new Engine(), "huge", wasm)), "the engine's tiering policy applies to cached code");
        var forNative = ModulePersistence.Precompile(new Engine(), "huge", wasm, forReadyToRun: true);
        Assert.False(IsCompileOnce(forNative), "code for crossgen2 must not be AggressiveOptimization (ReadyToRun skips such methods)");

        var engine = new Engine();
        var store = new Store(engine);
        var instance = new Linker(engine).Instantiate(store, ModulePersistence.LoadPrecompiled(engine, Save(forNative)));
        instance.GetFunction("huge")!.Invoke();
        Assert.Equal(3999, instance.GetMemory("memory")!.ReadInt32(3999 * 4));

        static bool IsCompileOnce(byte[] image)
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            var method = reader.MethodDefinitions.Select(reader.GetMethodDefinition).Single(m => reader.GetString(m.Name) == "f0");
            return (method.ImplAttributes & System.Reflection.MethodImplAttributes.AggressiveOptimization) != 0;
        }
    }

    [Fact]
    public void TheCacheMissesThenHitsAndSurvivesDamage()
    {
        var cache = new ModuleCache(Path.Combine(_folder, "cache"));
        var wasm = ProgramWasm;

        var first = cache.GetOrCompile(new Engine(), "program", wasm, out var outcome);
        Assert.Equal(CacheOutcome.Miss, outcome);
        Assert.Equal(1042, Instantiate(first).GetFunction("apply")!.Invoke(0, 40, 2));

        var second = cache.GetOrCompile(new Engine(), "program", wasm, out outcome);
        Assert.Equal(CacheOutcome.Hit, outcome);
        Assert.Equal(1038, Instantiate(second).GetFunction("apply")!.Invoke(1, 40, 2));

        // Replaced, not written in place: this process has the entry mapped, as a running program would.
        var damaged = Path.Combine(_folder, "damaged.tmp");
        File.WriteAllBytes(damaged, [0x4d, 0x5a, 0, 0]);
        File.Move(damaged, cache.PathFor(new Engine(), wasm), overwrite: true);
        var log = new List<string>();
        var logged = new ModuleCache(cache.Directory) { Log = log.Add };
        var third = logged.GetOrCompile(new Engine(), "program", wasm, out outcome);
        Assert.Equal(CacheOutcome.Miss, outcome);
        Assert.Contains(log, line => line.StartsWith("cache entry dropped", StringComparison.Ordinal));
        Assert.Equal(42, Instantiate(third).GetFunction("stored")!.Invoke());
    }

    [Fact]
    public async Task AMissStoredInTheBackgroundRunsAtOnceAndHitsNextTime()
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var cache = new ModuleCache(Path.Combine(_folder, "background")) { Log = log.Enqueue };
        var wasm = ProgramWasm;

        var first = cache.GetOrCompileInBackground(new Engine(), "program", wasm, out var outcome, out var stored);
        Assert.Equal(CacheOutcome.Miss, outcome);
        Assert.Equal(1042, Instantiate(first).GetFunction("apply")!.Invoke(0, 40, 2)); // while the entry may still be written
        await stored.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(cache.PathFor(new Engine(), wasm)));
        Assert.Contains(log, line => line.StartsWith("cache miss", StringComparison.Ordinal));

        var second = cache.GetOrCompileInBackground(new Engine(), "program", wasm, out outcome, out stored);
        Assert.Equal(CacheOutcome.Hit, outcome);
        Assert.True(stored.IsCompleted);
        Assert.Equal(1038, Instantiate(second).GetFunction("apply")!.Invoke(1, 40, 2));
    }

    [Fact]
    public async Task ABackgroundStoreThatFailsLeavesTheModuleRunning()
    {
        // The cache "folder" is a file: the entry cannot be written.
        var notAFolder = Path.Combine(_folder, "file");
        File.WriteAllText(notAFolder, "");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var cache = new ModuleCache(notAFolder) { Log = log.Enqueue };
        var module = cache.GetOrCompileInBackground(new Engine(), "program", ProgramWasm, out var outcome, out var stored);
        await stored.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(TaskStatus.RanToCompletion, stored.Status);
        Assert.Contains(log, line => line.StartsWith("cache bypassed", StringComparison.Ordinal));
        Assert.Equal(1042, Instantiate(module).GetFunction("apply")!.Invoke(0, 40, 2));
    }

    [Fact]
    public void TheCacheKeyDependsOnTheModuleAndTheCodeRelevantSettings()
    {
        var cache = new ModuleCache(Path.Combine(_folder, "keys"));
        var wasm = ProgramWasm;
        var other = ModuleEncoder.Encode(WatParser.ParseModule("(module)"));
        var plain = new Engine();
        Assert.Equal(cache.PathFor(plain, wasm), cache.PathFor(new Engine(), wasm));
        Assert.NotEqual(cache.PathFor(plain, wasm), cache.PathFor(plain, other));
        Assert.NotEqual(cache.PathFor(plain, wasm), cache.PathFor(new Engine(new Config { ConsumeFuel = true }), wasm));
        Assert.NotEqual(cache.PathFor(plain, wasm), cache.PathFor(new Engine(new Config { Features = WasmFeatures.Wasm3 }), wasm));
        // Limits are checked at run time, not compiled in: they share entries.
        Assert.Equal(cache.PathFor(plain, wasm), cache.PathFor(new Engine(new Config { MaxWasmStack = 1 << 20 }), wasm));
    }

    [Fact]
    public void TheCacheEvictsTheLeastRecentlyUsedBeyondItsSize()
    {
        var folder = Path.Combine(_folder, "small");
        var modules = Enumerable.Range(0, 4)
            .Select(i => ModuleEncoder.Encode(WatParser.ParseModule($"(module (func (export \"f\") (result i32) (i32.const {i})))")))
            .ToArray();
        var probe = new ModuleCache(folder);
        probe.GetOrCompile(new Engine(), "m0", modules[0], out _);
        long entrySize = new FileInfo(probe.PathFor(new Engine(), modules[0])).Length;

        var cache = new ModuleCache(folder, maxSize: entrySize * 2 + entrySize / 2);
        for (int i = 1; i < modules.Length; i++)
        {
            // Distinct write times, oldest first.
            File.SetLastWriteTimeUtc(cache.PathFor(new Engine(), modules[i - 1]), DateTime.UtcNow.AddMinutes(i - 10));
            cache.GetOrCompile(new Engine(), "m" + i, modules[i], out _);
        }
        Assert.False(File.Exists(cache.PathFor(new Engine(), modules[0])), "the oldest entry is evicted");
        Assert.True(File.Exists(cache.PathFor(new Engine(), modules[3])), "the newest entry stays");
        Assert.True(Directory.GetFiles(folder, "*.cwasm").Sum(f => new FileInfo(f).Length) <= cache.MaxSize);
    }
}
