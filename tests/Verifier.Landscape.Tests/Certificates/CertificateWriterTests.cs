using Verifier.Landscape.Certificates;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Tests.Claims;

namespace Verifier.Landscape.Tests.Certificates;

/// <summary>
/// Certificates of a strict minimum without a given witness: the writer asks the witness search for a lower point,
/// certifies a bad local minimum only when the point it returns is rigorously lower, and the kernel agrees.
/// </summary>
public class CertificateWriterTests
{
    [Test]
    public void WithoutAWitnessTheSearchIsAskedAndAPointThatIsNotLowerLeavesAStrictMinimum()
    {
        var min = SmoothPoints.FukumizuStrictMinimum();
        var search = new FixedSearch(min.WithWeights([.. min.Weights!.Select(w => w + 1)]));
        var result = CertificateWriter.Certify(InstanceFile.Format(min), null, null, witnessSearch: search);
        Assert.That(search.Calls, Is.EqualTo(1));
        Assert.That(result, Is.TypeOf<CertifyResult.Certified>(), result.Reason);
        var certified = (CertifyResult.Certified)result;
        Assert.That(certified.Statement, Is.EqualTo(CertificateStatements.StrictLocalMin));
        Assert.That(CertificateChecker.Check(certified.Json).Valid, Is.True);
    }

    [Test]
    public void AGivenWitnessIsUsedAndTheSearchIsNotAsked()
    {
        var min = SmoothPoints.FukumizuStrictMinimum();
        var search = new FixedSearch(null);
        var witness = InstanceFile.Format(min.WithWeights([.. min.Weights!.Select(w => 2 * w)]));
        var result = CertificateWriter.Certify(InstanceFile.Format(min), witness, null, witnessSearch: search);
        Assert.That(search.Calls, Is.Zero);
        Assert.That(((CertifyResult.Certified)result).Statement, Is.EqualTo(CertificateStatements.StrictLocalMin), "the witness is not lower");
    }

    [Test]
    public void AStrictMinimumWhoseSearchFindsNothingIsCertifiedStrict()
    {
        var min = SmoothPoints.FukumizuStrictMinimum();
        var result = CertificateWriter.Certify(InstanceFile.Format(min), null, null, witnessSearch: new FixedSearch(null));
        Assert.That(((CertifyResult.Certified)result).Statement, Is.EqualTo(CertificateStatements.StrictLocalMin));
    }

    private sealed class FixedSearch(Instance? best) : IWitnessSearch
    {
        public int Calls { get; private set; }

        public WitnessSearchOutcome Search(Instance instance)
        {
            Calls++;
            return new WitnessSearchOutcome(best, new EvidenceItem.WitnessSearch(0, 1, "fixed", double.NaN));
        }
    }
}
