using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Verifier.Numerics.Intervals;

/// <summary>
/// Directed rounding on a platform that only rounds to nearest: every function returns a double that is
/// provably below (…Down) or above (…Up) the exact real result of one operation on two doubles.
/// </summary>
/// <remarks>
/// <para>
/// <b>Premise.</b> The binary64 operations +, −, ×, ÷ and √ of .NET are IEEE 754 operations rounded to
/// nearest (RyuJIT compiles them to SSE2/AVX scalar or ARM64 FP instructions, never to x87, and never
/// re-associates or contracts floating-point expressions). Then for an exact result x whose rounding r is
/// finite, pred(r) ≤ x ≤ succ(r): were x below pred(r), pred(r) would be nearer to x than r. That alone makes
/// [BitDecrement(r), BitIncrement(r)] a sound enclosure; it is the fallback of every function here.
/// Overflow is covered too: r = +∞ means x &gt; MaxValue, and BitDecrement(+∞) = MaxValue.
/// </para>
/// <para>
/// <b>Tighter, still sound.</b> When the sign of the rounding error x − r is known, only one side is widened,
/// and when x = r nothing is. The sign comes from error-free transformations:
/// sums by Knuth's TwoSum (exact for round-to-nearest binary arithmetic whenever no intermediate overflows;
/// an intermediate overflow leaves a non-finite error term, which sends us to the fallback);
/// products, quotients and square roots by a hardware fused multiply-add e = RN(a·b − p), RN(q·y − x) or
/// RN(s·s − x): rounding to nearest is monotone and maps 0 to 0, so a non-zero e has the sign of the exact
/// residual. A zero e proves exactness only when the residual, a multiple of 2^(ulp exponents of the
/// operands), cannot be a non-zero number below the smallest subnormal: that is guaranteed when the operands
/// are normal and the result magnitude is at least 2^−958 (see <see cref="ExactnessFloor"/>); otherwise we
/// widen. Without a hardware FMA (checked through the intrinsics API, never a software emulation) the
/// product, quotient and root fall back to widening both sides.
/// </para>
/// <para>
/// <b>Infinite operands</b> are interval endpoints that stand for "unbounded": 0·∞ and ∞·0 are 0 (the
/// endpoint product of the set {0} with an unbounded set), finite/∞ is 0, and ∞ combined with a finite
/// non-zero number is the infinity of the right sign. NaN operands, ∞ − ∞, ∞/∞, x/0 and the square root of a
/// negative number have no value and throw <see cref="ArgumentException"/> (the interval operations never
/// ask for them).
/// </para>
/// </remarks>
public static class DirectedRounding
{
    /// <summary>Whether <see cref="Math.FusedMultiplyAdd"/> is a single hardware instruction (correctly rounded by IEEE 754-2008).</summary>
    public static bool HardwareFma { get; } = Fma.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <summary>
    /// 2^−958: a product, quotient or square root with normal operands whose result (or dividend) is at least
    /// this large has a residual that is a multiple of 2^−1074 or coarser (the operands' ulp exponents sum to
    /// at least −1066), so a zero fused residual proves the operation exact.
    /// </summary>
    internal static readonly double ExactnessFloor = Math.ScaleB(1.0, -958);

    /// <summary>The largest double below a + b.</summary>
    public static double AddDown(double a, double b)
    {
        double s = a + b;
        return Sum(a, b, s) switch
        {
            Error.None or Error.Positive => s,
            _ => Math.BitDecrement(s),
        };
    }

    /// <summary>The smallest double above a + b.</summary>
    public static double AddUp(double a, double b)
    {
        double s = a + b;
        return Sum(a, b, s) switch
        {
            Error.None or Error.Negative => s,
            _ => Math.BitIncrement(s),
        };
    }

    /// <summary>A double below a − b.</summary>
    public static double SubDown(double a, double b) => AddDown(a, -b);

    /// <summary>A double above a − b.</summary>
    public static double SubUp(double a, double b) => AddUp(a, -b);

    /// <summary>A double below a · b (0·∞ = 0).</summary>
    public static double MulDown(double a, double b)
    {
        CheckNotNaN(a, b);
        if (a == 0 || b == 0)
        {
            return 0.0;
        }

        double p = a * b;
        return Product(a, b, p) switch
        {
            Error.None or Error.Positive => p,
            _ => Math.BitDecrement(p),
        };
    }

    /// <summary>A double above a · b (0·∞ = 0).</summary>
    public static double MulUp(double a, double b)
    {
        CheckNotNaN(a, b);
        if (a == 0 || b == 0)
        {
            return 0.0;
        }

        double p = a * b;
        return Product(a, b, p) switch
        {
            Error.None or Error.Negative => p,
            _ => Math.BitIncrement(p),
        };
    }

    /// <summary>A double below x / y for y ≠ 0 (finite/∞ = 0).</summary>
    public static double DivDown(double x, double y)
    {
        double q = Quotient(x, y, out var error);
        return error is Error.None or Error.Positive ? q : Math.BitDecrement(q);
    }

    /// <summary>A double above x / y for y ≠ 0 (finite/∞ = 0).</summary>
    public static double DivUp(double x, double y)
    {
        double q = Quotient(x, y, out var error);
        return error is Error.None or Error.Negative ? q : Math.BitIncrement(q);
    }

