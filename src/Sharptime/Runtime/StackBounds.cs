using System.Runtime.InteropServices;

namespace Sharptime.Runtime;

/// <summary>
/// The lowest usable address of the current thread's stack, asked once per thread from the OS
/// (pthread_getattr_np, pthread_get_stackaddr_np, GetCurrentThreadStackLimits). A .NET stack overflow
/// kills the process, so guest code must stop well above it: see <see cref="GuestEntry"/>.
/// </summary>
internal static unsafe partial class StackBounds
{
    [ThreadStatic] private static nuint t_low;

    /// <summary>The current thread's stack low end, or 0 when the OS would not say.</summary>
    public static nuint CurrentLow()
    {
        nuint low = t_low;
        if (low == 0)
        {
            try { low = Query(); } catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { low = 0; }
            t_low = low == 0 ? 1 : low;
        }
        return low <= 1 ? 0 : low;
    }

    private static nuint Query()
    {
        if (OperatingSystem.IsWindows())
        {
            GetCurrentThreadStackLimits(out nuint lowLimit, out _);
            return lowLimit;
        }
        if (OperatingSystem.IsMacOS())
        {
            nint self = pthread_self();
            return (nuint)pthread_get_stackaddr_np(self) - pthread_get_stacksize_np(self);
        }
        if (OperatingSystem.IsLinux())
        {
            // pthread_attr_t is 56 bytes on 64-bit glibc and musl; leave room.
            byte* attr = stackalloc byte[128];
            if (pthread_getattr_np(pthread_self(), attr) != 0) return 0;
            void* address;
            nuint size;
            int rc = pthread_attr_getstack(attr, &address, &size);
            pthread_attr_destroy(attr);
            return rc == 0 ? (nuint)address : 0;
        }
        return 0;
    }

    [LibraryImport("libc")]
    private static partial nint pthread_self();

    [LibraryImport("libc")]
    private static partial int pthread_getattr_np(nint thread, void* attr);

    [LibraryImport("libc")]
    private static partial int pthread_attr_getstack(void* attr, void** address, nuint* size);

    [LibraryImport("libc")]
    private static partial int pthread_attr_destroy(void* attr);

    [LibraryImport("libc")]
    private static partial void* pthread_get_stackaddr_np(nint thread);

    [LibraryImport("libc")]
    private static partial nuint pthread_get_stacksize_np(nint thread);

    [LibraryImport("kernel32")]
    private static partial void GetCurrentThreadStackLimits(out nuint lowLimit, out nuint highLimit);
}
