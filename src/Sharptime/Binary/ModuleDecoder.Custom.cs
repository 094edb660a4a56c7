using Sharptime.Model;

namespace Sharptime.Binary;

// Custom sections, and the "name" section among them.
public ref partial struct ModuleDecoder
{
    private void ReadCustomSection(int contentEnd, SectionId after)
    {
        string name = _reader.ReadName();
        int payloadStart = _reader.Position;
        // A name longer than the section, or a section longer than the module, is an end of input
        // inside the section (the spec's decoder fails to skip a negative or too long payload).
        if (payloadStart > contentEnd || contentEnd > _reader.Length)
            throw _reader.Error(MalformedReasons.UnexpectedEndOfSection, Math.Min(contentEnd, _reader.Length));
        var payload = _memory.Slice(payloadStart, contentEnd - payloadStart);
        _reader.Position = contentEnd;

        // Names are debug information: a malformed name section is kept as an opaque custom section
        // and never fails the module (as in Wasmtime and the spec, which does not decode it at all).
        if (name == NameSectionDecoder.SectionName && _module.Names is null
            && NameSectionDecoder.TryDecode(payload.Span, _reader.BaseOffset + payloadStart, out var names))
        {
            _module.Names = names;
            return;
        }
        _module.CustomSections.Add(new CustomSection(name, payload, (byte)after));
    }
}
