namespace Sharptime.Wast;

/// <summary>The host value a script writes as <c>(ref.extern n)</c> or <c>(ref.host n)</c>.</summary>
public sealed record HostReference(uint Value);
