namespace Verifier.Cli.Tests;

public sealed class ExitCodesTests
{
    [Test]
    public void Exit_codes_are_the_contract_numbers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExitCodes.Success, Is.Zero);
            Assert.That(ExitCodes.Refuted, Is.EqualTo(1));
            Assert.That(ExitCodes.BadInput, Is.EqualTo(2));
            Assert.That(ExitCodes.Inconclusive, Is.EqualTo(3));
            Assert.That(ExitCodes.InternalError, Is.EqualTo(4));
            Assert.That(ExitCodes.HypothesesNotMet, Is.EqualTo(5));
        });
    }
}
