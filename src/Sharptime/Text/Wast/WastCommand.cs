namespace Sharptime.Text.Wast;

/// <summary>One command of a script, with the line where it starts.</summary>
public abstract record WastCommand(int Line);

/// <summary>
/// <c>(module ...)</c>: compile the module and (unless it is a definition) instantiate it; it becomes the
/// current module, and is known by its name if it has one.
/// </summary>
public sealed record WastModuleCommand(int Line, WastModule Module) : WastCommand(Line);

/// <summary><c>(module instance $instance? $definition?)</c>: instantiate a module definition.</summary>
public sealed record WastInstanceCommand(int Line, string? InstanceName, string? ModuleName) : WastCommand(Line);

/// <summary><c>(register "name" $module?)</c>: make a module's exports importable under a name.</summary>
public sealed record WastRegisterCommand(int Line, string As, string? ModuleName) : WastCommand(Line);

/// <summary>A bare action (<c>invoke</c> or <c>get</c>) whose result is ignored.</summary>
public sealed record WastActionCommand(int Line, WastAction Action) : WastCommand(Line);

public sealed record WastAssertReturn(int Line, WastAction Action, IReadOnlyList<WastExpected> Results) : WastCommand(Line);

/// <summary><c>(assert_trap action "message")</c>, or with a module whose instantiation traps (its start function).</summary>
public sealed record WastAssertTrap(int Line, WastAction? Action, WastModule? Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_exhaustion action "message")</c>: the call stack runs out.</summary>
public sealed record WastAssertExhaustion(int Line, WastAction Action, string Message) : WastCommand(Line);

/// <summary><c>(assert_exception action)</c>: the action throws a WebAssembly exception.</summary>
public sealed record WastAssertException(int Line, WastAction Action) : WastCommand(Line);

/// <summary><c>(assert_malformed module "message")</c>: decoding or parsing fails.</summary>
public sealed record WastAssertMalformed(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_invalid module "message")</c>: validation fails.</summary>
public sealed record WastAssertInvalid(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_unlinkable module "message")</c>: imports cannot be resolved.</summary>
public sealed record WastAssertUnlinkable(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary><c>(assert_uninstantiable module "message")</c>: instantiation traps (older scripts' form of assert_trap on a module).</summary>
public sealed record WastAssertUninstantiable(int Line, WastModule Module, string Message) : WastCommand(Line);

/// <summary>What a script asks a module instance to do.</summary>
public abstract record WastAction(string? ModuleName, string ExportName);

/// <summary><c>(invoke $module? "name" arg*)</c>.</summary>
public sealed record WastInvoke(string? ModuleName, string ExportName, IReadOnlyList<WastValue> Arguments) : WastAction(ModuleName, ExportName);

/// <summary><c>(get $module? "name")</c>: read an exported global.</summary>
public sealed record WastGet(string? ModuleName, string ExportName) : WastAction(ModuleName, ExportName);
