using Sharptime.Model;

namespace Sharptime.Binary;

// Imports, exports and the sections that define entities: functions, tables, memories, tags, globals.
public ref partial struct ModuleDecoder
{
    /// <summary>Limits flags: bit 0 a maximum follows, bit 1 shared (threads), bit 2 64-bit addresses.</summary>
    private const byte LimitsHasMax = 0x01;
    private const byte LimitsShared = 0x02;
    private const byte LimitsIs64 = 0x04;
    /// <summary>Memories only, with the custom-page-sizes proposal: a page size (log2) follows the bounds.</summary>
    private const byte LimitsPageSize = 0x08;

    /// <summary>Marks a table definition with an initializer expression (function references): 0x40 0x00 tabletype expr.</summary>
    private const byte TableWithInitCode = 0x40;

    private void ReadImportSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++)
        {
            string module = _reader.ReadName();
            string name = _reader.ReadName();
            int kindStart = _reader.Position;
            byte kind = _reader.ReadByte();
            if (_wasm20 && kind == (byte)ExternalKind.Tag) throw _reader.Error(MalformedReasons.MalformedImportKind, kindStart);
            Import import = kind switch
            {
                (byte)ExternalKind.Function => new Import(module, name, ExternalKind.Function) { TypeIndex = _reader.ReadIndex() },
                (byte)ExternalKind.Table => new Import(module, name, ExternalKind.Table) { Table = ReadTableType() },
                (byte)ExternalKind.Memory => new Import(module, name, ExternalKind.Memory) { Memory = ReadMemoryType() },
                (byte)ExternalKind.Global => new Import(module, name, ExternalKind.Global) { Global = ReadGlobalType() },
                (byte)ExternalKind.Tag => new Import(module, name, ExternalKind.Tag) { TypeIndex = ReadTagType().TypeIndex },
                _ => throw _reader.Error(MalformedReasons.MalformedImportKind, kindStart),
            };
            _module.Imports.Add(import);
        }
    }

    private void ReadFunctionSection()
    {
        int count = ReadCount();
        var functions = _module.Functions;
        functions.EnsureCapacity(functions.Count + count);
        for (int i = 0; i < count; i++) functions.Add(_reader.ReadIndex());
    }

    private void ReadTableSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++)
        {
            if (_reader.PeekByte() == TableWithInitCode && !_wasm20)
            {
                _reader.ReadByte();
                int reservedStart = _reader.Position;
                if (_reader.ReadByte() != 0) throw _reader.Error(MalformedReasons.ZeroByteExpected, reservedStart);
                var type = ReadTableType();
                _module.Tables.Add(new TableDefinition(type, ReadConstantExpression()));
            }
            else
            {
                _module.Tables.Add(new TableDefinition(ReadTableType()));
            }
        }
    }

    private void ReadMemorySection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++) _module.Memories.Add(ReadMemoryType());
    }

    private void ReadTagSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++) _module.Tags.Add(ReadTagType());
    }

    private void ReadGlobalSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++)
        {
            var type = ReadGlobalType();
            _module.Globals.Add(new GlobalDefinition(type, ReadConstantExpression()));
        }
    }

    private void ReadExportSection()
    {
        int count = ReadCount();
        for (int i = 0; i < count; i++)
        {
            string name = _reader.ReadName();
            int kindStart = _reader.Position;
            byte kind = _reader.ReadByte();
            if (kind > (byte)(_wasm20 ? ExternalKind.Global : ExternalKind.Tag))
                throw _reader.Error(MalformedReasons.MalformedExportKind, kindStart);
            _module.Exports.Add(new Export(name, (ExternalKind)kind, _reader.ReadIndex()));
        }
    }

    private TableType ReadTableType()
    {
        var elementType = _reader.ReadRefType();
        // Tables cannot be shared (that is the shared-everything proposal, not WebAssembly 3.0).
        return new TableType(elementType, ReadLimits(LimitsHasMax | LimitsIs64, out _));
    }

    private MemoryType ReadMemoryType()
    {
        byte allowed = LimitsHasMax | LimitsShared | LimitsIs64;
        if (_options.CustomPageSizes) allowed |= LimitsPageSize;
        var limits = ReadLimits(allowed, out byte flags);
        if ((flags & LimitsPageSize) == 0) return new MemoryType(limits);
        int start = _reader.Position;
        uint pageSizeLog2 = _reader.ReadU32();
        // Only 1 and 65536 are valid page sizes, which the validator checks; beyond 2^64 the number is nonsense.
        if (pageSizeLog2 > 64) throw _reader.Error(MalformedReasons.MalformedPageSize, start);
        return new MemoryType(limits, (int)pageSizeLog2);
    }

    private GlobalType ReadGlobalType()
    {
        var type = _reader.ReadValType();
        return new GlobalType(type, _reader.ReadMutability());
    }

    /// <summary>A tag type: an attribute byte that must be 0 (exception), then the index of a function type.</summary>
    private TagType ReadTagType()
    {
        int start = _reader.Position;
        if (_reader.ReadByte() != 0) throw _reader.Error(MalformedReasons.ZeroByteExpected, start);
        return new TagType(_reader.ReadIndex());
    }

    /// <summary>
    /// Limits: a flags byte (a byte, not a LEB: the spec tests reject 0x81 0x00), then the minimum and the
    /// optional maximum as u64 whatever the address type; the validator checks their range.
    /// </summary>
    private Limits ReadLimits(byte allowedFlags, out byte flags)
    {
        flags = 0;
        if (_wasm20) return ReadLimits20();
        int start = _reader.Position;
        flags = _reader.ReadByte();
        if ((flags & ~allowedFlags) != 0) throw _reader.Error(MalformedReasons.MalformedLimitsFlags, start);
        ulong min = _reader.ReadU64();
        ulong? max = (flags & LimitsHasMax) != 0 ? _reader.ReadU64() : null;
        return new Limits(min, max, Is64: (flags & LimitsIs64) != 0, Shared: (flags & LimitsShared) != 0);
    }

    /// <summary>WebAssembly 2.0 limits: a one-bit LEB flag (a maximum follows), then u32 bounds.</summary>
    private Limits ReadLimits20()
    {
        bool hasMax = _reader.ReadUnsigned(1) == 1;
        uint min = _reader.ReadU32();
        uint? max = hasMax ? _reader.ReadU32() : null;
        return new Limits(min, max);
    }
}
