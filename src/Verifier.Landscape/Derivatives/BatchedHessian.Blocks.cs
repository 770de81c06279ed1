using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Verifier.Numerics.Kernels;

namespace Verifier.Landscape.Derivatives;

public sealed partial class BatchedHessian
{
    // The dense part of K (every term but diag(C_l) in a diagonal block) is formed as explicit Jacobian rows
    // (one product of P_l×P_m outputs per rank) when its per-sample rank is at most this; otherwise through the
    // Kronecker form (one product for all ranks, plus forming K and scattering the result).
    private const int LowRankLimit = 2;

    // Largest Jacobian-form operand (doubles): 32 MB.
    private const int LowRankBudget = 1 << 22;

    // Layers with at least this many inputs are formed one unit at a time, products written straight into H
    // (each G entry then serves as many multiply–adds as there are inputs); narrower ones in the Kronecker form.
    private const int WideInput = 16;

    // Largest G chunk of the wide-input form (doubles): 4 MB.
    private const int WideInputBudget = 1 << 19;

    // The curvature part of block (l, m), l ≤ m: H[(r,c),(r′,c′)] += Σᵢ ã_{l−1}[c]·ã_{m−1}[c′]·K[r,r′],
    // K = Σ_{j ≥ m} M_{j,l}ᵀ·diag(C_j)·M_{j,m}. The strategy depends on the per-sample rank of K's dense part
    // (every term but diag(C_l) in a diagonal block) and on the width of layer l's input. Blocks (l, l) and
    // (l, l+1) share their terms j ≥ l+1, so in low rank both are formed by one stream of products. Returns
    // true when the bilinear part of the block was formed with it.
    private bool CurvatureBlock(Passes s, double[,] h, int l, int m, CancellationToken cancellation)
    {
        int rank = 0;
        for (int j = Math.Max(m, l + 1); j <= s.Depth; j++)
        {
            rank += s.Widths[j];
        }

        if (rank > LowRankLimit)
        {
            if (s.Widths[l - 1] >= WideInput)
            {
                WideInputBlock(s, h, l, m, cancellation);
                return true;
            }

            KroneckerBlock(s, h, l, m, diagonalOnly: false, cancellation);
        }
        else if (l == m)
        {
            if (rank > 0)
            {
                LowRankBlock(s, h, l, l, l + 1, cancellation);
            }

            DiagonalTerm(s, h, l, cancellation);
        }
        else if (m > l + 1)
        {
            LowRankBlock(s, h, l, m, m, cancellation);
        }

        return false;
    }

