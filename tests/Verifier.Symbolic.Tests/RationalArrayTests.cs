using System.Text;

namespace Verifier.Symbolic.Tests;

/// <summary>
/// <see cref="RationalArray"/> held to <see cref="Rational"/>: every entry equals what <see cref="Rational.Parse"/>
/// gives for its text, and its double is bit for bit <see cref="Rational.ToDouble"/> of that value (the nearest double),
/// for plain decimals of every length and scale and for values kept in general form.
/// </summary>
public class RationalArrayTests
{
    [Test]
    public void Entries_and_doubles_agree_with_Parse_and_ToDouble()
    {
        var rng = new Random(23);
        var texts = new List<string> { "0", "-0", "0.0", "1", "-1", "9999999999999999999", ".0000000000000000001", "-1234567890.123456789", "9007199254740993", "0.1", "-0.30000000000000004" };
        for (int k = 0; k < 4000; k++)
        {
            // Up to 19 digits, any position of the point: both sides of the one-division path (digits and 10^scale
            // at most 2^53) and the 128-bit path.
            int total = rng.Next(1, 20);
            int fraction = rng.Next(0, total + 1);
            if (fraction == total && total == 19)
            {
                fraction--; // "0." would make a 20th digit
            }

            string digits = string.Concat(Enumerable.Range(0, total).Select(_ => (char)('0' + rng.Next(10))));
            string text = (rng.Next(2) == 0 ? "-" : "") + (fraction == total ? "0" : digits[..(total - fraction)]) + (fraction > 0 ? "." + digits[(total - fraction)..] : "");
            texts.Add(text);
        }

        var general = new[] { "1/3", "-22/7", "1e-300", "12345678901234567890123", "0.00000000000000000000001" };
        var builder = new RationalArray.Builder(4);
        var expected = new List<Rational>();
        int plain = 0;
        foreach (var text in texts.Concat(general))
        {
            if (builder.TryAddPlainDecimal(Encoding.UTF8.GetBytes(text)))
            {
                plain++;
            }
            else
            {
                builder.Add(Rational.Parse(text));
            }

            expected.Add(Rational.Parse(text));
        }

        Assert.That(plain, Is.EqualTo(texts.Count), "every generated text is a plain decimal of at most 19 digits");
        var array = builder.ToArray();
        var doubles = array.ToDoubles();
        Assert.That(array, Has.Count.EqualTo(expected.Count));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.That(array[i], Is.EqualTo(expected[i]), $"entry {i}");
            Assert.That(BitConverter.DoubleToInt64Bits(doubles[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected[i].ToDouble())),
                $"entry {i} ({expected[i]}): {doubles[i]:R} against {expected[i].ToDouble():R}");
        }

        Assert.That(array.ToList(), Is.EqualTo(expected), "enumeration gives the entries in order");
    }

    [Test]
    public void Other_text_is_refused_and_nothing_is_appended()
    {
        var builder = new RationalArray.Builder();
        foreach (var text in new[] { "", "-", ".", "1e5", "+1", " 1", "1/2", "nan", "12345678901234567890", "1.2.3", "--1" })
        {
            Assert.That(builder.TryAddPlainDecimal(Encoding.UTF8.GetBytes(text)), Is.False, text);
        }

        Assert.That(builder.Count, Is.Zero);
        Assert.That(builder.ToArray(), Is.Empty);
    }
}