    /// <summary>A double below √x for x ≥ 0 (never below 0).</summary>
    public static double SqrtDown(double x)
    {
        double s = Root(x, out var error);
        return error is Error.None or Error.Positive ? s : Math.Max(0.0, Math.BitDecrement(s));
    }

    /// <summary>A double above √x for x ≥ 0.</summary>
    public static double SqrtUp(double x)
    {
        double s = Root(x, out var error);
        return error is Error.None or Error.Negative ? s : Math.BitIncrement(s);
    }

    /// <summary>
    /// Lower and upper bounds of x·2^k. Exact when the result is finite and strictly above the smallest normal
    /// double in magnitude (x·2^k then keeps x's significand); otherwise the result is widened by one ulp
    /// (a subnormal result, or the smallest normal, which an exact value just below it rounds up to, and overflow).
    /// </summary>
    public static (double Down, double Up) ScaleB(double x, int k)
    {
        double y = Math.ScaleB(x, k);
        if (!double.IsFinite(x) || x == 0 || (double.IsFinite(y) && Math.Abs(y) > SmallestNormal))
        {
            return (y, y);
        }

        return (Math.BitDecrement(y), Math.BitIncrement(y));
    }

    private const double SmallestNormal = 2.2250738585072014E-308; // 2^−1022

    private static void CheckNotNaN(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            throw new ArgumentException("NaN has no value.");
        }
    }

    // The sign of (exact result − rounded result), or Unknown.
    private enum Error
    {
        None,
        Positive,
        Negative,
        Unknown,
    }

    // s = RN(a + b). Knuth's TwoSum: err = (a + b) − s exactly when no intermediate overflows.
    private static Error Sum(double a, double b, double s)
    {
        if (!double.IsFinite(s))
        {
            if (double.IsNaN(s))
            {
                throw new ArgumentException($"The sum {a} + {b} has no value.");
            }

            // An infinite operand gives an exact infinite endpoint; finite operands mean overflow.
            return double.IsFinite(a) && double.IsFinite(b) ? Error.Unknown : Error.None;
        }

        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        if (!double.IsFinite(err))
        {
            return Error.Unknown;
        }

        return err > 0 ? Error.Positive : err < 0 ? Error.Negative : Error.None;
    }

    // p = RN(a·b) for non-zero a, b.
    private static Error Product(double a, double b, double p)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b))
        {
            return Error.None; // ±∞ times a non-zero number: an exact infinite endpoint.
        }

        if (double.IsInfinity(p))
        {
            return Error.Unknown; // overflow
        }

        if (p == 0)
        {
            // Underflow to zero: the exact product is non-zero with the sign of a·b.
            return (a > 0) == (b > 0) ? Error.Positive : Error.Negative;
        }

        if (!HardwareFma)
        {
            return Error.Unknown;
        }

        double e = Math.FusedMultiplyAdd(a, b, -p); // RN(a·b − p)
        if (e > 0)
        {
            return Error.Positive;
        }

        if (e < 0)
        {
            return Error.Negative;
        }

        return double.IsNormal(a) && double.IsNormal(b) && Math.Abs(p) >= ExactnessFloor ? Error.None : Error.Unknown;
    }

    private static double Quotient(double x, double y, out Error error)
    {
        if (y == 0 || double.IsNaN(x) || double.IsNaN(y) || (double.IsInfinity(x) && double.IsInfinity(y)))
        {
            throw new ArgumentException($"The quotient {x} / {y} has no value.");
        }

        error = Error.None;
        if (x == 0 || double.IsInfinity(y))
        {
            return 0.0;
        }

        double q = x / y;
        if (double.IsInfinity(x))
        {
            return q; // exact infinite endpoint
        }

        if (double.IsInfinity(q))
        {
            error = Error.Unknown; // overflow
            return q;
        }

        bool positive = (x > 0) == (y > 0);
        if (q == 0)
        {
            error = positive ? Error.Positive : Error.Negative;
            return q;
        }

        if (!HardwareFma)
        {
            error = Error.Unknown;
            return q;
        }

        // r = RN(q·y − x); q·y − x = y·(q − x/y), so sign(x/y − q) = −sign(r)·sign(y).
        double r = Math.FusedMultiplyAdd(q, y, -x);
        if (r != 0)
        {
            error = (r > 0) == (y > 0) ? Error.Negative : Error.Positive;
            return q;
        }

        error = double.IsNormal(q) && double.IsNormal(y) && Math.Abs(x) >= ExactnessFloor ? Error.None : Error.Unknown;
        return q;
    }

    private static double Root(double x, out Error error)
    {
        if (!(x >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "The square root needs a number ≥ 0.");
        }

        error = Error.None;
        double s = Math.Sqrt(x);
        if (x == 0 || double.IsPositiveInfinity(x))
        {
            return s;
        }

        if (!HardwareFma)
        {
            error = Error.Unknown;
            return s;
        }

        double r = Math.FusedMultiplyAdd(s, s, -x); // RN(s² − x), s ≥ 0: sign(s − √x)
        error = r > 0 ? Error.Negative
              : r < 0 ? Error.Positive
              : x >= ExactnessFloor ? Error.None : Error.Unknown;
        return s;
    }
}
