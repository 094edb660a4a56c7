using Sharptime.Binary;
using Sharptime.Model;
using Sharptime.Text.Wast;

namespace Sharptime.Wast;

/// <summary>
/// Runs a spec script against the engine: compiles and instantiates its modules (importing from the
/// <see cref="SpecTestModule"/> and registered instances), performs its actions and checks every
/// assertion. A command that does not do what the script says is a failure; the run goes on.
/// </summary>
public sealed partial class WastRunner
{
    private readonly Sharptime.Engine _engine;
    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Module> _definitions = new(StringComparer.Ordinal);
    private readonly List<WastFailure> _failures = [];
    private Instance? _current;
    private Module? _lastDefinition;
    private int _passed;

    public WastRunner(Config? config = null, TextWriter? output = null)
    {
        _engine = new Sharptime.Engine(config);
        _store = new Store(_engine);
        _linker = new Linker(_engine) { AllowShadowing = true };
        SpecTestModule.Define(_linker, _store, output);
    }

    /// <summary>Parses and runs a script file.</summary>
    public static WastResult RunFile(string path, Config? config = null, TextWriter? output = null)
    {
        WastScript script;
        try
        {
            script = WastScript.ParseFile(path);
        }
        catch (WasmException e)
        {
            return new WastResult(path, 0, 1, [new WastFailure(0, "script", $"cannot parse the script: {e.Message}")]);
        }
        return new WastRunner(config, output).Run(script);
    }

    /// <summary>
    /// Runs every command. The script runs on a thread with a stack big enough for the engine's
    /// maximum wasm stack, so calls do not each have to move to such a thread.
    /// </summary>
    public WastResult Run(WastScript script)
    {
        var thread = new Thread(() => RunCommands(script), _engine.Config.MaxWasmStack + (4 << 20));
        thread.Start();
        thread.Join();
        return new WastResult(script.FileName ?? "(script)", _passed, _failures.Count, _failures);
    }

    private void RunCommands(WastScript script)
    {
        foreach (var command in script.Commands)
        {
            string? failure;
            try
            {
                failure = Execute(command);
            }
            catch (Exception e)
            {
                failure = $"unexpected {e.GetType().Name}: {e.Message}";
            }
            if (failure is null) _passed++;
            else _failures.Add(new WastFailure(command.Line, Describe(command), failure));
        }
    }

    /// <summary>Runs one command; returns null when it did what the script says, else why not.</summary>
    private string? Execute(WastCommand command)
    {
        switch (command)
        {
            case WastModuleCommand c:
            {
                var module = Compile(c.Module);
                if (c.Module.IsDefinition)
                {
                    _lastDefinition = module;
                    if (c.Module.Name is { } definitionName) _definitions[definitionName] = module;
                    return null;
                }
                Instantiate(module, c.Module.Name);
                return null;
            }
            case WastInstanceCommand c:
            {
                var module = c.ModuleName is null ? _lastDefinition : _definitions.GetValueOrDefault(c.ModuleName);
                if (module is null) return $"unknown module definition {c.ModuleName}";
                Instantiate(module, c.InstanceName);
                return null;
            }
            case WastRegisterCommand c:
            {
                var instance = FindInstance(c.ModuleName);
                _linker.DefineInstance(c.As, instance);
                return null;
            }
            case WastActionCommand c:
                Perform(c.Action);
                return null;
            case WastAssertReturn c:
                return CheckResults(Perform(c.Action), c.Results);
            case WastAssertTrap c:
                return ExpectTrap(() =>
                {
                    if (c.Action is not null) Perform(c.Action);
                    else Instantiate(Compile(c.Module!), c.Module!.Name);
                }, c.Message);
            case WastAssertExhaustion c:
                return ExpectTrap(() => Perform(c.Action), c.Message);
            case WastAssertUninstantiable c:
                return ExpectTrap(() => Instantiate(Compile(c.Module), c.Module.Name), c.Message);
            case WastAssertMalformed c:
                return ExpectFailure<WasmException>(() => Compile(c.Module), c.Message,
                    e => e is MalformedModuleException or TextFormatException or InvalidModuleException);
            case WastAssertInvalid c:
                return ExpectFailure<InvalidModuleException>(() => Compile(c.Module), c.Message, _ => true);
            case WastAssertUnlinkable c:
                return ExpectFailure<WasmException>(() => Instantiate(Compile(c.Module), null), c.Message,
                    e => e is LinkException);
            case WastAssertException c:
                try
                {
                    Perform(c.Action);
                    return "did not throw a wasm exception";
                }
                catch (ThrownException)
                {
                    return null;
                }
            default:
                return $"unknown command {command.GetType().Name}";
        }
    }

