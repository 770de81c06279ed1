namespace Verifier.Landscape.Analysis;

/// <summary>The second-order classification of a point, in the words of the contract.</summary>
public enum Classification
{
    /// <summary>The gradient norm is above its tolerance.</summary>
    NotCritical,

    /// <summary>A critical point with a positive definite Hessian.</summary>
    StrictLocalMin,

    /// <summary>A critical point with a negative definite Hessian.</summary>
    StrictLocalMax,

    /// <summary>A critical point with an indefinite Hessian (a negative and a positive eigenvalue).</summary>
    StrictSaddle,

    /// <summary>A critical point with a semidefinite, singular Hessian: the second-order test cannot decide.</summary>
    Degenerate,

    /// <summary>Some ReLU pre-activation is exactly 0: the loss is not differentiable there.</summary>
    NonDifferentiable,

    /// <summary>A critical point whose Hessian was too large to decompose densely, and Lanczos proved neither sign.</summary>
    Unclassified,

    /// <summary>
    /// Beyond the dense limit: Lanczos proved every eigenvalue near its smallest Ritz value positive, but a positive
    /// smallest Ritz value does not prove that no smaller eigenvalue exists; never a proof of a minimum.
    /// </summary>
    NoNegativeCurvatureFound,

    /// <summary>Beyond the dense limit: the mirror image of <see cref="NoNegativeCurvatureFound"/> (the largest Ritz value is proved negative).</summary>
    NoPositiveCurvatureFound,
}

/// <summary>The contract's kebab-case words for <see cref="Classification"/>.</summary>
public static class ClassificationNames
{
    /// <summary>The word for a classification, e.g. "strict-saddle".</summary>
    public static string Of(Classification c) => c switch
    {
        Classification.NotCritical => "not-critical",
        Classification.StrictLocalMin => "strict-local-min",
        Classification.StrictLocalMax => "strict-local-max",
        Classification.StrictSaddle => "strict-saddle",
        Classification.Degenerate => "degenerate",
        Classification.NonDifferentiable => "non-differentiable",
        Classification.Unclassified => "unclassified",
        Classification.NoNegativeCurvatureFound => "no-negative-curvature-found",
        Classification.NoPositiveCurvatureFound => "no-positive-curvature-found",
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
