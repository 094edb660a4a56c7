namespace Sharptime.Witx.Runtime;

/// <summary>
/// A guest address of a <typeparamref name="T"/> (witx <c>(@witx pointer T)</c>). It is only a
/// number: reading or writing goes through a <see cref="GuestMemory"/> with the extension methods
/// <c>Read</c>, <c>Write</c>, <c>ElementAt</c> and <c>AsList</c>, generated for each witx type and
/// provided here for builtin types, which check bounds and alignment.
/// </summary>
public readonly struct GuestPtr<T> : IEquatable<GuestPtr<T>>
{
    public GuestPtr(uint offset) => Offset = offset;

    /// <summary>The address in linear memory.</summary>
    public uint Offset { get; }

    public bool IsNull => Offset == 0;

    /// <summary>This address plus <paramref name="bytes"/>; traps on 32-bit overflow.</summary>
    public GuestPtr<T> AddBytes(ulong bytes)
    {
        ulong r = Offset + bytes;
        if (r > uint.MaxValue)
        {
            throw WitxTraps.OutOfBounds(Offset, bytes, 1UL << 32);
        }
        return new GuestPtr<T>((uint)r);
    }

    /// <summary>The same address seen as a pointer to another type.</summary>
    public GuestPtr<TOther> Cast<TOther>() => new(Offset);

    public bool Equals(GuestPtr<T> other) => Offset == other.Offset;
    public override bool Equals(object? obj) => obj is GuestPtr<T> p && Equals(p);
    public override int GetHashCode() => (int)Offset;
    public static bool operator ==(GuestPtr<T> a, GuestPtr<T> b) => a.Offset == b.Offset;
    public static bool operator !=(GuestPtr<T> a, GuestPtr<T> b) => a.Offset != b.Offset;
    public override string ToString() => $"0x{Offset:x}";
}

/// <summary>
/// A guest array: address and element count (witx <c>(list T)</c>, passed as two i32). Generated glue
/// has already checked that the whole array is in bounds and aligned when it passes one to an
/// implementation; elements are read with the <c>Get</c> / <c>Set</c> extension methods.
/// </summary>
public readonly struct GuestList<T> : IEquatable<GuestList<T>>
{
    public GuestList(uint offset, uint length)
    {
        Offset = offset;
        Length = length;
    }

    /// <summary>Address of the first element.</summary>
    public uint Offset { get; }

    /// <summary>Number of elements.</summary>
    public uint Length { get; }

    /// <summary>The address of the first element as a pointer.</summary>
    public GuestPtr<T> Pointer => new(Offset);

    public bool Equals(GuestList<T> other) => Offset == other.Offset && Length == other.Length;
    public override bool Equals(object? obj) => obj is GuestList<T> l && Equals(l);
    public override int GetHashCode() => HashCode.Combine(Offset, Length);
    public override string ToString() => $"0x{Offset:x}[{Length}]";

    /// <summary>Throws unless <paramref name="index"/> &lt; <see cref="Length"/> (a host bug, not a guest trap).</summary>
    public void CheckIndex(uint index)
    {
        if (index >= Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is outside a guest list of {Length} elements");
        }
    }
}

/// <summary>A string stored in guest memory as (address, byte length) inside a record.</summary>
public readonly struct GuestString : IEquatable<GuestString>
{
    public GuestString(uint offset, uint length)
    {
        Offset = offset;
        Length = length;
    }

    public uint Offset { get; }
    public uint Length { get; }

    /// <summary>Decodes the string (traps when out of bounds; <see cref="GuestValueException"/> on bad UTF-8).</summary>
    public string Read(GuestMemory memory) => memory.ReadString(Offset, Length);

    public bool Equals(GuestString other) => Offset == other.Offset && Length == other.Length;
    public override bool Equals(object? obj) => obj is GuestString s && Equals(s);
    public override int GetHashCode() => HashCode.Combine(Offset, Length);
    public override string ToString() => $"0x{Offset:x}[{Length}]";
}
