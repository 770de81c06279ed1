using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Tests.Kernels;

/// <summary>
/// The ordered product against the scalar loop it promises to reproduce bit for bit (s = bias; s += a·b in order of
/// k), on sizes around its tiles (4 rows, one and two vectors of columns), with row strides, with and without a
/// bias, and large enough to be split between threads.
/// </summary>
public sealed class OrderedProductTests
{
    private static readonly int[][] Shapes =
    [
        [1, 1, 1],
        [1, 9, 3],
        [3, 5, 7],
        [4, 8, 2],
        [5, 17, 11],
        [7, 3, 0],
        [13, 33, 19],
        [64, 256, 128],
        [301, 70, 45],
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Shapes.SelectMany(s => new[] { true, false }.Select(bias =>
            new TestCaseData(s[0], s[1], s[2], bias).SetArgDisplayNames($"m={s[0]}", $"n={s[1]}", $"k={s[2]}", bias ? "bias" : "no bias")));

    [TestCaseSource(nameof(Cases))]
    public void Every_entry_is_bit_for_bit_the_scalar_loop_and_the_padding_is_untouched(int m, int n, int k, bool withBias)
    {
        var random = new Random((m * 7919) + (n * 31) + k + (withBias ? 1 : 0));
        int lda = k + 2, ldb = n + 3, ldc = n + 1;

        // Magnitudes spread over many binades, so that any change of summation order or a fused multiply–add
        // would change low-order bits somewhere.
        double Draw() => (random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-20, 21));
        var a = Enumerable.Range(0, Math.Max(1, m * lda)).Select(_ => Draw()).ToArray();
        var b = Enumerable.Range(0, Math.Max(1, k * ldb)).Select(_ => Draw()).ToArray();
        double[]? bias = withBias ? [.. Enumerable.Range(0, n).Select(_ => Draw())] : null;
        const double Padding = 12345.5;
        var c = Enumerable.Repeat(Padding, m * ldc).ToArray();

        OrderedProduct.Multiply(m, n, k, a, lda, b, ldb, bias, c, ldc);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                if (j >= n)
                {
                    Assert.That(c[(i * ldc) + j], Is.EqualTo(Padding), $"padding C[{i},{j}] was written");
                    continue;
                }

                double s = bias?[j] ?? 0.0;
                for (int p = 0; p < k; p++)
                {
                    s += a[(i * lda) + p] * b[(p * ldb) + j];
                }

                Assert.That(BitConverter.DoubleToInt64Bits(c[(i * ldc) + j]), Is.EqualTo(BitConverter.DoubleToInt64Bits(s)),
                    $"C[{i},{j}] = {c[(i * ldc) + j]:R}, the scalar loop gives {s:R}");
            }
        }
    }

    [Test]
    public void Short_arrays_and_small_strides_are_refused()
    {
        var a = new double[6];
        var b = new double[6];
        var c = new double[4];
        Assert.Multiple(() =>
        {
            Assert.Catch<ArgumentException>(() => OrderedProduct.Multiply(2, 2, 3, a, 2, b, 2, null, c, 2), "lda < k");
            Assert.Catch<ArgumentException>(() => OrderedProduct.Multiply(2, 2, 3, a, 3, b, 1, null, c, 2), "ldb < n");
            Assert.Catch<ArgumentException>(() => OrderedProduct.Multiply(2, 3, 3, a, 3, b, 3, null, new double[6], 3), "B needs 9 entries");
            Assert.Catch<ArgumentException>(() => OrderedProduct.Multiply(3, 2, 2, a, 2, b, 2, null, c, 2), "C needs 6 entries");
            Assert.Catch<ArgumentException>(() => OrderedProduct.Multiply(2, 2, 2, a, 2, b, 2, [1.0], c, 2), "bias too short");
        });
    }
}
