using Sharptime.Wasi.Context;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// poll_oneoff: read the subscriptions, let the Poller wait, write the events.
internal sealed partial class WasiSnapshotPreview1
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
                Eventtype.Clock => new PollRequest(s.Userdata, Eventtype.Clock, 0, s.U.AsClock.Id, s.U.AsClock.Timeout,
                    (s.U.AsClock.Flags & Subclockflags.SubscriptionClockAbstime) != 0),
                Eventtype.FdRead => new PollRequest(s.Userdata, Eventtype.FdRead, s.U.AsFdRead.FileDescriptor.Value, 0, 0, false),
                _ => new PollRequest(s.Userdata, Eventtype.FdWrite, s.U.AsFdWrite.FileDescriptor.Value, 0, 0, false),
            };
        }
        var events = new List<PollEvent>();
        var e = Poller.Poll(Fds, requests, events);
        if (e != Errno.Success) return e;
        for (int i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            @out.ElementAt((uint)i).Write(memory, new Event
            {
                Userdata = ev.Userdata,
                Error = ev.Error,
                Type = ev.Type,
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
