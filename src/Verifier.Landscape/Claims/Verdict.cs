namespace Verifier.Landscape.Claims;

/// <summary>The outcome of deciding a claim: a closed type whose cases carry their evidence or reason.</summary>
public abstract record Verdict
{
    private Verdict()
    {
    }

    /// <summary>The contract's word for the verdict: "verified", "refuted", "hypotheses-not-met" or "inconclusive".</summary>
    public abstract string Word { get; }

    /// <summary>A one-line human explanation.</summary>
    public abstract string Reason { get; }

    /// <summary>The claim was proved for the instance; the evidence says how.</summary>
    /// <param name="Why">The explanation.</param>
    /// <param name="Evidence">What proves it.</param>
    public sealed record Verified(string Why, Evidence Evidence) : Verdict
    {
        /// <inheritdoc/>
        public override string Word => "verified";

        /// <inheritdoc/>
        public override string Reason => Why;
    }

    /// <summary>The claim was proved false for the instance; the evidence is the counterexample or descent certificate.</summary>
    /// <param name="Why">The explanation.</param>
    /// <param name="Evidence">What refutes it.</param>
    public sealed record Refuted(string Why, Evidence Evidence) : Verdict
    {
        /// <inheritdoc/>
        public override string Word => "refuted";

        /// <inheritdoc/>
        public override string Reason => Why;
    }

    /// <summary>The instance is outside the claim's setting; each failed hypothesis is named.</summary>
    /// <param name="Failed">The hypotheses that do not hold, one sentence each.</param>
    public sealed record HypothesesNotMet(IReadOnlyList<string> Failed) : Verdict
    {
        /// <inheritdoc/>
        public override string Word => "hypotheses-not-met";

        /// <inheritdoc/>
        public override string Reason => "hypotheses not met: " + string.Join("; ", Failed);
    }

    /// <summary>Neither proved nor refuted (precision or method ran out); the reason says why.</summary>
    /// <param name="Why">Why no proof was found.</param>
    /// <param name="Evidence">What was observed, if anything (never a proof).</param>
    public sealed record Inconclusive(string Why, Evidence? Evidence = null) : Verdict
    {
        /// <inheritdoc/>
        public override string Word => "inconclusive";

        /// <inheritdoc/>
        public override string Reason => Why;
    }
}
