using System.Text;
using Sharptime.Witx.Runtime;
using Sharptime.Witx.Tests.Greeting;

namespace Sharptime.Witx.Tests;

/// <summary>
/// The whole path on the small module in TestWitx/greeting.witx, compiled by the generator as part
/// of this project: generated interface, an implementation, glue calls.
/// </summary>
public class GreetingTests
{
    private sealed class Greeter : IGreeting
    {
        public StringBuilder Printed { get; } = new();

        public Errno PrintGreeting(GuestMemory memory)
        {
            Printed.Append("Hello World from the new print_greeting function\n");
            return Errno.Success;
        }

        public Errno Greet(GuestMemory memory, string name, Mood mood, Style style, out uint result)
        {
            var text = (mood == Mood.Happy ? "Hello, " : "Oh. ") + name + ((style & Style.Loud) != 0 ? "!" : ".");
            Printed.Append(text);
            result = (uint)Encoding.UTF8.GetByteCount(text);
            return Errno.Success;
        }

        public Errno GreetRequest(GuestMemory memory, GuestPtr<Request> req, out uint result)
        {
            var r = req.Read(memory);
            result = r.Times;
            return r.Mood == Mood.Grumpy ? Errno.Nosys : Errno.Success;
        }
    }

    private readonly byte[] _mem = new byte[4096];
    private readonly ListLogger _log = new();

    [Fact]
    public void PrintGreetingCallsTheImplementationAndTraces()
    {
        var impl = new Greeter();
        Assert.Equal(0, GreetingGlue.print_greeting(impl, new GuestMemory(_mem), _log));
        Assert.Equal("Hello World from the new print_greeting function\n", impl.Printed.ToString());
        Assert.Equal(new[] { "print_greeting()", "-> errno=ESUCCESS" }, _log.Lines);
        var d = GreetingGlue.Functions.Single(f => f.Name == "print_greeting");
        Assert.Equal("greeting", d.Module);
        Assert.Equal("(param) (result i32)", d.Signature);
        Assert.Equal(typeof(IGreeting), d.InterfaceType);
    }

    [Fact]
    public void GreetChecksItsArguments()
    {
        var impl = new Greeter();
        Encoding.UTF8.GetBytes("Ada").CopyTo(_mem, 100);
        Assert.Equal(0, GreetingGlue.greet(impl, new GuestMemory(_mem), _log, 100, 3, (int)Mood.Happy, (int)Style.Loud, 200));
        Assert.Equal("Hello, Ada!", impl.Printed.ToString());
        Assert.Equal(11u, BitConverter.ToUInt32(_mem, 200));
        Assert.Equal(new[] { "greet(name=0x64, name_len=3, mood=0, style=0x2, retptr0=0xc8)", "     | name=\"Ada\"", "-> errno=ESUCCESS | *retptr0=11" }, _log.Lines);

        Assert.Equal((int)Errno.Inval, GreetingGlue.greet(impl, new GuestMemory(_mem), null, 100, 3, 2, 0, 200));      // mood 2
        Assert.Equal((int)Errno.Inval, GreetingGlue.greet(impl, new GuestMemory(_mem), null, 100, 3, 0, 4, 200));      // style bit 2
        _mem[101] = 0xff;
        Assert.Equal((int)Errno.Ilseq, GreetingGlue.greet(impl, new GuestMemory(_mem), null, 100, 3, 0, 0, 200));
        Assert.Equal(WitxTrapKind.OutOfBounds, Assert.Throws<WitxTrapException>(() => GreetingGlue.greet(impl, new GuestMemory(_mem), null, 4090, 10, 0, 0, 200)).Kind);
        _mem[101] = (byte)'d';
        Assert.Equal(WitxTrapKind.Misaligned, Assert.Throws<WitxTrapException>(() => GreetingGlue.greet(impl, new GuestMemory(_mem), null, 100, 3, 0, 0, 202)).Kind);
    }

    [Fact]
    public void GreetRequestReadsARecord()
    {
        var impl = new Greeter();
        _mem[0x40] = (byte)Mood.Happy;
        BitConverter.GetBytes(3u).CopyTo(_mem, 0x44);
        Assert.Equal(0, GreetingGlue.greet_request(impl, new GuestMemory(_mem), null, 0x40, 0x80));
        Assert.Equal(3u, BitConverter.ToUInt32(_mem, 0x80));
        _mem[0x40] = 5; // not a mood
        Assert.Equal((int)Errno.Inval, GreetingGlue.greet_request(impl, new GuestMemory(_mem), null, 0x40, 0x80));
        Assert.Equal(WitxTrapKind.Misaligned, Assert.Throws<WitxTrapException>(() => GreetingGlue.greet_request(impl, new GuestMemory(_mem), null, 0x41, 0x80)).Kind);
        Assert.Equal(8u, Request.GuestSize);
        Assert.Equal(4u, Request.TimesOffset);
    }
}
