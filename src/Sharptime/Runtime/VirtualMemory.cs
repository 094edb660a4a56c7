using System.Runtime.InteropServices;

namespace Sharptime.Runtime;

/// <summary>
/// A block of address space reserved once and committed from its start as it grows, so that what
/// it holds never moves. Linear memories use it: compiled code keeps a memory's base address in a
/// local across <c>memory.grow</c>, which only commits more pages of the same reservation.
/// Reserving costs address space only (PROT_NONE / MEM_RESERVE), not RAM or commit charge.
/// </summary>
internal sealed unsafe partial class VirtualMemory : IDisposable
{
    private const int OsPageSize = 4096;
    private byte* _base;
    private readonly nuint _reserved;
    private nuint _committed;

    /// <summary>Reserves <paramref name="reserveBytes"/> of address space and commits the first <paramref name="commitBytes"/>.</summary>
    public VirtualMemory(ulong reserveBytes, ulong commitBytes)
    {
        _reserved = RoundUp((nuint)Math.Max(reserveBytes, OsPageSize));
        _base = Reserve(_reserved);
        if (_base is null) throw new OutOfMemoryException($"cannot reserve {reserveBytes} bytes of address space");
        if (!TryCommit(commitBytes))
        {
            Dispose();
            throw new OutOfMemoryException($"cannot commit {commitBytes} bytes");
        }
    }

    ~VirtualMemory() => Release();

    public byte* Base => _base;
    public ulong Reserved => _reserved;

    /// <summary>Makes bytes [0, <paramref name="bytes"/>) readable and writable; new pages read as zero.</summary>
    public bool TryCommit(ulong bytes)
    {
        if (bytes > _reserved) return false;
        nuint target = RoundUp((nuint)bytes);
        if (target <= _committed) return true;
        if (!Commit(_base + _committed, target - _committed)) return false;
        _committed = target;
        return true;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (_base is null) return;
        Free(_base, _reserved);
        _base = null;
    }

    private static nuint RoundUp(nuint n) => (n + OsPageSize - 1) & ~(nuint)(OsPageSize - 1);

    private static byte* Reserve(nuint size)
    {
        if (OperatingSystem.IsWindows()) return (byte*)VirtualAlloc(null, size, MEM_RESERVE, PAGE_NOACCESS);
        int flags = MAP_PRIVATE | (OperatingSystem.IsMacOS() ? MAP_ANON_MAC : MAP_ANONYMOUS_LINUX | MAP_NORESERVE_LINUX);
        void* p = mmap(null, size, PROT_NONE, flags, -1, 0);
        return p == (void*)-1 ? null : (byte*)p;
    }

    private static bool Commit(byte* address, nuint size)
    {
        if (OperatingSystem.IsWindows()) return VirtualAlloc(address, size, MEM_COMMIT, PAGE_READWRITE) != null;
        return mprotect(address, size, PROT_READ | PROT_WRITE) == 0;
    }

    private static void Free(byte* address, nuint size)
    {
        if (OperatingSystem.IsWindows()) VirtualFree(address, 0, MEM_RELEASE);
        else munmap(address, size);
    }

    private const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2;
    private const int MAP_PRIVATE = 0x02, MAP_ANONYMOUS_LINUX = 0x20, MAP_NORESERVE_LINUX = 0x4000, MAP_ANON_MAC = 0x1000;
    private const uint MEM_COMMIT = 0x1000, MEM_RESERVE = 0x2000, MEM_RELEASE = 0x8000, PAGE_NOACCESS = 0x01, PAGE_READWRITE = 0x04;

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(void* addr, nuint length, int prot);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(void* addr, nuint length);

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial void* VirtualAlloc(void* address, nuint size, uint allocationType, uint protect);

    [LibraryImport("kernel32", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool VirtualFree(void* address, nuint size, uint freeType);
}