    // Block (l, m) for a wide input of layer l, one product per unit r of layer l written straight into H:
    // H[(r,c), (r′,c′)] = Σᵢ ã_{l−1}[c]·G_i[r; (r′,c′)] with G_i[r; (r′,c′)] = K_i[r,r′]·ã_{m−1}[c′] plus, for l < m,
    // the bilinear coupling δ_m[r′]·(∂a_{m−1}/∂z_l)[c′, r] on the weights of layer m. In a diagonal block row r
    // needs the weights of units r′ ≥ r and every bias (all of them lie in the upper triangle).
    private void WideInputBlock(Passes s, double[,] h, int l, int m, CancellationToken cancellation)
    {
        int n = s.N, p = s.ParameterCount;
        int nl = s.Widths[l], nIn = s.Widths[l - 1], el = s.InputWidths[l - 1];
        int nm = s.Widths[m], nPrev = s.Widths[m - 1], em = s.InputWidths[m - 1];
        int pm = nm * em, weightEnd = nm * nPrev;
        bool diagonal = l == m, adjacent = m == l + 1;
        int chunk = Math.Min(pm, Math.Max(24, WideInputBudget / n));
        var k = Workspace(n * nm);
        var coupling = diagonal || adjacent ? [] : Workspace(n * nPrev);
        var g = Workspace(n * chunk);
        var product = s.Bias ? Workspace(el * chunk) : [];
        var inputL = s.Inputs[l - 1];
        var inputM = s.Inputs[m - 1];
        var delta = s.Delta[m];
        for (int r = 0; r < nl; r++)
        {
            cancellation.ThrowIfCancellationRequested();
            int unit = r;
            Parallelism.ForRanges(n, (long)nm * (2 + s.Depth - m), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
            {
                for (int i = i0; i < i1; i++)
                {
                    KRow(s, l, m, i, unit, k.AsSpan(i * nm, nm));
                    if (coupling.Length > 0)
                    {
                        // (∂a_{m−1}/∂z_l)[c′, r] = φ′_{m−1}[c′]·M_{m−1,l}[c′, r].
                        var phi = s.D1[m - 1].AsSpan(i * nPrev, nPrev);
                        var jac = s.Jacobians[m - 1][l].AsSpan(i * nPrev * nl, nPrev * nl);
                        for (int cp = 0; cp < nPrev; cp++)
                        {
                            coupling[(i * nPrev) + cp] = phi[cp] * jac[(cp * nl) + unit];
                        }
                    }
                }
            });

            int colStart = diagonal ? r * nPrev : 0;
            for (int q0 = colStart; q0 < pm; q0 += chunk)
            {
                int q1 = Math.Min(pm, q0 + chunk), width = q1 - q0;
                Parallelism.ForRanges(n, width, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
                {
                    for (int i = i0; i < i1; i++)
                    {
                        var row = g.AsSpan(i * width, width);
                        var ki = k.AsSpan(i * nm, nm);
                        var am = inputM.AsSpan(i * em, nPrev);
                        for (int q = q0; q < Math.Min(q1, weightEnd);)
                        {
                            int rp = q / nPrev, cp = q - (rp * nPrev), run = Math.Min(nPrev - cp, q1 - q);
                            var target = row.Slice(q - q0, run);
                            Scale(target, am.Slice(cp, run), ki[rp]);
                            if (adjacent)
                            {
                                if (unit >= cp && unit < cp + run)
                                {
                                    target[unit - cp] += delta[(i * nm) + rp] * s.D1[l][(i * nl) + unit];
                                }
                            }
                            else if (!diagonal)
                            {
                                AddScaled(target, coupling.AsSpan((i * nPrev) + cp, run), delta[(i * nm) + rp]);
                            }

                            q += run;
                        }

                        for (int q = Math.Max(q0, weightEnd); q < q1; q++)
                        {
                            row[q - q0] = ki[q - weightEnd];
                        }
                    }
                });

                // Rows (r, c) of the weights are consecutive in H and take the product directly; with biases the
                // bias row of unit r lies elsewhere, so the product (weights and bias rows) goes through a buffer.
                var flat = MemoryMarshal.CreateSpan(ref h[0, 0], p * p);
                int column = s.Offsets[m] + q0;
                if (!s.Bias)
                {
                    _kernels.Gemm(true, false, nIn, width, n, 1.0, inputL, el, g, width, 0.0, flat[((s.Index(l, r, 0) * p) + column)..], p);
                    continue;
                }

                _kernels.Gemm(true, false, el, width, n, 1.0, inputL, el, g, width, 0.0, product, width);
                for (int c = 0; c < nIn; c++)
                {
                    product.AsSpan(c * width, width).CopyTo(flat.Slice((s.Index(l, r, c) * p) + column, width));
                }

                // The bias row of unit r, on the columns above the diagonal.
                int first = diagonal ? Math.Max(q0, weightEnd + r) : q0;
                if (first < q1)
                {
                    product.AsSpan((nIn * width) + first - q0, q1 - first).CopyTo(flat.Slice((s.Index(l, r, nIn) * p) + s.Offsets[m] + first, q1 - first));
                }
            }
        }
    }

