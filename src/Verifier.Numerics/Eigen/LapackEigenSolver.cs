using System.Globalization;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Eigen;

/// <summary>Which LAPACK driver <see cref="LapackEigenSolver"/> calls.</summary>
public enum LapackDriver
{
    /// <summary>The faster one for the request, as measured: see <see cref="LapackEigenSolver"/>.</summary>
    Auto,

    /// <summary><c>dsyevd</c>: tridiagonal QR/root-free QL for eigenvalues only, divide and conquer for eigenvectors.</summary>
    Syevd,

    /// <summary><c>dsyevr</c>: relatively robust representations (MRRR); O(n) workspace for eigenvectors, but less orthogonal ones.</summary>
    Syevr,
}

/// <summary>
/// The native backend: LAPACK's symmetric eigen-drivers from OpenBLAS, called through function pointers
/// (no compile-time link). Create it with <see cref="EigenSolvers.TryCreateLapack(out ISymmetricEigenSolver?, out string)"/>.
/// </summary>
/// <remarks>
/// <para>LAPACK is column-major. A row-major n×n array read as column-major is its transpose, so the lower
/// triangle of the row-major matrix is the upper triangle LAPACK sees ("U"), and a symmetric matrix passes
/// as it is. The input is copied first: the drivers overwrite their argument.</para>
/// <para>OpenBLAS runs its routines on one worker thread per core by default (the environment variable
/// OPENBLAS_NUM_THREADS limits it).</para>
/// </remarks>
public sealed unsafe class LapackEigenSolver : ISymmetricEigenSolver
{
    /// <summary>The name reported in output.</summary>
    public const string BackendName = "lapack";

    private readonly OpenBlasLibrary _library;

    internal LapackEigenSolver(OpenBlasLibrary library, LapackDriver driver)
    {
        _library = library;
        Driver = driver;
    }

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <summary>The driver requested (<see cref="LapackDriver.Auto"/>: see <see cref="DriverFor"/>).</summary>
    public LapackDriver Driver { get; }

    /// <summary>The loaded library, its version and thread count, in words.</summary>
    public string LibraryDescription => _library.Description;

    /// <summary>
    /// The driver that runs for a request under <see cref="LapackDriver.Auto"/>: dsyevd, with or without
    /// eigenvectors. For eigenvalues only it runs the root-free QR on the tridiagonal matrix, the cheapest way
    /// to all of them. With eigenvectors its divide and conquer was as fast as dsyevr's MRRR or faster here
    /// (n = 1000 to 2000) and its eigenvectors were orthogonal to ~1.4·n·ε against dsyevr's ~80·n·ε,
    /// for n² doubles more workspace.
    /// </summary>
    public LapackDriver DriverFor(bool vectors) => Driver != LapackDriver.Auto ? Driver : LapackDriver.Syevd;

    /// <inheritdoc/>
    public double[] Eigenvalues(double[,] a) => Decompose(a, vectors: false).Values;

    /// <inheritdoc/>
    /// <remarks>dsyevd works on <paramref name="a"/> itself (no n² working copy), with the same driver and result.</remarks>
    public double[] EigenvaluesOverwriting(double[,] a)
    {
        int n = SymmetricInput.Validate(a);
        return n == 0 ? [] : Syevd(a, n, vectors: false, overwrite: true).Values;
    }

