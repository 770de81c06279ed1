using System.CommandLine;
using System.Text;
using Verifier.Proofs;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier claims</c>: the catalogue, each claim with its paper, statement and hypotheses.</summary>
internal static class ClaimsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("claims", "Lists every claim with its paper, statement and hypotheses.");
        command.SetAction(_ =>
        {
            var sb = new StringBuilder();
            foreach (var claim in Catalogue.All)
            {
                sb.Append(claim.Id).Append("  [").Append(claim.Paper.Word).Append("]\n");
                sb.Append("    ").Append(claim.Statement).Append('\n');
                foreach (var h in claim.Hypotheses)
                {
                    sb.Append("    hypothesis: ").Append(h).Append('\n');
                }
            }

            context.Stdout.Write(sb.ToString());
            return ExitCodes.Success;
        });
        return command;
    }
}
