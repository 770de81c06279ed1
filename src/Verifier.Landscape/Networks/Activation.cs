namespace Verifier.Landscape.Networks;

/// <summary>The elementwise activation function φ of a layer.</summary>
public enum Activation
{
    /// <summary>The identity φ(z) = z.</summary>
    Linear,

    /// <summary>The rectifier φ(z) = max(0, z); not differentiable at z = 0.</summary>
    Relu,

    /// <summary>The logistic sigmoid φ(z) = 1 / (1 + e^−z).</summary>
    Sigmoid,

    /// <summary>The hyperbolic tangent φ(z) = tanh z.</summary>
    Tanh,
}

/// <summary>The training loss of an instance.</summary>
public enum LossKind
{
    /// <summary>Mean squared error (1/(2N)) Σᵢ ‖f(xᵢ) − yᵢ‖².</summary>
    Mse,

    /// <summary>Sum of squared errors ½ Σᵢ ‖f(xᵢ) − yᵢ‖² (Kawaguchi's convention).</summary>
    Sse,

    /// <summary>
    /// The logistic loss (1/N) Σᵢ log(1 + e^{−(2yᵢ−1)zᵢ}) of a scalar linear output z (the logit) and targets 0 or 1:
    /// binary cross-entropy on σ(z). A sample is classified right when the sign of z matches the target (z = 0 is wrong).
    /// </summary>
    Logistic,

    /// <summary>
    /// Mean absolute error (1/N) Σᵢ Σ_r |f_r(xᵢ) − y_{i,r}| (Freeman and Bruna's regression loss). Not differentiable
    /// where a residual is exactly 0 (a kink of the loss, reported like a ReLU kink); ℓ″ = 0 away from such points.
    /// </summary>
    Mae,
}

/// <summary>Properties of the losses.</summary>
public static class LossKinds
{
    /// <summary>True for the squared losses (mse and sse), the setting of the squared-loss theories.</summary>
    public static bool IsSquared(this LossKind loss) => loss is LossKind.Mse or LossKind.Sse;
}

/// <summary>Names of activations and losses as written in instance files and on the command line.</summary>
public static class Names
{
    /// <summary>The lowercase file name of an activation.</summary>
    public static string Of(Activation a) => a switch
    {
        Activation.Linear => "linear",
        Activation.Relu => "relu",
        Activation.Sigmoid => "sigmoid",
        Activation.Tanh => "tanh",
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>The lowercase file name of a loss.</summary>
    public static string Of(LossKind l) => l switch
    {
        LossKind.Mse => "mse",
        LossKind.Sse => "sse",
        LossKind.Logistic => "logistic",
        LossKind.Mae => "mae",
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>Parses an activation name; null when unknown.</summary>
    public static Activation? ParseActivation(string? name) => name switch
    {
        "linear" => Activation.Linear,
        "relu" => Activation.Relu,
        "sigmoid" => Activation.Sigmoid,
        "tanh" => Activation.Tanh,
        _ => null,
    };

    /// <summary>Parses a loss name; null when unknown.</summary>
    public static LossKind? ParseLoss(string? name) => name switch
    {
        "mse" => LossKind.Mse,
        "sse" => LossKind.Sse,
        "logistic" => LossKind.Logistic,
        "mae" => LossKind.Mae,
        _ => null,
    };

    /// <summary>The accepted activation names, for error messages.</summary>
    public const string ActivationList = "linear, relu, sigmoid, tanh";

    /// <summary>The accepted loss names, for error messages.</summary>
    public const string LossList = "mse, sse, logistic, mae";
}