    private Module Compile(WastModule module)
    {
        var name = module.Name ?? $"module@{module.Line}";
        return module.Kind == WastModuleKind.Binary
            ? Module.FromDefinition(_engine, name, ModuleDecoder.Decode(module.Bytes!, _engine.Config.Decoding))
            : Module.FromDefinition(_engine, name, module.ParseText(_engine.Config.TextParsing));
    }

    private void Instantiate(Module module, string? name)
    {
        var instance = _linker.Instantiate(_store, module);
        _current = instance;
        if (name is not null) _instances[name] = instance;
    }

    private Instance FindInstance(string? name)
    {
        if (name is null) return _current ?? throw new InvalidOperationException("no module has been instantiated");
        return _instances.TryGetValue(name, out var instance) ? instance : throw new InvalidOperationException($"unknown module ${name}");
    }

    private object?[] Perform(WastAction action)
    {
        var instance = FindInstance(action.ModuleName);
        switch (action)
        {
            case WastInvoke invoke:
            {
                var function = instance.GetFunction(invoke.ExportName)
                    ?? throw new InvalidOperationException($"no exported function \"{invoke.ExportName}\"");
                var args = invoke.Arguments.Select(ToObject).ToArray();
                return function.InvokeAll(args);
            }
            case WastGet get:
            {
                var global = instance.GetGlobal(get.ExportName)
                    ?? throw new InvalidOperationException($"no exported global \"{get.ExportName}\"");
                return [global.GetValue()];
            }
            default:
                throw new InvalidOperationException($"unknown action {action.GetType().Name}");
        }
    }

    private static string? ExpectTrap(Action action, string expected)
    {
        try
        {
            action();
        }
        catch (TrapException e)
        {
            return MessageMatches(e.Message, expected) ? null : $"trapped with \"{e.Message}\", expected \"{expected}\"";
        }
        return $"did not trap, expected \"{expected}\"";
    }

    private static string? ExpectFailure<T>(Action action, string expected, Func<Exception, bool> accept) where T : Exception
    {
        try
        {
            action();
        }
        catch (T e) when (accept(e))
        {
            return null;
        }
        catch (WasmException e)
        {
            return $"failed with {e.GetType().Name} \"{e.Message}\", expected \"{expected}\"";
        }
        return $"succeeded, expected \"{expected}\"";
    }

    /// <summary>The spec's message is a prefix of what an engine reports (Wasmtime checks the same way).</summary>
    private static bool MessageMatches(string actual, string expected) =>
        actual.StartsWith(expected, StringComparison.Ordinal) || expected.StartsWith(actual, StringComparison.Ordinal);

    private static string Describe(WastCommand command) => command switch
    {
        WastModuleCommand => "module",
        WastInstanceCommand => "module instance",
        WastRegisterCommand r => $"register \"{r.As}\"",
        WastActionCommand a => Describe(a.Action),
        WastAssertReturn a => $"assert_return {Describe(a.Action)}",
        WastAssertTrap a => a.Action is null ? "assert_trap (module)" : $"assert_trap {Describe(a.Action)}",
        WastAssertExhaustion a => $"assert_exhaustion {Describe(a.Action)}",
        WastAssertMalformed => "assert_malformed",
        WastAssertInvalid => "assert_invalid",
        WastAssertUnlinkable => "assert_unlinkable",
        WastAssertUninstantiable => "assert_uninstantiable",
        WastAssertException a => $"assert_exception {Describe(a.Action)}",
        _ => command.GetType().Name,
    };

    private static string Describe(WastAction action) => action switch
    {
        WastInvoke i => $"(invoke \"{i.ExportName}\" {string.Join(' ', i.Arguments)})",
        _ => $"(get \"{action.ExportName}\")",
    };
}
