using Sharptime.Cli.Errors;
namespace Sharptime.Cli.Run;

// DirectoryMapping and Preload are classes: framework generics over our structs (List<T>, Select)
// are not precompiled by ReadyToRun and were JIT-compiled at every start-up.

/// <summary>A preopened directory: the host path and the name the guest sees it under.</summary>
internal sealed record DirectoryMapping(string HostPath, string GuestPath)
{
    /// <summary>Parses <c>HOST[::GUEST]</c>, Wasmtime's syntax; without a guest name the guest sees the host path as given.</summary>
    public static DirectoryMapping Parse(string text)
    {
        int split = text.IndexOf("::", StringComparison.Ordinal);
        if (split < 0) return new DirectoryMapping(text, text);
        var host = text[..split];
        var guest = text[(split + 2)..];
        if (host.Length == 0 || guest.Length == 0)
            throw new UsageException($"invalid --dir '{text}': expected HOST or HOST::GUEST");
        return new DirectoryMapping(host, guest);
    }
}

/// <summary>A module instantiated before the main one, whose exports satisfy imports from module <see cref="Name"/>.</summary>
internal sealed record Preload(string Name, string Path)
{
    public static Preload Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new UsageException($"invalid --preload '{text}': expected NAME=PATH");
        return new Preload(text[..eq], text[(eq + 1)..]);
    }
}

/// <summary>Everything <c>sharptime run</c> was asked to do, parsed and checked.</summary>
internal sealed record RunSettings
{
    /// <summary>The module as given on the command line (also the guest's argv[0] unless <see cref="Argv0"/>).</summary>
    public required string ModulePath { get; init; }

    /// <summary>The arguments after the module: the guest's argv[1..], or the invoked function's arguments.</summary>
    public IReadOnlyList<string> GuestArguments { get; init; } = [];

    public string? Invoke { get; init; }
    public string? Argv0 { get; init; }
    public IReadOnlyList<DirectoryMapping> Directories { get; init; } = [];

    /// <summary>The guest environment, in command-line order (later values of a name win).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyList<Preload> Preloads { get; init; } = [];
    public IReadOnlyList<string> TcpListen { get; init; } = [];
    public ulong? Fuel { get; init; }
    public ulong? MaxMemorySize { get; init; }
    public int? MaxWasmStack { get; init; }
    public bool AllowPrecompiled { get; init; }

    /// <summary>Null: as the configuration file says (on unless it says otherwise).</summary>
    public bool? Cache { get; init; }

    /// <summary>A configuration file other than the default one.</summary>
    public string? ConfigPath { get; init; }
}