    // K_i[r, r′] for every r′ of layer m: [l = m]·[r′ = r]·C_m[r] or, for l < m, M_{m,l}[r′, r]·C_m[r′], plus
    // Σ_{j > m} Σ_t M_{j,l}[t, r]·C_j[t]·M_{j,m}[t, r′].
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KRow(Passes s, int l, int m, int i, int r, Span<double> k)
    {
        int nl = s.Widths[l], nm = s.Widths[m];
        var cm = s.Curvature[m].AsSpan(i * nm, nm);
        if (l == m)
        {
            k.Clear();
            k[r] = cm[r];
        }
        else
        {
            var mml = s.Jacobians[m][l].AsSpan(i * nm * nl, nm * nl);
            for (int rp = 0; rp < nm; rp++)
            {
                k[rp] = mml[(rp * nl) + r] * cm[rp];
            }
        }

        AddLayersAbove(s, l, m, i, r, 0, nm, k);
    }

    // k[r′ − sr] += Σ_{j > m} Σ_t M_{j,l}[t, r]·C_j[t]·M_{j,m}[t, r′] for r′ in [sr, er): the layers above m in K_i[r, ·].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLayersAbove(Passes s, int l, int m, int i, int r, int sr, int er, Span<double> k)
    {
        int nl = s.Widths[l], nm = s.Widths[m];
        for (int j = m + 1; j <= s.Depth; j++)
        {
            int nj = s.Widths[j];
            var cj = s.Curvature[j].AsSpan(i * nj, nj);
            var mjl = s.Jacobians[j][l].AsSpan(i * nj * nl, nj * nl);
            var mjm = s.Jacobians[j][m].AsSpan(i * nj * nm, nj * nm);
            for (int t = 0; t < nj; t++)
            {
                double coefficient = mjl[(t * nl) + r] * cj[t];
                if (coefficient != 0.0)
                {
                    AddScaled(k, mjm.Slice((t * nm) + sr, er - sr), coefficient);
                }
            }
        }
    }

    // The j = m term of a diagonal block, diag(C_l): H[(r,c),(r,c′)] += Σᵢ C_l[r]·ã_{l−1}[c]·ã_{l−1}[c′], one
    // small symmetric block per unit r. Through the Kronecker form when the units outnumber the inputs (its
    // Khatri–Rao matrix is then the smaller operand), else one product per unit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DiagonalTerm(Passes s, double[,] h, int l, CancellationToken cancellation)
    {
        int n = s.N, p = s.ParameterCount, nl = s.Widths[l], el = s.InputWidths[l - 1];
        if (el <= nl)
        {
            KroneckerBlock(s, h, l, l, diagonalOnly: true, cancellation);
            return;
        }

        var input = s.Inputs[l - 1];
        var curvature = s.Curvature[l];
        var weighted = Workspace(n * el);
        var block = Workspace(el * el);
        var index = new int[el];
        for (int r = 0; r < nl; r++)
        {
            cancellation.ThrowIfCancellationRequested();
            int unit = r;
            Parallelism.ForRanges(n, el, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
            {
                for (int i = i0; i < i1; i++)
                {
                    Scale(weighted.AsSpan(i * el, el), input.AsSpan(i * el, el), curvature[(i * nl) + unit]);
                }
            });
            _kernels.Gemm(true, false, el, el, n, 1.0, input, el, weighted, el, 0.0, block, el);
            for (int c = 0; c < el; c++)
            {
                index[c] = s.Index(l, r, c);
            }

            var flat = MemoryMarshal.CreateSpan(ref h[0, 0], p * p);
            for (int c = 0; c < el; c++)
            {
                var row = flat.Slice(index[c] * p, p);
                for (int cp = 0; cp < el; cp++)
                {
                    row[index[cp]] += block[(c * el) + cp];
                }
            }
        }
    }

