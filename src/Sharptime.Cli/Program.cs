using System.CommandLine;
using Sharptime.Cli;

var root = new RootCommand("sharptime: a WebAssembly runtime for .NET")
{
    WastCommand.Create(),
    RunCommand.Create(),
};
return root.Parse(args).Invoke();
