namespace Sharptime.Benchmarks;

/// <summary>
/// The wasm modules the micro benchmarks run, in the text format. Each loop runs a count given by
/// the caller, so that a benchmark divides by it (OperationsPerInvoke) to report a cost per
/// operation without the host-to-wasm call dominating.
/// </summary>
internal static class GuestModules
{
    /// <summary>Functions called from the host: two arguments and a result, and no arguments at all.</summary>
    public const string Calls = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "nop")))
        """;

    /// <summary>A loop calling an imported host function <c>n</c> times (wasm-to-host calls).</summary>
    public const string HostCalls = """
        (module
          (import "host" "inc" (func $inc (param i32) (result i32)))
          (func (export "run") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (call $inc (local.get $acc)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """;

    /// <summary>
    /// Memory loops over <c>n</c> 32-bit words from address 0: a sum of loads, a fill with stores,
    /// and a copy loop (one load and one store per word) between two halves of the memory.
    /// </summary>
    public const string MemoryLoops = """
        (module
          (memory (export "memory") 64)
          (func (export "sum") (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $acc (i32.add (local.get $acc) (i32.load (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            (local.get $acc))
          (func (export "fill") (param $n i32) (param $v i32)
            (local $i i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $v) (local.get $i)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next))))
          (func (export "copy") (param $n i32)
            (local $i i32) (local $p i32)
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $p (i32.shl (local.get $i) (i32.const 2)))
                (i32.store offset=2097152 (local.get $p) (i32.load (local.get $p)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))))
        """;

    /// <summary>
    /// The same loop making <c>n</c> calls, directly and through call_indirect (the table holds four
    /// functions of one type; the index cycles through them, so the call site is not monomorphic).
    /// </summary>
    public const string IndirectCalls = """
        (module
          (type $unary (func (param i32) (result i32)))
          (table 4 funcref)
          (elem (i32.const 0) $a $b $c $d)
          (func $a (type $unary) (i32.add (local.get 0) (i32.const 1)))
          (func $b (type $unary) (i32.add (local.get 0) (i32.const 2)))
          (func $c (type $unary) (i32.add (local.get 0) (i32.const 3)))
          (func $d (type $unary) (i32.add (local.get 0) (i32.const 4)))
          (func (export "direct") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (call $b (local.get $acc)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc))
          (func (export "indirect") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (call_indirect (type $unary) (local.get $acc) (i32.and (local.get $n) (i32.const 3))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """;
}
