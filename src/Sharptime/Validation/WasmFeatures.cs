namespace Sharptime.Validation;

/// <summary>
/// The WebAssembly proposals the validator accepts. Only the differences that change whether a module
/// is valid are modelled here: a module using a feature that is off is rejected as invalid.
/// </summary>
[Flags]
public enum WasmFeatures
{
    None = 0,
    /// <summary>More than one memory per module.</summary>
    MultiMemory = 1 << 0,
    /// <summary>i32/i64 add, sub and mul in constant expressions.</summary>
    ExtendedConst = 1 << 1,
    /// <summary>return_call, return_call_indirect (and return_call_ref with function references).</summary>
    TailCall = 1 << 2,
    /// <summary>Typed function references: (ref $t), call_ref, br_on_null, ref.as_non_null, table initializers.</summary>
    FunctionReferences = 1 << 3,
    /// <summary>Garbage collection: struct/array types, subtyping, rec groups, i31, casts; and the wider constant expressions.</summary>
    GC = 1 << 4,
    /// <summary>try_table, throw, throw_ref, tags and exnref.</summary>
    ExceptionHandling = 1 << 5,
    /// <summary>The legacy (phase 3) exception instructions: try, catch, catch_all, rethrow, delegate.</summary>
    LegacyExceptions = 1 << 6,
    /// <summary>64-bit addresses for memories and tables.</summary>
    Memory64 = 1 << 7,
    /// <summary>Fixed-width 128-bit SIMD.</summary>
    Simd = 1 << 8,
    /// <summary>The relaxed SIMD instructions.</summary>
    RelaxedSimd = 1 << 9,

    /// <summary>WebAssembly 2.0 (MVP plus sign extension, saturating conversions, multi-value, bulk memory, reference types, SIMD).</summary>
    Wasm2 = Simd,

    /// <summary>WebAssembly 3.0: everything above, including the legacy exception instructions still found in the wild.</summary>
    Wasm3 = MultiMemory | ExtendedConst | TailCall | FunctionReferences | GC | ExceptionHandling | LegacyExceptions
        | Memory64 | Simd | RelaxedSimd,

    All = Wasm3,
}
