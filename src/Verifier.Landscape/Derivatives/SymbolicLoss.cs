using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>The loss of a network on its dataset as an exact symbolic expression over the parameters.</summary>
/// <remarks>
/// Variables are named after the parameters (<see cref="NetworkSpec.ParameterName"/>, e.g. "W1[0,1]");
/// the data enter as exact rational constants. This is the reference view the float and exact paths are
/// checked against; it is meant for small networks (its size grows with N·P).
/// </remarks>
public static class SymbolicLoss
{
    /// <summary>The variable names of the parameters, in parameter order.</summary>
    public static string[] VariableNames(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return [.. Enumerable.Range(0, network.ParameterCount).Select(network.ParameterName)];
    }

    /// <summary>L(θ) as an expression in the variables of <see cref="VariableNames"/>.</summary>
    public static Expr Build(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var net = instance.Network;
        var data = instance.Data;
        var names = VariableNames(net);
        var theta = names.Select(Expr.Variable).ToArray();
        var squares = new List<Expr>();
        for (int i = 0; i < data.Count; i++)
        {
            var a = Enumerable.Range(0, net.InputWidth).Select(c => Expr.Constant(data.X(i, c))).ToArray();
            for (int l = 1; l <= net.Depth; l++)
            {
                int nIn = net.Layers[l - 1], nOut = net.Layers[l];
                int w0 = net.WeightOffset(l), b0 = net.BiasOffset(l);
                var next = new Expr[nOut];
                for (int r = 0; r < nOut; r++)
                {
                    var terms = new List<Expr>(nIn + 1);
                    for (int c = 0; c < nIn; c++)
                    {
                        terms.Add(theta[w0 + r * nIn + c] * a[c]);
                    }

                    if (net.Bias)
                    {
                        terms.Add(theta[b0 + r]);
                    }

                    next[r] = Activate(net.ActivationOf(l), Expr.Add(terms));
                }

                a = next;
            }

            for (int r = 0; r < net.OutputWidth; r++)
            {
                var e = a[r] - Expr.Constant(data.Y(i, r));
                squares.Add(instance.Loss switch
                {
                    LossKind.Logistic => Expr.Log(Expr.Constant(Rational.One) + Expr.Exp(a[r])) - (Expr.Constant(data.Y(i, r)) * a[r]),

                    // |e| = relu(e) + relu(−e): the absolute loss, with its kink at e = 0 where relu's is.
                    LossKind.Mae => Expr.Relu(e) + Expr.Relu(-e),
                    _ => Expr.Pow(e, 2),
                });
            }
        }

        // Squared errors: (½·s)·Σ e²; logistic: s·Σ (log(1 + eᶻ) − y·z); absolute: s·Σ |e|.
        var scale = LossScale.Of(instance.Loss, data.Count) * (instance.Loss.IsSquared() ? new Rational(1, 2) : Rational.One);
        return Expr.Constant(scale) * Expr.Add(squares);
    }

    /// <summary>φ applied to an expression.</summary>
    public static Expr Activate(Activation activation, Expr z) => activation switch
    {
        Activation.Linear => z,
        Activation.Relu => Expr.Relu(z),
        Activation.Sigmoid => Expr.Sigmoid(z),
        Activation.Tanh => Expr.Tanh(z),
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
