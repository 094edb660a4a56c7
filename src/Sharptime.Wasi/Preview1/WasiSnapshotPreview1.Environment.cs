using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// args_* and environ_*: NUL-terminated strings laid out one after another in the guest's buffer,
// with a pointer to each in its pointer array.
internal sealed partial class WasiSnapshotPreview1
{
    public Errno ArgsSizesGet(GuestMemory memory, out uint result0, out uint result1) =>
        SizesOf(Context.Arguments, out result0, out result1);

    public Errno ArgsGet(GuestMemory memory, GuestPtr<GuestPtr<byte>> argv, GuestPtr<byte> argvBuf) =>
        Lay(memory, Context.Arguments, argv, argvBuf);

    public Errno EnvironSizesGet(GuestMemory memory, out uint result0, out uint result1) =>
        SizesOf(Context.Environment, out result0, out result1);

    public Errno EnvironGet(GuestMemory memory, GuestPtr<GuestPtr<byte>> environ, GuestPtr<byte> environBuf) =>
        Lay(memory, Context.Environment, environ, environBuf);

    private static Errno SizesOf(byte[][] strings, out uint count, out uint bytes)
    {
        count = (uint)strings.Length;
        ulong total = 0;
        foreach (var s in strings) total += (ulong)s.Length;
        if (total > uint.MaxValue)
        {
            bytes = 0;
            return Errno.Overflow;
        }
        bytes = (uint)total;
        return Errno.Success;
    }

    private static Errno Lay(GuestMemory memory, byte[][] strings, GuestPtr<GuestPtr<byte>> pointers, GuestPtr<byte> buffer)
    {
        // Bounds first (a trap), so that no arithmetic below can wrap around.
        memory.CheckBounds(pointers.Offset, (ulong)strings.Length * 4);
        ulong total = 0;
        foreach (var s in strings) total += (ulong)s.Length;
        memory.CheckBounds(buffer.Offset, total);
        uint offset = buffer.Offset;
        for (int i = 0; i < strings.Length; i++)
        {
            memory.Write(offset, strings[i]);
            memory.WriteU32(pointers.Offset + (uint)i * 4, offset);
            offset += (uint)strings[i].Length;
        }
        return Errno.Success;
    }
}
