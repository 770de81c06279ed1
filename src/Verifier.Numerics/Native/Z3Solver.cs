using System.Runtime.InteropServices;
using System.Text;

namespace Verifier.Numerics.Native;

/// <summary>
/// The system's Z3 SMT solver (Debian package libz3-4), loaded at run time and driven with SMT-LIB2 text through four
/// C functions (Z3_mk_config, Z3_mk_context, Z3_eval_smtlib2_string, Z3_del_context). Optional like LAPACK:
/// <see cref="TryCreate"/> says why it is unavailable. One context per instance; not thread-safe; dispose to free it.
/// A verdict that rests on Z3 has no certificate the project's own kernel can re-check, and must say so.
/// </summary>
public sealed unsafe class Z3Solver : IDisposable
{
    /// <summary>The library names tried, in order.</summary>
    public static readonly string[] LibraryNames = ["libz3.so.4", "libz3.so"];

    /// <summary>How to install the library (for error messages).</summary>
    public const string InstallHint = "install the Debian package libz3-4 (apt-get install libz3-4)";

    private readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr> _eval;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, void> _deleteContext;
    private IntPtr _context;

    private Z3Solver(IntPtr handle, string name)
    {
        var mkConfig = (delegate* unmanaged[Cdecl]<IntPtr>)NativeLibrary.GetExport(handle, "Z3_mk_config");
        var mkContext = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(handle, "Z3_mk_context");
        _eval = (delegate* unmanaged[Cdecl]<IntPtr, byte*, IntPtr>)NativeLibrary.GetExport(handle, "Z3_eval_smtlib2_string");
        _deleteContext = (delegate* unmanaged[Cdecl]<IntPtr, void>)NativeLibrary.GetExport(handle, "Z3_del_context");
        var version = (delegate* unmanaged[Cdecl]<uint*, uint*, uint*, uint*, void>)NativeLibrary.GetExport(handle, "Z3_get_version");
        uint major, minor, build, revision;
        version(&major, &minor, &build, &revision);
        Library = $"Z3 {major}.{minor}.{build} ({name})";
        _context = mkContext(mkConfig());

        // Z3's default error handler ends the process on any error (even a redeclared constant); with this one,
        // errors come back in the evaluated text as "(error ...)" lines instead.
        var setHandler = (delegate* unmanaged[Cdecl]<IntPtr, delegate* unmanaged[Cdecl]<IntPtr, int, void>, void>)NativeLibrary.GetExport(handle, "Z3_set_error_handler");
        setHandler(_context, &IgnoreError);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void IgnoreError(IntPtr context, int code)
    {
        _ = context;
        _ = code;
    }

    /// <summary>The library and its version, e.g. "Z3 4.8.12 (libz3.so.4)".</summary>
    public string Library { get; }

    /// <summary>A solver on the system's Z3, or null with the reason (library missing or lacking an entry point).</summary>
    public static Z3Solver? TryCreate(out string? reason)
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            try
            {
                reason = null;
                return new Z3Solver(handle, name);
            }
            catch (EntryPointNotFoundException e)
            {
                reason = $"{name} lacks an entry point ({e.Message}); {InstallHint}";
                return null;
            }
        }

        reason = $"the Z3 library ({string.Join(" or ", LibraryNames)}) was not found; {InstallHint}";
        return null;
    }

    /// <summary>
    /// Runs SMT-LIB2 commands in this context and returns everything they print (e.g. "sat\n"); errors appear in the
    /// text as "(error ...)" lines. Declarations persist between calls: start a script with "(reset)" to begin afresh.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The solver was disposed.</exception>
    public string Evaluate(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        ObjectDisposedException.ThrowIf(_context == IntPtr.Zero, this);
        var bytes = Encoding.UTF8.GetBytes(script + "\0");
        fixed (byte* p = bytes)
        {
            return Marshal.PtrToStringUTF8(_eval(_context, p)) ?? "";
        }
    }

    /// <summary>Frees the context.</summary>
    public void Dispose()
    {
        if (_context != IntPtr.Zero)
        {
            _deleteContext(_context);
            _context = IntPtr.Zero;
        }
    }
}