    // The dense part of K in Jacobian form, for the blocks (l, m) with m from mFirst to mLast (which share their
    // terms j ≥ max(mFirst, l+1)). Every term (j, t) of rank one with weight w = C_j[t] gives the rows
    // u = √|w|·M_{j,l}[t,:] ⊗ ã_{l−1} and v = √|w|·M_{j,m}[t,:] ⊗ ã_{m−1} in parameter order, and
    // H_{l,m} += Σ sign(w)·uᵀv: rows of positive weight first, then negative ones, each group one stream of
    // products written straight into H (alpha = ±1). A diagonal block is uᵀu, upper triangle only.
    private void LowRankBlock(Passes s, double[,] h, int l, int mFirst, int mLast, CancellationToken cancellation)
    {
        int n = s.N, depth = s.Depth;
        int firstTerm = Math.Max(mFirst, l + 1), rank = 0;
        for (int j = firstTerm; j <= depth; j++)
        {
            rank += s.Widths[j];
        }

        // The columns beyond layer l itself: layers extraFirst … mLast, side by side as in θ.
        int extraFirst = mFirst == l ? l + 1 : mFirst;
        var columnStarts = new int[Math.Max(0, mLast - extraFirst + 1) + 1];
        for (int k = extraFirst; k <= mLast; k++)
        {
            columnStarts[k - extraFirst + 1] = columnStarts[k - extraFirst] + (s.Widths[k] * s.InputWidths[k - 1]);
        }

        int pl = s.Widths[l] * s.InputWidths[l - 1], pe = columnStarts[^1];
        int samples = Math.Clamp(LowRankBudget / ((pl + pe) * rank), 1, n);
        var u = Workspace(samples * rank * pl);
        var v = Workspace(samples * rank * pe);
        var slots = new int[samples * rank];
        for (int i0 = 0; i0 < n; i0 += samples)
        {
            cancellation.ThrowIfCancellationRequested();
            int i1 = Math.Min(n, i0 + samples);

            // Slots: positive weights from the front, negative ones from the back, zero weights dropped.
            int positive = 0, negative = 0;
            for (int i = i0, q = 0; i < i1; i++)
            {
                for (int j = firstTerm; j <= depth; j++)
                {
                    int nj = s.Widths[j];
                    for (int t = 0; t < nj; t++, q++)
                    {
                        double w = s.Curvature[j][(i * nj) + t];
                        slots[q] = w > 0 ? positive++ : w < 0 ? -1 - negative++ : int.MinValue;
                    }
                }
            }

            int used = positive + negative;
            Parallelism.ForRanges(i1 - i0, (long)rank * (pl + pe), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (a, b) =>
            {
                for (int i = i0 + a, q = a * rank; i < i0 + b; i++)
                {
                    for (int j = firstTerm; j <= depth; j++)
                    {
                        int nj = s.Widths[j];
                        for (int t = 0; t < nj; t++, q++)
                        {
                            if (slots[q] == int.MinValue)
                            {
                                continue;
                            }

                            int slot = slots[q] >= 0 ? slots[q] : used + slots[q];
                            double root = Math.Sqrt(Math.Abs(s.Curvature[j][(i * nj) + t]));
                            JacobianRow(s, l, i, j, t, root, u.AsSpan(slot * pl, pl));
                            for (int k = extraFirst; k <= mLast; k++)
                            {
                                int c0 = columnStarts[k - extraFirst], width = columnStarts[k - extraFirst + 1] - c0;
                                JacobianRow(s, k, i, j, t, root, v.AsSpan((slot * pe) + c0, width));
                            }
                        }
                    }
                }
            });

            foreach (var (first, count, alpha) in new[] { (0, positive, 1.0), (positive, negative, -1.0) })
            {
                if (count == 0)
                {
                    continue;
                }

                if (mFirst == l)
                {
                    new LowRankProduct(_kernels, h, u, first * pl, pl, u, first * pl, pl, count, alpha, s.Offsets[l], s.Offsets[l]).UpperTriangle(0, pl);
                }

                new LowRankProduct(_kernels, h, u, first * pl, pl, v, first * pe, pe, count, alpha, s.Offsets[l], s.Offsets[extraFirst])
                    .Rectangle(0, pl, 0, pe);
            }
        }
    }

