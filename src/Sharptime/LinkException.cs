namespace Sharptime;

/// <summary>
/// A module could not be instantiated because of its imports. Messages start with the spec's
/// wording: "unknown import" or "incompatible import type".
/// </summary>
public sealed class LinkException(string message) : WasmException(message);
