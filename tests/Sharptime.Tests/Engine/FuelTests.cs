namespace Sharptime.Tests.EngineTests;

public class FuelTests
{
    private const string Wat = """
        (module
          (func (export "spin") (loop $l (br $l)))
          (func (export "count") (param i32) (result i32) (local i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get 0)))
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br $next)))
            (local.get 1)))
        """;

    [Fact]
    public void AnEndlessLoopRunsOutOfFuel()
    {
        var engine = new Sharptime.Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 10_000 };
        var instance = new Instance(store, Module.FromText(engine, "fuel", Wat));
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction("spin")!.Invoke());
        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
        Assert.Equal(0UL, store.Fuel);
    }

    [Fact]
    public void FuelIsBurnedPerCallAndLoopIteration()
    {
        var engine = new Sharptime.Engine(new Config { ConsumeFuel = true });
        var store = new Store(engine) { Fuel = 1000 };
        var instance = new Instance(store, Module.FromText(engine, "fuel", Wat));
        Assert.Equal(100, instance.GetFunction<int, int>("count")!(100));
        // One unit for the call, one per iteration of the loop (101 entries into it).
        Assert.Equal(1000UL - 102, store.Fuel);
    }

    [Fact]
    public void SettingFuelNeedsFuelEnabled()
    {
        var store = new Store(new Sharptime.Engine());
        Assert.Throws<InvalidOperationException>(() => store.Fuel = 5);
    }
}
