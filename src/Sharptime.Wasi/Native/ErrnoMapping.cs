using System.Net.Sockets;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Native;

/// <summary>
/// Translates host errors into WASI errnos: Linux errno values one to one (the WASI list is
/// POSIX's, renumbered), and the exceptions of .NET streams and sockets.
/// </summary>
internal static class ErrnoMapping
{
    /// <summary>The WASI errno of a Linux errno; EIO for the few Linux has and WASI does not.</summary>
    public static Errno FromLinux(int errno) => errno switch
    {
        0 => Errno.Success,
        1 => Errno.Perm,
        2 => Errno.Noent,
        3 => Errno.Srch,
        4 => Errno.Intr,
        5 => Errno.Io,
        6 => Errno.Nxio,
        7 => Errno._2big,
        8 => Errno.Noexec,
        9 => Errno.Badf,
        10 => Errno.Child,
        11 => Errno.Again,
        12 => Errno.Nomem,
        13 => Errno.Acces,
        14 => Errno.Fault,
        16 => Errno.Busy,
        17 => Errno.Exist,
        18 => Errno.Xdev,
        19 => Errno.Nodev,
        20 => Errno.Notdir,
        21 => Errno.Isdir,
        22 => Errno.Inval,
        23 => Errno.Nfile,
        24 => Errno.Mfile,
        25 => Errno.Notty,
        26 => Errno.Txtbsy,
        27 => Errno.Fbig,
        28 => Errno.Nospc,
        29 => Errno.Spipe,
        30 => Errno.Rofs,
        31 => Errno.Mlink,
        32 => Errno.Pipe,
        33 => Errno.Dom,
        34 => Errno.Range,
        35 => Errno.Deadlk,
        36 => Errno.Nametoolong,
        37 => Errno.Nolck,
        38 => Errno.Nosys,
        39 => Errno.Notempty,
        40 => Errno.Loop,
        42 => Errno.Nomsg,
        43 => Errno.Idrm,
        67 => Errno.Nolink,
        71 => Errno.Proto,
        72 => Errno.Multihop,
        74 => Errno.Badmsg,
        75 => Errno.Overflow,
        84 => Errno.Ilseq,
        88 => Errno.Notsock,
        89 => Errno.Destaddrreq,
        90 => Errno.Msgsize,
        91 => Errno.Prototype,
        92 => Errno.Noprotoopt,
        93 => Errno.Protonosupport,
        95 => Errno.Notsup,
        97 => Errno.Afnosupport,
        98 => Errno.Addrinuse,
        99 => Errno.Addrnotavail,
        100 => Errno.Netdown,
        101 => Errno.Netunreach,
        102 => Errno.Netreset,
        103 => Errno.Connaborted,
        104 => Errno.Connreset,
        105 => Errno.Nobufs,
        106 => Errno.Isconn,
        107 => Errno.Notconn,
        110 => Errno.Timedout,
        111 => Errno.Connrefused,
        113 => Errno.Hostunreach,
        114 => Errno.Already,
        115 => Errno.Inprogress,
        116 => Errno.Stale,
        122 => Errno.Dquot,
        125 => Errno.Canceled,
        130 => Errno.Ownerdead,
        131 => Errno.Notrecoverable,
        _ => Errno.Io,
    };

    /// <summary>The WASI errno of the last failed libc call.</summary>
    public static Errno Last() => FromLinux(Libc.Errno);

    /// <summary>The WASI errno of a socket error.</summary>
    public static Errno FromSocket(SocketError error) => error switch
    {
        SocketError.Success => Errno.Success,
        SocketError.WouldBlock or SocketError.TryAgain => Errno.Again,
        SocketError.Interrupted => Errno.Intr,
        SocketError.AccessDenied => Errno.Acces,
        SocketError.Fault => Errno.Fault,
        SocketError.InvalidArgument => Errno.Inval,
        SocketError.TooManyOpenSockets => Errno.Mfile,
        SocketError.InProgress => Errno.Inprogress,
        SocketError.AlreadyInProgress => Errno.Already,
        SocketError.NotSocket => Errno.Notsock,
        SocketError.DestinationAddressRequired => Errno.Destaddrreq,
        SocketError.MessageSize => Errno.Msgsize,
        SocketError.ProtocolType => Errno.Prototype,
        SocketError.ProtocolOption => Errno.Noprotoopt,
        SocketError.ProtocolNotSupported => Errno.Protonosupport,
        SocketError.OperationNotSupported => Errno.Notsup,
        SocketError.AddressFamilyNotSupported => Errno.Afnosupport,
        SocketError.AddressAlreadyInUse => Errno.Addrinuse,
        SocketError.AddressNotAvailable => Errno.Addrnotavail,
        SocketError.NetworkDown => Errno.Netdown,
        SocketError.NetworkUnreachable => Errno.Netunreach,
        SocketError.NetworkReset => Errno.Netreset,
        SocketError.ConnectionAborted => Errno.Connaborted,
        SocketError.ConnectionReset => Errno.Connreset,
        SocketError.NoBufferSpaceAvailable => Errno.Nobufs,
        SocketError.IsConnected => Errno.Isconn,
        SocketError.NotConnected => Errno.Notconn,
        SocketError.Shutdown => Errno.Pipe,
        SocketError.TimedOut => Errno.Timedout,
        SocketError.ConnectionRefused => Errno.Connrefused,
        SocketError.HostUnreachable => Errno.Hostunreach,
        SocketError.OperationAborted => Errno.Canceled,
        _ => Errno.Io,
    };

    /// <summary>The WASI errno of an exception thrown by a .NET stream or socket.</summary>
    public static Errno FromException(Exception e) => e switch
    {
        SocketException s => FromSocket(s.SocketErrorCode),
        ObjectDisposedException => Errno.Badf,
        NotSupportedException => Errno.Badf,
        UnauthorizedAccessException => Errno.Acces,
        FileNotFoundException or DirectoryNotFoundException => Errno.Noent,
        PathTooLongException => Errno.Nametoolong,
        IOException { InnerException: SocketException s } => FromSocket(s.SocketErrorCode),
        IOException io when io.HResult is > 0 and < 256 => FromLinux(io.HResult),
        _ => Errno.Io,
    };
}
