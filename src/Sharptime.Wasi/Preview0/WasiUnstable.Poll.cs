using Sharptime.Wasi.Context;
using Sharptime.Witx.Runtime;
using P1 = Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Preview0;

// poll_oneoff with preview 0's subscription layout (56 bytes: the clock subscription carries an
// extra 64-bit identifier before the clock id); the events have the same layout as preview 1's.
internal sealed partial class WasiUnstable
{
    public Errno PollOneoff(GuestMemory memory, GuestPtr<Subscription> @in, GuestPtr<Event> @out, uint nsubscriptions, out uint result)
    {
        result = 0;
        if (nsubscriptions == 0) return Errno.Inval;
        memory.CheckArray(@in.Offset, nsubscriptions, Subscription.GuestSize, Subscription.GuestAlign);
        memory.CheckArray(@out.Offset, nsubscriptions, Event.GuestSize, Event.GuestAlign);
        var requests = new PollRequest[nsubscriptions];
        for (uint i = 0; i < nsubscriptions; i++)
        {
            var s = @in.ElementAt(i).Read(memory);
            requests[i] = s.U.Tag switch
            {
                Eventtype.Clock => new PollRequest(s.Userdata, P1.Eventtype.Clock, 0, (P1.Clockid)s.U.AsClock.Id, s.U.AsClock.Timeout,
                    (s.U.AsClock.Flags & Subclockflags.SubscriptionClockAbstime) != 0),
                Eventtype.FdRead => new PollRequest(s.Userdata, P1.Eventtype.FdRead, s.U.AsFdRead.FileDescriptor.Value, 0, 0, false),
                _ => new PollRequest(s.Userdata, P1.Eventtype.FdWrite, s.U.AsFdWrite.FileDescriptor.Value, 0, 0, false),
            };
        }
        var events = new List<PollEvent>();
        var e = Poller.Poll(_p1.Context.Fds, requests, events);
        if (e != P1.Errno.Success) return E(e);
        for (int i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            @out.ElementAt((uint)i).Write(memory, new Event
            {
                Userdata = ev.Userdata,
                Error = E(ev.Error),
                Type = (Eventtype)ev.Type,
                FdReadwrite = new EventFdReadwrite
                {
                    Nbytes = ev.Bytes,
                    Flags = ev.Hangup ? Eventrwflags.FdReadwriteHangup : 0,
                },
            });
        }
        result = (uint)events.Count;
        return Errno.Success;
    }
}
