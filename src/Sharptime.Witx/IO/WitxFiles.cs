using System;
using System.Collections.Generic;
using System.IO;

namespace Sharptime.Witx;

/// <summary>
/// Loads witx files from disk, following <c>(use "x.witx")</c> relative to the using file.
/// (Not compiled into the source generator, which reads only AdditionalFiles.)
/// </summary>
public static class WitxFiles
{
    /// <summary>Loads and resolves one file and the files it uses.</summary>
    /// <exception cref="WitxException">On a syntax or semantic error.</exception>
    public static WitxDocument Load(string path) => LoadAll(path)[0];

    /// <summary>Loads and resolves files; returns the documents for <paramref name="paths"/> in order.</summary>
    public static IReadOnlyList<WitxDocument> LoadAll(params string[] paths)
    {
        var byPath = new Dictionary<string, WitxDocument>(StringComparer.Ordinal);
        var all = new List<WitxDocument>();
        var result = new List<WitxDocument>();
        foreach (var p in paths)
        {
            result.Add(Get(Path.GetFullPath(p)));
        }
        WitxResolver.Resolve(all, (doc, use) =>
        {
            var dir = Path.GetDirectoryName(doc.FileName!) ?? ".";
            return byPath.TryGetValue(Path.GetFullPath(Path.Combine(dir, use.FileName)), out var d) ? d : null;
        });
        return result;

        WitxDocument Get(string full)
        {
            if (byPath.TryGetValue(full, out var existing))
            {
                return existing;
            }
            var doc = WitxParser.Parse(File.ReadAllText(full), full);
            byPath[full] = doc;
            all.Add(doc);
            var dir = Path.GetDirectoryName(full) ?? ".";
            foreach (var u in doc.Uses)
            {
                var usedPath = Path.GetFullPath(Path.Combine(dir, u.FileName));
                if (!File.Exists(usedPath))
                {
                    throw new WitxException($"cannot find \"{u.FileName}\" named by (use ...) (looked for {usedPath})",
                        u.Location.FileName, u.Location.Line, u.Location.Column);
                }
                Get(usedPath);
            }
            return doc;
        }
    }
}
