using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Tests.Kernels;

/// <summary>OpenBLAS GEMM against a naive triple loop, row-major, with strides, for all transpose combinations.</summary>
public sealed class GemmTests
{
    private static readonly object[] Shapes =
    [
        new object[] { 1, 1, 1 },
        new object[] { 3, 5, 7 },
        new object[] { 7, 3, 5 },
        new object[] { 13, 17, 19 },
        new object[] { 33, 1, 65 },
        new object[] { 1, 31, 9 },
        new object[] { 64, 67, 129 },
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var shape in Shapes.Cast<object[]>())
        {
            foreach (var ta in new[] { false, true })
            {
                foreach (var tb in new[] { false, true })
                {
                    yield return new TestCaseData(ta, tb, shape[0], shape[1], shape[2])
                        .SetArgDisplayNames($"A{(ta ? "ᵀ" : "")}·B{(tb ? "ᵀ" : "")}", $"m={shape[0]}", $"n={shape[1]}", $"k={shape[2]}");
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Gemm_matches_a_naive_triple_loop_and_leaves_the_padding_alone(bool ta, bool tb, int m, int n, int k)
    {
        var kernels = TestBackends.OpenBlasKernels();
        var random = new Random((m * 10007) + (n * 101) + k + (ta ? 1 : 0) + (tb ? 2 : 0));

        // Padded strides, so that a layout or stride mistake reads or writes the padding.
        GemmCheck.AgainstNaive(kernels, ta, tb, m, n, k, 1.25, -0.5, random, "openblas");
    }

    [Test]
    public void With_beta_zero_C_is_not_read_so_NaN_there_does_not_leak()
    {
        var kernels = TestBackends.OpenBlasKernels();
        double[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        var c = new[] { double.NaN, double.NaN, double.NaN, double.NaN };

        kernels.Gemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);

        Assert.That(c, Is.EqualTo(new double[] { 19, 22, 43, 50 }));
    }

    [Test]
    public void With_k_zero_C_is_only_scaled_by_beta()
    {
        var kernels = TestBackends.OpenBlasKernels();
        double[] c = [1, 2, 3, 4, 5, 6];

        kernels.Gemm(false, false, 2, 3, 0, 1, [], 1, [], 3, 2, c, 3);

        Assert.That(c, Is.EqualTo(new double[] { 2, 4, 6, 8, 10, 12 }));
    }

    [Test]
    public void Spans_too_short_for_their_shape_are_rejected_before_the_native_call()
    {
        var kernels = TestBackends.OpenBlasKernels();
        var a = new double[6];
        var b = new double[6];
        var c = new double[4];

        Assert.Multiple(() =>
        {
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 3, 1, a.AsSpan(0, 5), 3, b, 2, 0, c, 2), Throws.ArgumentException.With.Message.Contains("needs 6"));
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c.AsSpan(0, 3), 2), Throws.ArgumentException.With.Message.Contains("needs 4"));
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => kernels.Gemm(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, c, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 2, 1, c, 2, b, 2, 0, c, 2), Throws.ArgumentException.With.Message.Contains("overlaps"));
        });
    }

    [Test]
    public void Without_OpenBLAS_the_kernels_are_unavailable_and_the_reason_says_how_to_install_it()
    {
        bool created = MatrixKernels.TryCreateOpenBlas(["/nonexistent/libopenblas.so.0"], out IMatrixKernels? kernels, out var reason);

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.False);
            Assert.That(kernels, Is.Null);
            Assert.That(reason, Does.Contain("apt-get install libopenblas0-pthread"));
        });
    }
}
