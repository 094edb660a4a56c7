using Sharptime.Model;

namespace Sharptime.Wast;

/// <summary>
/// The "spectest" module every spec script may import: print functions, four globals of 666, a
/// table of 10 funcrefs (max 20) and a memory of 1 page (max 2).
/// </summary>
public static class SpecTestModule
{
    public static void Define(Linker linker, Store store, TextWriter? output)
    {
        void Print(string text) => output?.WriteLine(text);
        linker.DefineFunction(store, "spectest", "print", () => Print("print"));
        linker.DefineFunction(store, "spectest", "print_i32", (int x) => Print($"{x} : i32"));
        linker.DefineFunction(store, "spectest", "print_i64", (long x) => Print($"{x} : i64"));
        linker.DefineFunction(store, "spectest", "print_f32", (float x) => Print($"{x:R} : f32"));
        linker.DefineFunction(store, "spectest", "print_f64", (double x) => Print($"{x:R} : f64"));
        linker.DefineFunction(store, "spectest", "print_i32_f32", (int x, float y) => Print($"{x} : i32, {y:R} : f32"));
        linker.DefineFunction(store, "spectest", "print_f64_f64", (double x, double y) => Print($"{x:R} : f64, {y:R} : f64"));
        linker.Define("spectest", "global_i32", new Global(store, ValType.I32, false, 666));
        linker.Define("spectest", "global_i64", new Global(store, ValType.I64, false, 666L));
        linker.Define("spectest", "global_f32", new Global(store, ValType.F32, false, 666.6f));
        linker.Define("spectest", "global_f64", new Global(store, ValType.F64, false, 666.6));
        linker.Define("spectest", "table", new Table(store, ValType.FuncRef, 10, 20));
        linker.Define("spectest", "table64", new Table(store, new TableType(ValType.FuncRef, new Limits(10, 20, Is64: true))));
        linker.Define("spectest", "memory", new Memory(store, 1, 2));
    }
}
