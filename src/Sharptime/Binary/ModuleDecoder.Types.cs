using Sharptime.Model;

namespace Sharptime.Binary;

// The type section: recursive groups of sub types of function, struct and array types.
public ref partial struct ModuleDecoder
{
    private const byte RecGroupCode = 0x4E;
    private const byte SubCode = 0x50;
    private const byte SubFinalCode = 0x4F;
    private const byte FuncCode = 0x60;
    private const byte StructCode = 0x5F;
    private const byte ArrayCode = 0x5E;

    private void ReadTypeSection()
    {
        int count = ReadCount();
        var types = _module.Types;
        for (int i = 0; i < count; i++)
        {
            int start = types.Count;
            if (_reader.PeekByte() == RecGroupCode)
            {
                _reader.ReadByte();
                int members = ReadCount();
                for (int j = 0; j < members; j++) types.Add(ReadSubType());
                _module.RecGroups.Add(new RecGroup(start, members));
            }
            else
            {
                types.Add(ReadSubType());
                _module.RecGroups.Add(new RecGroup(start, 1));
            }
        }
    }

    private SubType ReadSubType()
    {
        int start = _reader.Position;
        byte code = _reader.ReadByte();
        if (code is SubCode or SubFinalCode)
        {
            int superCount = ReadCount();
            var supers = superCount == 0 ? [] : new int[superCount];
            for (int i = 0; i < superCount; i++) supers[i] = _reader.ReadIndex();
            int compositeStart = _reader.Position;
            return new SubType(ReadCompositeType(_reader.ReadByte(), compositeStart), code == SubFinalCode, supers);
        }
        return new SubType(ReadCompositeType(code, start));
    }

    private CompositeType ReadCompositeType(byte code, int start)
    {
        switch (code)
        {
            case FuncCode:
                var parameters = ReadValTypes();
                var results = ReadValTypes();
                return parameters.Length == 0 && results.Length == 0 ? FuncType.Empty : new FuncType(parameters, results);
            case StructCode:
                int fieldCount = ReadCount();
                var fields = fieldCount == 0 ? [] : new FieldType[fieldCount];
                for (int i = 0; i < fieldCount; i++) fields[i] = ReadFieldType();
                return new StructType(fields);
            case ArrayCode:
                return new ArrayType(ReadFieldType());
            default:
                throw _reader.Error(WasmReader.TypeCodeError(code, MalformedReasons.MalformedCompositeType), start);
        }
    }

    private FieldType ReadFieldType()
    {
        var storage = _reader.ReadStorageType();
        return new FieldType(storage, _reader.ReadMutability());
    }

    private ValType[] ReadValTypes()
    {
        int count = ReadCount();
        if (count == 0) return [];
        var types = new ValType[count];
        for (int i = 0; i < count; i++) types[i] = _reader.ReadValType();
        return types;
    }
}
