using Sharptime.Model;

namespace Sharptime.Validation;

internal sealed partial class FunctionValidator
{
    private TableType Table(uint table)
    {
        if (table >= (uint)_module.Tables.Length) throw ValidationErrors.Unknown("table", table);
        return _module.Tables[table];
    }

    private ValType ElementSegmentType(uint segment)
    {
        if (segment >= (uint)_module.ElementTypes.Length) throw ValidationErrors.Unknown("elem segment", segment);
        return _module.ElementTypes[segment];
    }

    private void ValidateTableInstruction(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.TableGet:
            {
                var table = Table(instruction.Index);
                Pop(ModuleContext.AddressType(table.Limits));
                Push(table.ElementType);
                break;
            }
            case Opcode.TableSet:
            {
                var table = Table(instruction.Index);
                Pop(table.ElementType);
                Pop(ModuleContext.AddressType(table.Limits));
                break;
            }
            case Opcode.TableSize:
                Push(ModuleContext.AddressType(Table(instruction.Index).Limits));
                break;
            case Opcode.TableGrow:
            {
                var table = Table(instruction.Index);
                var address = ModuleContext.AddressType(table.Limits);
                Pop(address);
                Pop(table.ElementType);
                Push(address);
                break;
            }
            case Opcode.TableFill:
            {
                var table = Table(instruction.Index);
                var address = ModuleContext.AddressType(table.Limits);
                Pop(address);
                Pop(table.ElementType);
                Pop(address);
                break;
            }
            case Opcode.TableCopy:
            {
                var destination = Table(instruction.Index);
                var source = Table(instruction.Index2);
                if (!_types.IsSubtype(source.ElementType, destination.ElementType))
                    throw ValidationErrors.TypeMismatch($"cannot copy {source.ElementType} elements into a table of {destination.ElementType}");
                var destinationAddress = ModuleContext.AddressType(destination.Limits);
                var sourceAddress = ModuleContext.AddressType(source.Limits);
                Pop(destinationAddress.Kind == ValTypeKind.I64 && sourceAddress.Kind == ValTypeKind.I64 ? ValType.I64 : ValType.I32);
                Pop(sourceAddress);
                Pop(destinationAddress);
                break;
            }
            case Opcode.TableInit:
            {
                var table = Table(instruction.Index2);
                var elementType = ElementSegmentType(instruction.Index);
                if (!_types.IsSubtype(elementType, table.ElementType))
                    throw ValidationErrors.TypeMismatch($"cannot initialize a table of {table.ElementType} with {elementType} elements");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ModuleContext.AddressType(table.Limits));
                break;
            }
            case Opcode.ElemDrop:
                ElementSegmentType(instruction.Index);
                break;
        }
    }
}
