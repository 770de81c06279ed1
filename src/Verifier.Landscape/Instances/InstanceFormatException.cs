namespace Verifier.Landscape.Instances;

/// <summary>An instance file that cannot be read: says which file, where in it (a JSON path) and what is wrong.</summary>
public sealed class InstanceFormatException : Exception
{
    /// <summary>Creates the error for a file, a location inside it and a description of the problem.</summary>
    public InstanceFormatException(string file, string location, string problem)
        : base(string.IsNullOrEmpty(location) ? $"{file}: {problem}" : $"{file}: {location}: {problem}")
    {
        File = file;
        Location = location;
        Problem = problem;
    }

    /// <summary>Creates the error with no location.</summary>
    public InstanceFormatException()
        : this("", "", "invalid instance")
    {
    }

    /// <summary>Creates the error with a message only.</summary>
    public InstanceFormatException(string message)
        : this("", "", message)
    {
    }

    /// <summary>Creates the error with a message and an inner exception.</summary>
    public InstanceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
        Location = "";
        Problem = message;
    }

    /// <summary>The file that was read.</summary>
    public string File { get; }

    /// <summary>The JSON path of the offending value, e.g. "data.x[3][1]" (empty when the whole file is at fault).</summary>
    public string Location { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
