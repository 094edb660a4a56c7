using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>The rights each kind of descriptor supports, as Wasmtime hands them out.</summary>
internal static class WasiRights
{
    public const Rights RegularFile =
        Rights.FdDatasync | Rights.FdRead | Rights.FdSeek | Rights.FdFdstatSetFlags | Rights.FdSync
        | Rights.FdTell | Rights.FdWrite | Rights.FdAdvise | Rights.FdAllocate | Rights.FdFilestatGet
        | Rights.FdFilestatSetSize | Rights.FdFilestatSetTimes | Rights.PollFdReadwrite;

    public const Rights Directory =
        Rights.FdFdstatSetFlags | Rights.FdSync | Rights.FdAdvise | Rights.PathCreateDirectory
        | Rights.PathCreateFile | Rights.PathLinkSource | Rights.PathLinkTarget | Rights.PathOpen
        | Rights.FdReaddir | Rights.PathReadlink | Rights.PathRenameSource | Rights.PathRenameTarget
        | Rights.PathFilestatGet | Rights.PathFilestatSetSize | Rights.PathFilestatSetTimes
        | Rights.FdFilestatGet | Rights.FdFilestatSetTimes | Rights.PathSymlink
        | Rights.PathRemoveDirectory | Rights.PathUnlinkFile | Rights.PollFdReadwrite;

    /// <summary>What a directory hands down to what is opened through it: anything.</summary>
    public const Rights DirectoryInheriting = Directory | RegularFile;

    /// <summary>Character devices, pipes and .NET streams: read and/or write, no positioning.</summary>
    public const Rights Stream =
        Rights.FdRead | Rights.FdWrite | Rights.FdFdstatSetFlags | Rights.FdFilestatGet | Rights.PollFdReadwrite;

    public const Rights Socket = Stream | Rights.SockShutdown | Rights.SockAccept;

    public const Rights All = (Rights)0x3fffffffUL;

    /// <summary>The rights that make path_open ask the host for write access (as Wasmtime decides).</summary>
    public const Rights WriteAccess = Rights.FdWrite | Rights.FdDatasync | Rights.FdAllocate | Rights.FdFilestatSetSize;

    /// <summary>The rights that make path_open ask the host for read access.</summary>
    public const Rights ReadAccess = Rights.FdRead | Rights.FdReaddir;
}
