using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Context;

/// <summary>One subscription of poll_oneoff, whatever the layout it was read from (preview 0 or 1).</summary>
internal readonly record struct PollRequest(ulong Userdata, Eventtype Type, uint Fd, Clockid Clock, ulong Timeout, bool Absolute);

/// <summary>One event poll_oneoff reports.</summary>
internal readonly record struct PollEvent(ulong Userdata, Errno Error, Eventtype Type, ulong Bytes, bool Hangup);

/// <summary>
/// poll_oneoff: waits until a clock subscription's deadline passes or a descriptor is ready.
/// Regular files and memory streams are always ready; pipes, terminals and sockets are waited on
/// with poll(2); clocks become deadlines on the monotonic clock (realtime ones converted once).
/// Returns at least one event, never before the earliest deadline it reports.
/// </summary>
internal static unsafe class Poller
{
    public static Errno Poll(FdTable fds, ReadOnlySpan<PollRequest> requests, List<PollEvent> events)
    {
        if (requests.Length == 0) return Errno.Inval;
        var e = WasiClocks.Now(Clockid.Monotonic, out ulong start);
        if (e != Errno.Success) return e;

        var deadlines = new ulong[requests.Length];
        ulong earliest = ulong.MaxValue;
        var hostWaits = new List<(int Index, PollFd Poll)>();
        for (int i = 0; i < requests.Length; i++)
        {
            var r = requests[i];
            if (r.Type == Eventtype.Clock)
            {
                var error = Deadline(r, start, out deadlines[i]);
                if (error != Errno.Success)
                {
                    events.Add(new PollEvent(r.Userdata, error, Eventtype.Clock, 0, false));
                    continue;
                }
                earliest = Math.Min(earliest, deadlines[i]);
                continue;
            }
            deadlines[i] = ulong.MaxValue;
            bool write = r.Type == Eventtype.FdWrite;
            if (fds.Get(r.Fd, out var d) != Errno.Success)
            {
                events.Add(new PollEvent(r.Userdata, Errno.Badf, r.Type, 0, false));
                continue;
            }
            var source = d.GetPollSource(write);
            if (source.Ready)
                events.Add(new PollEvent(r.Userdata, source.Error, r.Type, source.Bytes, false));
            else
                hostWaits.Add((i, new PollFd { Fd = source.HostFd, Events = write ? Libc.POLLOUT : Libc.POLLIN }));
        }

        while (true)
        {
            WasiClocks.Now(Clockid.Monotonic, out ulong now);
            // Wait only when nothing is ready yet; otherwise just look at the host fds.
            int timeoutMs = events.Count > 0 || earliest <= now ? 0
                : earliest == ulong.MaxValue ? -1
                : (int)Math.Min(int.MaxValue, (earliest - now + 999_999) / 1_000_000);
            if (hostWaits.Count > 0)
            {
                e = WaitHost(hostWaits, timeoutMs);
                if (e != Errno.Success) return e;
                foreach (var (index, poll) in hostWaits)
                {
                    if (poll.REvents == 0) continue;
                    var r = requests[index];
                    events.Add(ToEvent(r, poll));
                }
            }
            else if (timeoutMs > 0)
            {
                Thread.Sleep(timeoutMs);
            }
            WasiClocks.Now(Clockid.Monotonic, out now);
            for (int i = 0; i < requests.Length; i++)
            {
                if (requests[i].Type == Eventtype.Clock && deadlines[i] != 0 && deadlines[i] <= now)
                    events.Add(new PollEvent(requests[i].Userdata, Errno.Success, Eventtype.Clock, 0, false));
            }
            if (events.Count > 0) return Errno.Success;
        }
    }

    /// <summary>A clock subscription's deadline on the monotonic clock (0 never appears: it is bumped to 1).</summary>
    private static Errno Deadline(in PollRequest r, ulong monotonicNow, out ulong deadline)
    {
        deadline = 0;
        ulong at;
        switch (r.Clock)
        {
            case Clockid.Monotonic:
                at = r.Absolute ? r.Timeout : Add(monotonicNow, r.Timeout);
                break;
            case Clockid.Realtime:
                if (!r.Absolute)
                {
                    at = Add(monotonicNow, r.Timeout);
                    break;
                }
                var e = WasiClocks.Now(Clockid.Realtime, out ulong realNow);
                if (e != Errno.Success) return e;
                at = r.Timeout <= realNow ? monotonicNow : Add(monotonicNow, r.Timeout - realNow);
                break;
            default:
                // CPU-time clocks cannot be waited on.
                return Errno.Notsup;
        }
        deadline = Math.Max(at, 1);
        return Errno.Success;
    }

    private static ulong Add(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static Errno WaitHost(List<(int Index, PollFd Poll)> waits, int timeoutMs)
    {
        var polls = new PollFd[waits.Count];
        for (int i = 0; i < polls.Length; i++) polls[i] = waits[i].Poll with { REvents = 0 };
        int n;
        fixed (PollFd* p = polls)
        {
            do n = Libc.Poll(p, (nuint)polls.Length, timeoutMs);
            while (n < 0 && Libc.Errno == 4 /* EINTR */);
        }
        if (n < 0) return ErrnoMapping.Last();
        for (int i = 0; i < polls.Length; i++) waits[i] = (waits[i].Index, polls[i]);
        return Errno.Success;
    }

    private static PollEvent ToEvent(in PollRequest r, PollFd poll)
    {
        if ((poll.REvents & Libc.POLLNVAL) != 0) return new PollEvent(r.Userdata, Errno.Badf, r.Type, 0, false);
        bool hangup = (poll.REvents & Libc.POLLHUP) != 0;
        if ((poll.REvents & Libc.POLLERR) != 0 && !hangup) return new PollEvent(r.Userdata, Errno.Io, r.Type, 0, false);
        // How much can be read at once (FIONREAD); at least one byte for a ready descriptor, as Wasmtime reports.
        ulong bytes = 1;
        if (r.Type == Eventtype.FdRead)
        {
            int available = 0;
            if (Libc.IoctlInt(poll.Fd, Libc.FIONREAD, &available) == 0 && available > 0) bytes = (ulong)available;
        }
        return new PollEvent(r.Userdata, Errno.Success, r.Type, bytes, hangup);
    }
}
