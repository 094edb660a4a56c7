using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace Sharptime.Witx.Generator;

/// <summary>
/// Parses and resolves a set of witx files and writes the C# for each: types, a
/// <c>GuestCodec</c> with checked readers and writers, one interface and one glue class per module.
/// Independent of Roslyn so tests (and tools) can call it directly.
/// </summary>
public static partial class WitxEmitter
{
    private const string Rt = "global::Sharptime.Witx.Runtime.";
    private const string Mem = Rt + "GuestMemory";
    private const string Logger = "global::Microsoft.Extensions.Logging.ILogger";

    public static GenerationResult Generate(IReadOnlyList<WitxInputFile> inputs, string defaultNamespace, CancellationToken ct = default)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var sources = new List<GeneratedSource>();
        var docs = new Dictionary<WitxInputFile, WitxDocument>();

        foreach (var input in inputs)
        {
            ct.ThrowIfCancellationRequested();
            if (input.Text is null)
            {
                diagnostics.Add(new DiagnosticInfo(Diagnostics.WitxError.Id, $"cannot read {input.Path}", input.Path, 0, 0));
                continue;
            }
            try
            {
                docs[input] = WitxParser.Parse(input.Text, input.Path);
            }
            catch (WitxException e)
            {
                diagnostics.Add(ToDiagnostic(Diagnostics.WitxError.Id, e, input.Path));
            }
        }

        // Resolve (use ...) among the inputs.
        var byDoc = docs.ToDictionary(kv => kv.Value, kv => kv.Key);
        var uses = new Dictionary<(WitxDocument, WitxUse), WitxDocument>();
        var failed = new HashSet<WitxDocument>();
        foreach (var kv in docs)
        {
            foreach (var u in kv.Value.Uses)
            {
                var target = FindUse(kv.Key, u.FileName, docs.Keys, out var problem);
                if (target is null)
                {
                    diagnostics.Add(new DiagnosticInfo(Diagnostics.UseNotFound.Id, problem!, kv.Key.Path, u.Location.Line, u.Location.Column));
                    failed.Add(kv.Value);
                }
                else
                {
                    uses[(kv.Value, u)] = docs[target];
                }
            }
        }

        var resolved = new HashSet<WitxDocument>();
        var visiting = new HashSet<WitxDocument>();
        foreach (var doc in docs.Values)
        {
            ResolveInOrder(doc);
        }

        var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var kv in docs)
        {
            ct.ThrowIfCancellationRequested();
            if (!resolved.Contains(kv.Value))
            {
                continue;
            }
            var ns = kv.Key.Namespace ?? defaultNamespace;
            try
            {
                var emitter = new FileEmitter(kv.Value, d => byDoc.TryGetValue(d, out var i) ? i.Namespace ?? defaultNamespace : defaultNamespace,
                    kv.Key.LogCategory ?? ns);
                var text = emitter.Emit(ns);
                var baseName = ns + "." + FileNameWithoutExtension(kv.Key.Path);
                var hint = baseName + ".g.cs";
                for (int i = 2; !hintNames.Add(hint); i++)
                {
                    hint = baseName + "_" + i.ToString(CultureInfo.InvariantCulture) + ".g.cs";
                }
                sources.Add(new GeneratedSource(hint, text));
            }
            catch (WitxException e)
            {
                diagnostics.Add(ToDiagnostic(Diagnostics.Unsupported.Id, e, kv.Key.Path));
            }
        }
        return new GenerationResult(sources.ToImmutableArray(), diagnostics.ToImmutableArray());

        bool ResolveInOrder(WitxDocument doc)
        {
            if (resolved.Contains(doc))
            {
                return true;
            }
            if (failed.Contains(doc))
            {
                return false;
            }
            if (!visiting.Add(doc))
            {
                // A cycle of uses: the types are all visible to each other anyway.
                return true;
            }
            foreach (var u in doc.Uses)
            {
                if (uses.TryGetValue((doc, u), out var used) && !ResolveInOrder(used))
                {
                    failed.Add(doc);
                    return false;
                }
            }
            try
            {
                WitxResolver.Resolve(new[] { doc }, (d, u) => uses.TryGetValue((d, u), out var t) ? t : null);
                resolved.Add(doc);
                return true;
            }
            catch (WitxException e)
            {
                diagnostics.Add(ToDiagnostic(Diagnostics.WitxError.Id, e, byDoc[doc].Path));
                failed.Add(doc);
                return false;
            }
        }
    }

    private static DiagnosticInfo ToDiagnostic(string id, WitxException e, string path) =>
        new(id, e.Reason, e.FileName ?? path, e.Line, e.Column);

    private static string FileNameWithoutExtension(string path)
    {
        var name = FileName(path);
        int dot = name.LastIndexOf('.');
        return dot > 0 ? name.Substring(0, dot) : name;
    }

    private static string FileName(string path)
    {
        int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return path.Substring(slash + 1);
    }

    /// <summary>Normalizes a path: forward slashes, no <c>.</c> or <c>..</c> segments.</summary>
    private static string Normalize(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        var stack = new List<string>();
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p == "." || (p.Length == 0 && i > 0))
            {
                continue;
            }
            if (p == ".." && stack.Count > 0 && stack[stack.Count - 1] != "..")
            {
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            stack.Add(p);
        }
        return string.Join("/", stack);
    }

    private static WitxInputFile? FindUse(WitxInputFile from, string useName, IEnumerable<WitxInputFile> candidates, out string? problem)
    {
        problem = null;
        var all = candidates.ToList();
        var fromPath = from.Path.Replace('\\', '/');
        int slash = fromPath.LastIndexOf('/');
        var dir = slash >= 0 ? fromPath.Substring(0, slash + 1) : "";
        var wanted = Normalize(dir + useName);
        var exact = all.Where(c => string.Equals(Normalize(c.Path), wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count >= 1)
        {
            return exact[0];
        }
        var name = FileName(useName);
        var byName = all.Where(c => string.Equals(FileName(c.Path), name, StringComparison.OrdinalIgnoreCase) && c != from).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }
        if (byName.Count > 1)
        {
            var sameNs = byName.Where(c => c.Namespace == from.Namespace).ToList();
            if (sameNs.Count == 1)
            {
                return sameNs[0];
            }
            problem = $"(use \"{useName}\") is ambiguous: several AdditionalFiles are named {name} ({string.Join(", ", byName.Select(c => c.Path))}); put the used file beside the using one";
            return null;
        }
        problem = $"(use \"{useName}\"): no AdditionalFiles item is named {name}; add it as <AdditionalFiles Include=\"...{name}\" />";
        return null;
    }
}
