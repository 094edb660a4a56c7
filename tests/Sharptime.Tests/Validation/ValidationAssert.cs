using Sharptime.Model;
using Sharptime.Validation;

namespace Sharptime.Tests.Validation;

internal static class ValidationAssert
{
    public static ValidationResult Valid(WasmModule module, WasmFeatures features = WasmFeatures.Wasm3) =>
        ModuleValidator.Validate(module, new ValidationOptions { Features = features });

    /// <summary>Asserts the module is invalid with a message that starts with the spec's wording.</summary>
    public static InvalidModuleException Invalid(WasmModule module, string expected, WasmFeatures features = WasmFeatures.Wasm3)
    {
        var e = Assert.Throws<InvalidModuleException>(() => ModuleValidator.Validate(module, new ValidationOptions { Features = features }));
        Assert.StartsWith(expected, e.Message);
        return e;
    }
}