    // H[RowOffset + r, ColumnOffset + c] += Alpha·Σ_q A[q, r]·B[q, c] over ranges of r and c (q < Inner rows of
    // A and B, stored from AStart and BStart with row strides Lda and Ldb), as products of the kernels.
    private readonly record struct LowRankProduct(
        IMatrixKernels Kernels, double[,] H, double[] A, int AStart, int Lda, double[] B, int BStart, int Ldb, int Inner, double Alpha,
        int RowOffset, int ColumnOffset)
    {
        // Squares of at most this order are formed whole (lower triangle included, which the mirror overwrites).
        private const int Leaf = 96;

        public void Rectangle(int r0, int r1, int c0, int c1)
        {
            if (r1 <= r0 || c1 <= c0)
            {
                return;
            }

            int p = H.GetLength(0);
            var flat = MemoryMarshal.CreateSpan(ref H[0, 0], p * p);
            Kernels.Gemm(true, false, r1 - r0, c1 - c0, Inner, Alpha, A.AsSpan(AStart + r0), Lda, B.AsSpan(BStart + c0), Ldb, 1.0,
                flat[(((RowOffset + r0) * p) + ColumnOffset + c0)..], p);
        }

        // The upper triangle of the square [start, start + size)² (A and B hold the same columns): the
        // off-diagonal quarter as one product, the two diagonal quarters recursively.
        public void UpperTriangle(int start, int size)
        {
            if (size <= Leaf)
            {
                Rectangle(start, start + size, start, start + size);
                return;
            }

            int half = size / 2;
            Rectangle(start, start + half, start + half, start + size);
            UpperTriangle(start, half);
            UpperTriangle(start + half, size - half);
        }
    }

    // One Jacobian-form row of layer k for sample i and term (j, t): weight·M_{j,k}[t, r]·ã_{k−1}[c] at the
    // parameter (r, c) of layer k, in parameter order (weights row-major, then biases). M_{k,k} = I.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void JacobianRow(Passes s, int k, int i, int j, int t, double weight, Span<double> row)
    {
        int nk = s.Widths[k], nIn = s.Widths[k - 1], ek = s.InputWidths[k - 1];
        var input = s.Inputs[k - 1].AsSpan(i * ek, nIn);
        var jac = j > k ? s.Jacobians[j][k].AsSpan(((i * s.Widths[j]) + t) * nk, nk) : default;
        for (int r = 0; r < nk; r++)
        {
            double coefficient = j > k ? weight * jac[r] : (r == t ? weight : 0.0);
            var weights = row.Slice(r * nIn, nIn);
            if (nIn >= Vector<double>.Count)
            {
                Scale(weights, input, coefficient);
            }
            else
            {
                for (int c = 0; c < weights.Length; c++)
                {
                    weights[c] = coefficient * input[c];
                }
            }

            if (s.Bias)
            {
                row[(nk * nIn) + r] = coefficient;
            }
        }
    }

