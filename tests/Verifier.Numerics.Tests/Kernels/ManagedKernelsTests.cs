using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Tests.Kernels;

/// <summary>
/// The managed GEMM against a naive triple loop, row-major with strides, for every transpose combination, both
/// micro-kernels (512-bit where the processor has it, and 256-bit) and one to three threads.
/// </summary>
public sealed class ManagedKernelsTests
{
    // Sizes around the register tiles (8×24, 4×12) and the cache blocks (k 192, m 96 or 48, n 2016 or 1008),
    // and products large enough to be split between threads.
    private static readonly int[][] Shapes =
    [
        [1, 1, 1],
        [3, 5, 7],
        [7, 3, 5],
        [8, 24, 1],
        [9, 25, 2],
        [13, 17, 19],
        [33, 1, 65],
        [1, 31, 9],
        [64, 67, 129],
        [97, 50, 193],
        [121, 130, 400],
        [20, 2030, 30],
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var shape in Shapes)
        {
            foreach (var ta in new[] { false, true })
            {
                foreach (var tb in new[] { false, true })
                {
                    foreach (var wide in new[] { true, false })
                    {
                        yield return new TestCaseData(ta, tb, shape[0], shape[1], shape[2], wide)
                            .SetArgDisplayNames($"A{(ta ? "ᵀ" : "")}·B{(tb ? "ᵀ" : "")}", $"m={shape[0]}", $"n={shape[1]}", $"k={shape[2]}", wide ? "512-bit" : "256-bit");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Gemm_matches_a_naive_triple_loop_and_leaves_the_padding_alone(bool ta, bool tb, int m, int n, int k, bool wide)
    {
        var random = new Random((m * 10007) + (n * 101) + k + (ta ? 1 : 0) + (tb ? 2 : 0));
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var kernels = new ManagedMatrixKernels(threads, wide);
            GemmCheck.AgainstNaive(kernels, ta, tb, m, n, k, 1.25, -0.5, random, $"{kernels.MicroKernel}, {kernels.MaxThreads} threads");
        }
    }

    [Property(MaxTest = 60)]
    public Property Gemm_matches_a_naive_triple_loop_for_random_shapes_strides_and_scalars()
    {
        var shapes =
            from m in Gen.Choose(1, 40)
            from n in Gen.Choose(1, 60)
            from k in Gen.Choose(0, 50)
            from ta in Gen.Elements(false, true)
            from tb in Gen.Elements(false, true)
            from alpha in Gen.Elements(1.0, -2.0, 0.5, 0.0)
            from beta in Gen.Elements(0.0, 1.0, -0.75)
            from seed in Gen.Choose(0, 1 << 20)
            select (m, n, k, ta, tb, alpha, beta, seed);
        return Prop.ForAll(Arb.From(shapes), s =>
        {
            GemmCheck.AgainstNaive(new ManagedMatrixKernels(2), s.ta, s.tb, s.m, s.n, s.k, s.alpha, s.beta, new Random(s.seed), "2 threads");
            return true;
        });
    }

    [Test]
    public void The_result_does_not_depend_on_the_number_of_threads()
    {
        // Each entry receives its k products in an order fixed by the blocking, whatever the split of C.
        var random = new Random(7);
        int m = 150, n = 260, k = 300;
        var a = Matrices.RandomVector(m * k, random);
        var b = Matrices.RandomVector(k * n, random);
        var reference = new double[m * n];
        new ManagedMatrixKernels(1).Gemm(false, true, m, n, k, 1, a, k, b.AsSpan(0, n * k), k, 0, reference, n);
        foreach (int threads in new[] { 2, 3, 5 })
        {
            var c = new double[m * n];
            new ManagedMatrixKernels(threads).Gemm(false, true, m, n, k, 1, a, k, b.AsSpan(0, n * k), k, 0, c, n);
            Assert.That(c, Is.EqualTo(reference), $"{threads} threads");
        }
    }

    [Test]
    public void With_beta_zero_C_is_not_read_so_NaN_there_does_not_leak()
    {
        double[] a = [1, 2, 3, 4], b = [5, 6, 7, 8];
        var c = new[] { double.NaN, double.NaN, double.NaN, double.NaN };

        ManagedMatrixKernels.Default.Gemm(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2);

        Assert.That(c, Is.EqualTo(new double[] { 19, 22, 43, 50 }));
    }

    [Test]
    public void With_k_zero_or_alpha_zero_C_is_only_scaled_by_beta()
    {
        double[] c = [1, 2, 3, 4, 5, 6];
        double[] d = [1, 2, 3, 4, 5, 6];
        double[] a = [double.NaN, 1, 1, 1], b = [1, 1, 1, 1, 1, 1];

        ManagedMatrixKernels.Default.Gemm(false, false, 2, 3, 0, 1, [], 1, [], 3, 2, c, 3);
        ManagedMatrixKernels.Default.Gemm(false, false, 2, 3, 2, 0, a, 2, b, 3, -1, d, 3);

        Assert.Multiple(() =>
        {
            Assert.That(c, Is.EqualTo(new double[] { 2, 4, 6, 8, 10, 12 }));
            Assert.That(d, Is.EqualTo(new double[] { -1, -2, -3, -4, -5, -6 }), "α = 0 does not read A (NaN there)");
        });
    }

    [Test]
    public void Bad_sizes_strides_and_overlapping_output_are_rejected()
    {
        var kernels = ManagedMatrixKernels.Default;
        var a = new double[6];
        var b = new double[6];
        var c = new double[4];

        Assert.Multiple(() =>
        {
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 3, 1, a.AsSpan(0, 5), 3, b, 2, 0, c, 2), Throws.ArgumentException.With.Message.Contains("needs 6"));
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c.AsSpan(0, 3), 2), Throws.ArgumentException.With.Message.Contains("needs 4"));
            Assert.That(() => kernels.Gemm(true, false, 2, 2, 3, 1, a, 1, b, 2, 0, c, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => kernels.Gemm(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, c, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => kernels.Gemm(false, false, 2, 2, 2, 1, c, 2, b, 2, 0, c, 2), Throws.ArgumentException.With.Message.Contains("overlaps"));
            Assert.That(() => new ManagedMatrixKernels(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void The_backend_reports_its_name_and_micro_kernel()
    {
        var narrow = new ManagedMatrixKernels(1, allowVector512: false);

        Assert.Multiple(() =>
        {
            Assert.That(narrow.Name, Is.EqualTo("managed"));
            Assert.That(narrow.MicroKernel, Does.Contain("Vector256"));
            Assert.That(narrow.MaxThreads, Is.EqualTo(1));
        });
    }
}
