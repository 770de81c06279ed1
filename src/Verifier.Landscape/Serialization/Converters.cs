using System.Text.Json;
using System.Text.Json.Serialization;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Serialization;

/// <summary>An exact rational as a JSON string "p/q" ("n" for an integer); read from such a string or from a JSON number's exact decimal value.</summary>
public sealed class RationalJsonConverter : JsonConverter<Rational>
{
    /// <inheritdoc/>
    public override Rational Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType switch
            {
                JsonTokenType.String => Rational.Parse(reader.GetString()!),
                JsonTokenType.Number => Rational.Parse(System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray())),
                _ => throw new JsonException($"expected an exact number (\"p/q\" or a decimal), found {reader.TokenType}"),
            };
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-16 (an escaped lone surrogate such as "\ud800").
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Rational value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>A closed interval [lo, hi] as a two-number JSON array (an infinite end as null, read back as ∓∞).</summary>
public sealed class IntervalJsonConverter : JsonConverter<Interval>
{
    /// <inheritdoc/>
    public override Interval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an interval [lo, hi]");
        }

        reader.Read();
        double lo = reader.TokenType == JsonTokenType.Null ? double.NegativeInfinity : reader.GetDouble();
        reader.Read();
        double hi = reader.TokenType == JsonTokenType.Null ? double.PositiveInfinity : reader.GetDouble();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("an interval has exactly two ends");
        }

        return new Interval(lo, hi);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Interval value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        FiniteDoubleJsonConverter.WriteNumber(writer, value.Lo);
        FiniteDoubleJsonConverter.WriteNumber(writer, value.Hi);
        writer.WriteEndArray();
    }
}

/// <summary>A double as a JSON number (shortest round-trip form), or null when it is not finite (JSON has no NaN or ∞).</summary>
public sealed class FiniteDoubleJsonConverter : JsonConverter<double>
{
    /// <inheritdoc/>
    public override bool HandleNull => true;

    /// <summary>Writes <paramref name="value"/> as a number, or null when it is NaN or infinite.</summary>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <inheritdoc/>
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.Null => double.NaN,
        _ => throw new JsonException($"expected a number, found {reader.TokenType}"),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteNumber(writer, value);
}

/// <summary>
/// A JSON value embedded verbatim: written as its own raw text (the source file's layout and number spellings kept
/// byte for byte), read as a detached copy of the element.
/// </summary>
public sealed class VerbatimJsonConverter : JsonConverter<JsonElement>
{
    /// <inheritdoc/>
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.Clone();
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
    }
}
