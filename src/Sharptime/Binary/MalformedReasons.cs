namespace Sharptime.Binary;

/// <summary>
/// The specification's wording for binary-format errors, as the spec testsuite's
/// <c>assert_malformed</c> expectations spell them (they are matched as message prefixes). Kept in
/// one place so the decoder, the instruction reader and the tests agree on every word.
/// </summary>
public static class MalformedReasons
{
    /// <summary>The input ended at the module's top level (header, section id, section size).</summary>
    public const string UnexpectedEnd = "unexpected end";
    /// <summary>The input ended inside a section, a function body or a constant expression.</summary>
    public const string UnexpectedEndOfSection = "unexpected end of section or function";
    public const string IntegerTooLong = "integer representation too long";
    public const string IntegerTooLarge = "integer too large";
    public const string LengthOutOfBounds = "length out of bounds";
    public const string MalformedUtf8 = "malformed UTF-8 encoding";
    public const string MagicHeader = "magic header not detected";
    public const string UnknownVersion = "unknown binary version";
    public const string MalformedSectionId = "malformed section id";
    public const string SectionSizeMismatch = "section size mismatch";
    public const string ContentAfterLastSection = "unexpected content after last section";
    public const string TooManyLocals = "too many locals";
    public const string FunctionCodeMismatch = "function and code section have inconsistent lengths";
    public const string DataCountMismatch = "data count and data section have inconsistent lengths";
    public const string DataCountRequired = "data count section required";
    public const string EndExpected = "END opcode expected";
    public const string IllegalOpcode = "illegal opcode";
    public const string ZeroByteExpected = "zero byte expected";
    public const string MalformedValueType = "malformed value type";
    public const string MalformedReferenceType = "malformed reference type";
    public const string MalformedHeapType = "malformed heap type";
    public const string MalformedCompositeType = "malformed composite type";
    public const string MalformedMutability = "malformed mutability";
    public const string MalformedLimitsFlags = "malformed limits flags";
    public const string MalformedPageSize = "malformed custom page size";
    public const string MalformedImportKind = "malformed import kind";
    public const string MalformedExportKind = "malformed export kind";
    public const string MalformedMemopFlags = "malformed memop flags";
    public const string MalformedElementsKind = "malformed elements segment kind";
    public const string MalformedElementKind = "malformed element kind";
    public const string MalformedDataKind = "malformed data segment kind";
    public const string MalformedCatchKind = "malformed catch clause";
    public const string MalformedCastFlags = "malformed br_on_cast flags";
}
