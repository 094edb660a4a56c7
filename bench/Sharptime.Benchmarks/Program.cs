using BenchmarkDotNet.Running;

namespace Sharptime.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher, so one class or method can be picked with
/// <c>--filter</c> (for example <c>--filter '*Call*'</c>); <c>--list flat</c> lists them all.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