    // The Kronecker form: products over the samples of X (columns (c, c′)) and K (columns (r, r′)), in chunks of
    // unit pairs (r, r′) and of input columns c that bound the work buffers, scattered into H. With
    // diagonalOnly (a diagonal block) only r′ = r and K = C_l; otherwise r′ ≥ r in diagonal blocks and every r′
    // off the diagonal, with the whole K.
    private void KroneckerBlock(Passes s, double[,] h, int l, int m, bool diagonalOnly, CancellationToken cancellation)
    {
        int n = s.N, depth = s.Depth, p = s.ParameterCount;
        int nl = s.Widths[l], nm = s.Widths[m];
        int el = s.InputWidths[l - 1], em = s.InputWidths[m - 1];
        bool diagonal = l == m;
        var shape = new PairShape(diagonal, diagonalOnly, nm);

        int cChunk = Math.Clamp(Math.Max(1, Budget / n) / em, 1, el);
        int pairsMax = Math.Max(1, Math.Min(Budget / n, Budget / (cChunk * em)));
        var chunks = new List<(int R0, int R1, int Pairs)>();
        for (int r = 0; r < nl;)
        {
            int r0 = r, pairs = 0;
            while (r < nl && (pairs == 0 || pairs + shape.Length(r) <= pairsMax))
            {
                pairs += shape.Length(r);
                r++;
            }

            chunks.Add((r0, r, pairs));
        }

        int maxPairs = chunks.Max(c => c.Pairs);
        var xt = Workspace(n * cChunk * em);
        var kt = Workspace(n * maxPairs);
        var product = Workspace(maxPairs * cChunk * em);
        long kWork = 1;
        for (int j = m + 1; !diagonalOnly && j <= depth; j++)
        {
            kWork += s.Widths[j];
        }

        for (int c0 = 0; c0 < el; c0 += cChunk)
        {
            int c1 = Math.Min(el, c0 + cChunk), columns = (c1 - c0) * em;
            KhatriRao(s, l, m, c0, c1, xt);
            foreach (var (r0, r1, pairs) in chunks)
            {
                cancellation.ThrowIfCancellationRequested();
                var bases = new int[r1 - r0];
                for (int r = r0, b = 0; r < r1; r++)
                {
                    bases[r - r0] = b;
                    b += shape.Length(r);
                }

                Parallelism.ForRanges(n, pairs * kWork, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
                {
                    for (int i = i0; i < i1; i++)
                    {
                        CurvatureRow(s, l, m, i, r0, r1, bases, shape, kt.AsSpan(i * pairs, pairs));
                    }
                });

                // The smaller dimension goes to the rows of the product (the micro-kernels' short side).
                int pairStride, columnStride;
                if (columns <= pairs)
                {
                    _kernels.Gemm(true, false, columns, pairs, n, 1.0, xt, columns, kt, pairs, 0.0, product, pairs);
                    (pairStride, columnStride) = (1, pairs);
                }
                else
                {
                    _kernels.Gemm(true, false, pairs, columns, n, 1.0, kt, pairs, xt, columns, 0.0, product, columns);
                    (pairStride, columnStride) = (columns, 1);
                }

                Parallelism.ForRanges(r1 - r0, (long)nm * columns, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (a, b) =>
                    ScatterKronecker(s, h, l, m, shape, r0 + a, r0 + b, c0, c1, bases.AsSpan(a), product, pairStride, columnStride));
            }
        }
    }

