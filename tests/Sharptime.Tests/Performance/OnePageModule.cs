namespace Sharptime.Tests.Performance;

/// <summary>What the bounds-check tests share: a module with one page of memory, and the trap they expect.</summary>
internal static class OnePageModule
{
    /// <summary>Instantiates <paramref name="body"/> in a module with one page of memory (65,536 bytes: the last valid i32 address is 65532).</summary>
    public static Instance Instantiate(string name, string body)
    {
        var engine = new Sharptime.Engine();
        return new Instance(new Store(engine), Module.FromText(engine, name, $"(module (memory 1) {body})"));
    }

    public static void AssertOutOfBounds(Action call) =>
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(call).Code);
}