    /// <inheritdoc/>
    /// <exception cref="ArithmeticException">The driver did not converge (LAPACK's info &gt; 0).</exception>
    public SymmetricEigenDecomposition Decompose(double[,] a, bool vectors = false)
    {
        int n = SymmetricInput.Validate(a);
        if (n == 0)
        {
            return new SymmetricEigenDecomposition([], vectors ? new double[0, 0] : null);
        }

        return DriverFor(vectors) == LapackDriver.Syevr ? Syevr(a, n, vectors) : Syevd(a, n, vectors, overwrite: false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// dsyevd: the working copy (which becomes the eigenvectors) plus, with vectors, its workspace of
    /// 1 + 6n + 2n² doubles. dsyevr: the working copy, plus the separate eigenvector matrix with vectors;
    /// its workspace is O(n).
    /// </remarks>
    public long WorkspaceBytes(int n, bool vectors)
    {
        long matrix = SymmetricInput.MatrixBytes(n);
        // Eigenvalues, integer workspace and the O(n) part of the optimal workspace, which includes the
        // tridiagonal reduction's n·nb block (nb = 32 in OpenBLAS; 64 allows for other tunings) and dsyevr's 26n.
        long linear = 8L * 96 * (n + 1);
        return DriverFor(vectors) switch
        {
            LapackDriver.Syevr => (vectors ? 2 * matrix : matrix) + linear,
            _ => (vectors ? 3 * matrix : matrix) + linear,
        };
    }

    private SymmetricEigenDecomposition Syevd(double[,] a, int n, bool vectors, bool overwrite)
    {
        // With vectors the working copy is a row-major array whose rows come back as the eigenvectors
        // (column-major columns), transposed in place at the end; without, a plain buffer, or the input itself
        // when the caller allows it to be overwritten.
        var values = new double[n];
        double[,]? z = vectors ? (double[,])a.Clone() : overwrite ? a : null;
        double[]? buffer = vectors || overwrite ? null : CopyOf(a, n);
        byte jobz = vectors ? (byte)'V' : (byte)'N', uplo = (byte)'U';
        int nn = n, lda = n, info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double workQuery = 0;
        fixed (double* pz = z)
        fixed (double* pb = buffer)
        fixed (double* w = values)
        {
            double* pa = z is not null ? pz : pb;
            _library.Dsyevd(&jobz, &uplo, &nn, pa, &lda, w, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1);
            Check("dsyevd", "workspace query", info);
            lwork = WorkspaceSize(workQuery, "dsyevd", n);
            liwork = Math.Max(1, iworkQuery);
            var work = GC.AllocateUninitializedArray<double>(lwork);
            var iwork = GC.AllocateUninitializedArray<int>(liwork);
            fixed (double* pw = work)
            fixed (int* piw = iwork)
            {
                _library.Dsyevd(&jobz, &uplo, &nn, pa, &lda, w, pw, &lwork, piw, &liwork, &info, 1, 1);
            }
        }

        Check("dsyevd", $"n = {n}", info);
        if (vectors)
        {
            SymmetricInput.TransposeInPlace(z!);
        }

        return new SymmetricEigenDecomposition(values, vectors ? z : null);
    }

    private SymmetricEigenDecomposition Syevr(double[,] a, int n, bool vectors)
    {
        var values = new double[n];
        var buffer = CopyOf(a, n);
        var z = vectors ? new double[n, n] : null;
        var isuppz = new int[2 * n];
        byte jobz = vectors ? (byte)'V' : (byte)'N', range = (byte)'A', uplo = (byte)'U';
        int nn = n, lda = n, ldz = n, il = 0, iu = 0, found = 0, info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double vl = 0, vu = 0, abstol = 0, workQuery = 0;
        fixed (double* pa = buffer)
        fixed (double* pz = z)
        fixed (double* w = values)
        fixed (int* ps = isuppz)
        {
            // With jobz = 'N' the eigenvector argument is not referenced, but must still be a valid pointer.
            double* zp = vectors ? pz : pa;
            _library.Dsyevr(&jobz, &range, &uplo, &nn, pa, &lda, &vl, &vu, &il, &iu, &abstol, &found, w, zp, &ldz, ps,
                &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1, 1);
            Check("dsyevr", "workspace query", info);
            lwork = WorkspaceSize(workQuery, "dsyevr", n);
            liwork = Math.Max(1, iworkQuery);
            var work = GC.AllocateUninitializedArray<double>(lwork);
            var iwork = GC.AllocateUninitializedArray<int>(liwork);
            fixed (double* pw = work)
            fixed (int* piw = iwork)
            {
                _library.Dsyevr(&jobz, &range, &uplo, &nn, pa, &lda, &vl, &vu, &il, &iu, &abstol, &found, w, zp, &ldz, ps,
                    pw, &lwork, piw, &liwork, &info, 1, 1, 1);
            }
        }

        Check("dsyevr", $"n = {n}", info);
        if (found != n)
        {
            throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture, $"LAPACK dsyevr returned {found} of {n} eigenvalues."));
        }

        if (z is not null)
        {
            SymmetricInput.TransposeInPlace(z); // column-major eigenvectors → row-major columns
        }

        return new SymmetricEigenDecomposition(values, z);
    }

    private static double[] CopyOf(double[,] a, int n)
    {
        var copy = GC.AllocateUninitializedArray<double>(n * n);
        fixed (double* source = a)
        {
            new ReadOnlySpan<double>(source, n * n).CopyTo(copy);
        }

        return copy;
    }

    private static int WorkspaceSize(double query, string routine, int n)
    {
        // LAPACK reports the optimal size as a double; round up so a size just below an integer is not cut short.
        double size = Math.Ceiling(query);
        if (!(size >= 1) || size > int.MaxValue)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"LAPACK {routine} needs a workspace of {query} doubles for n = {n}, beyond what its 32-bit integer interface can address."));
        }

        return (int)size;
    }

    private static void Check(string routine, string context, int info)
    {
        if (info < 0)
        {
            // An illegal argument is a bug in this wrapper, never the caller's input.
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"LAPACK {routine} rejected argument {-info} ({context}): a bug in the native eigen backend."));
        }

        if (info > 0)
        {
            throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture,
                $"LAPACK {routine} failed to converge ({context}, info = {info})."));
        }
    }
}