    // Adds the product's entries for units [ra, rb) of layer l into the upper triangle of H.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScatterKronecker(Passes s, double[,] h, int l, int m, PairShape shape, int ra, int rb, int c0, int c1,
        ReadOnlySpan<int> bases, double[] product, int pairStride, int columnStride)
    {
        int p = s.ParameterCount, em = s.InputWidths[m - 1], nW = s.Widths[m - 1], nIn = s.Widths[l - 1];
        var flat = MemoryMarshal.CreateSpan(ref h[0, 0], p * p);
        for (int r = ra; r < rb; r++)
        {
            int start = shape.Start(r), end = shape.End(r);
            for (int rp = start; rp < end; rp++)
            {
                int pair = bases[r - ra] + rp - start;
                int weightColumns = s.Offsets[m] + (rp * nW);
                for (int c = c0; c < c1; c++)
                {
                    int row = s.Index(l, r, c);
                    int q = (pair * pairStride) + ((c - c0) * em * columnStride);

                    // In a diagonal block the bias row of r against the weights of r′ > r lies below the diagonal:
                    // its transpose is the upper-triangle entry, which no other pair writes.
                    if (shape.Diagonal && rp != r && c >= nIn)
                    {
                        for (int cp = 0; cp < nW; cp++)
                        {
                            flat[((weightColumns + cp) * p) + row] += product[q + (cp * columnStride)];
                        }
                    }
                    else
                    {
                        var target = flat.Slice((row * p) + weightColumns, nW);
                        for (int cp = 0; cp < nW; cp++)
                        {
                            target[cp] += product[q + (cp * columnStride)];
                        }
                    }

                    if (em > nW)
                    {
                        flat[(row * p) + s.BiasOffsets[m] + rp] += product[q + (nW * columnStride)];
                    }
                }
            }
        }
    }

    // Row i of the K chunk: K_i[r, r′] for r in [r0, r1) and r′ in [start(r), end(r)), concatenated.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CurvatureRow(Passes s, int l, int m, int i, int r0, int r1, int[] bases, PairShape shape, Span<double> row)
    {
        int nl = s.Widths[l], nm = s.Widths[m];
        var cm = s.Curvature[m].AsSpan(i * nm, nm);
        ReadOnlySpan<double> mml = l < m ? s.Jacobians[m][l].AsSpan(i * nm * nl, nm * nl) : default;
        for (int r = r0; r < r1; r++)
        {
            int sr = shape.Start(r), er = shape.End(r);
            var seg = row.Slice(bases[r - r0], er - sr);
            if (l == m)
            {
                // j = m: M_{m,m} = I contributes C_m on the diagonal.
                seg.Clear();
                seg[0] = cm[r];
            }
            else
            {
                for (int rp = 0; rp < nm; rp++)
                {
                    seg[rp] = mml[(rp * nl) + r] * cm[rp];
                }
            }

            if (!shape.DiagonalOnly)
            {
                AddLayersAbove(s, l, m, i, r, sr, er, seg);
            }
        }
    }

    // xt[i, (c − c0)·ñ_{m−1} + c′] = ã_{l−1}[i, c]·ã_{m−1}[i, c′] for c in [c0, c1).
    private static void KhatriRao(Passes s, int l, int m, int c0, int c1, double[] xt)
    {
        int n = s.N, el = s.InputWidths[l - 1], em = s.InputWidths[m - 1], columns = (c1 - c0) * em;
        var al = s.Inputs[l - 1];
        var am = s.Inputs[m - 1];
        Parallelism.ForRanges(n, columns, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                var source = am.AsSpan(i * em, em);
                for (int c = c0; c < c1; c++)
                {
                    Scale(xt.AsSpan((i * columns) + ((c - c0) * em), em), source, al[(i * el) + c]);
                }
            }
        });
    }

    // The bilinear part of block (l, m), l < m: z_m = W_m a_{m−1} couples W_m[r′, c′] with every parameter below
    // through ∂a_{m−1}[c′]/∂θ: H[(r,c),(r′,c′)] += Σᵢ ã_{l−1}[c]·δ_m[r′]·(∂a_{m−1}/∂z_l)[c′, r], as one product
    // over the samples of A (columns (r, c′)) and Y (columns (r′, c)). For adjacent layers ∂a_l/∂z_l is
    // diag(φ′_l), so only c′ = r occurs.
    private void BilinearBlock(Passes s, double[,] h, int l, int m, CancellationToken cancellation)
    {
        int n = s.N, p = s.ParameterCount;
        int nl = s.Widths[l], nm = s.Widths[m], nPrev = s.Widths[m - 1], el = s.InputWidths[l - 1];
        bool adjacent = m == l + 1;
        int perR = adjacent ? 1 : nPrev;
        int rChunk = Math.Clamp(Math.Max(1, Budget / n) / perR, 1, nl);
        int rpChunk = Math.Clamp(Math.Min(Math.Max(1, Budget / n), Budget / (rChunk * perR)) / el, 1, nm);
        var at = Workspace(n * rChunk * perR);
        var yt = Workspace(n * rpChunk * el);
        var product = Workspace(rChunk * perR * rpChunk * el);
        var delta = s.Delta[m];
        var input = s.Inputs[l - 1];
        for (int rp0 = 0; rp0 < nm; rp0 += rpChunk)
        {
            int rp1 = Math.Min(nm, rp0 + rpChunk), columns = (rp1 - rp0) * el;
            Parallelism.ForRanges(n, columns, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
            {
                for (int i = i0; i < i1; i++)
                {
                    var source = input.AsSpan(i * el, el);
                    for (int rp = rp0; rp < rp1; rp++)
                    {
                        Scale(yt.AsSpan((i * columns) + ((rp - rp0) * el), el), source, delta[(i * nm) + rp]);
                    }
                }
            });

            for (int r0 = 0; r0 < nl; r0 += rChunk)
            {
                cancellation.ThrowIfCancellationRequested();
                int r1 = Math.Min(nl, r0 + rChunk), rows = (r1 - r0) * perR;
                Parallelism.ForRanges(n, rows, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
                {
                    for (int i = i0; i < i1; i++)
                    {
                        var dst = at.AsSpan(i * rows, rows);
                        if (adjacent)
                        {
                            s.D1[l].AsSpan((i * nl) + r0, r1 - r0).CopyTo(dst);
                        }
                        else
                        {
                            // (∂a_{m−1}/∂z_l)[c′, r] = φ′_{m−1}[c′]·M_{m−1,l}[c′, r].
                            var phi = s.D1[m - 1].AsSpan(i * nPrev, nPrev);
                            var jac = s.Jacobians[m - 1][l].AsSpan(i * nPrev * nl, nPrev * nl);
                            for (int r = r0; r < r1; r++)
                            {
                                for (int cp = 0; cp < nPrev; cp++)
                                {
                                    dst[((r - r0) * nPrev) + cp] = phi[cp] * jac[(cp * nl) + r];
                                }
                            }
                        }
                    }
                });

                _kernels.Gemm(true, false, rows, columns, n, 1.0, at, rows, yt, columns, 0.0, product, columns);
                Parallelism.ForRanges(r1 - r0, (long)perR * columns, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (a, b) =>
                {
                    var flat = MemoryMarshal.CreateSpan(ref h[0, 0], p * p);
                    Span<int> index = stackalloc int[el];
                    for (int r = r0 + a; r < r0 + b; r++)
                    {
                        for (int c = 0; c < el; c++)
                        {
                            index[c] = s.Index(l, r, c) * p;
                        }

                        for (int k = 0; k < perR; k++)
                        {
                            int cp = adjacent ? r : k;
                            var values = product.AsSpan((((r - r0) * perR) + k) * columns, columns);
                            for (int rp = rp0; rp < rp1; rp++)
                            {
                                int col = s.Offsets[m] + (rp * nPrev) + cp;
                                var v = values.Slice((rp - rp0) * el, el);
                                for (int c = 0; c < el; c++)
                                {
                                    flat[index[c] + col] += v[c];
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    // dst ← a·x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(Span<double> dst, ReadOnlySpan<double> x, double a)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            for (; j <= dst.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                (new Vector<double>(x[j..]) * va).CopyTo(dst[j..]);
            }
        }

        for (; j < dst.Length; j++)
        {
            dst[j] = x[j] * a;
        }
    }

    // Which r′ row r of K needs: r′ = r only (diagonalOnly), r′ ≥ r (a diagonal block), or every r′.
    private readonly record struct PairShape(bool Diagonal, bool DiagonalOnly, int Units)
    {
        public int Start(int r) => Diagonal ? r : 0;

        public int End(int r) => DiagonalOnly ? r + 1 : Units;

        public int Length(int r) => End(r) - Start(r);
    }
}
