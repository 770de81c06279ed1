namespace Verifier.Symbolic;

/// <summary>The elementary real functions of one argument that may appear in an <see cref="Apply"/> node.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The mathematical name is part of the agreed API; the library targets C# consumers.")]
public enum Function
{
    /// <summary>The exponential function e^u.</summary>
    Exp,

    /// <summary>The natural logarithm ln u, defined for u &gt; 0.</summary>
    Log,

    /// <summary>The logistic sigmoid σ(u) = 1 / (1 + e^−u).</summary>
    Sigmoid,

    /// <summary>The hyperbolic tangent tanh u.</summary>
    Tanh,

    /// <summary>The rectifier relu(u) = max(0, u).</summary>
    Relu,

    /// <summary>
    /// The Heaviside step H(u), the derivative of relu: 1 for u &gt; 0 and 0 for u &lt; 0. At u = 0 the
    /// floating path uses the convention 0, while the exact path reports the ReLU kink as undefined.
    /// </summary>
    Step,
}
