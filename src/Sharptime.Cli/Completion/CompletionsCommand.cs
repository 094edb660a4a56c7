using System.CommandLine;
using Sharptime.Cli.Errors;

namespace Sharptime.Cli.Completion;

/// <summary>
/// <c>sharptime completions bash|zsh|pwsh</c>: prints a script that makes the shell complete
/// commands and options by asking sharptime itself through System.CommandLine's
/// <c>[suggest:POSITION]</c> directive (what dotnet-suggest does, without installing it).
/// Paths complete as files where sharptime has nothing to suggest.
/// </summary>
internal static class CompletionsCommand
{
    private static readonly Dictionary<string, string> s_scripts = new(StringComparer.Ordinal)
    {
        ["bash"] = """
            # sharptime completion for bash. Enable with: eval "$(sharptime completions bash)"
            _sharptime_complete() {
                local IFS=$'\n'
                COMPREPLY=( $(compgen -W "$(sharptime "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
            }
            complete -o default -o bashdefault -F _sharptime_complete sharptime

            """,
        ["zsh"] = """
            # sharptime completion for zsh. Enable with: eval "$(sharptime completions zsh)"
            _sharptime() {
                local -a suggestions
                suggestions=("${(@f)$(sharptime "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
                if (( ${#suggestions[@]} )) && [[ -n "${suggestions[1]}" ]]; then compadd -- "${suggestions[@]}"; else _files; fi
            }
            compdef _sharptime sharptime

            """,
        ["pwsh"] = """
            # sharptime completion for PowerShell. Enable with: sharptime completions pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName sharptime -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                sharptime "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong([.. s_scripts.Keys]);
        var command = new Command("completions", "Print a shell completion script (eval \"$(sharptime completions bash)\")") { shell };
        command.SetAction(result =>
        {
            Console.Out.Write(s_scripts[result.GetValue(shell)!]);
            return ExitCodes.Success;
        });
        return command;
    }
}
