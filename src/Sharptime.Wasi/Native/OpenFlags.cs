using System.Runtime.InteropServices;

namespace Sharptime.Wasi.Native;

/// <summary>
/// Linux open(2) flags. Most are the same on every architecture; O_DIRECTORY and O_NOFOLLOW are
/// not (arm and arm64 swap them with O_DIRECT / O_LARGEFILE), so they are chosen at run time.
/// </summary>
internal static class OpenFlags
{
    public const int O_RDONLY = 0x0, O_WRONLY = 0x1, O_RDWR = 0x2;
    public const int O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100, O_TRUNC = 0x200;
    public const int O_APPEND = 0x400, O_NONBLOCK = 0x800, O_DSYNC = 0x1000;
    public const int O_SYNC = 0x101000, O_RSYNC = O_SYNC;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    private static readonly bool s_armLayout =
        RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;

    public static readonly int O_DIRECTORY = s_armLayout ? 0x4000 : 0x10000;
    public static readonly int O_NOFOLLOW = s_armLayout ? 0x8000 : 0x20000;
}
