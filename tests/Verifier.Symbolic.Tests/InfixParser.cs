using System.Globalization;
using System.Numerics;

namespace Verifier.Symbolic.Tests;

/// <summary>
/// A small recursive-descent parser for the printed infix syntax, used only to check that printing is
/// unambiguous: sum := product (('+'|'-') product)*, product := unary (('*'|'/') unary)*,
/// unary := '-' unary | power, power := atom ('^' '-'? integer)?, atom := integer | name | name '(' sum ')' | '(' sum ')'.
/// </summary>
internal sealed class InfixParser
{
    private readonly string _text;
    private int _position;

    private InfixParser(string text) => _text = text;

    public static Expr Parse(string text)
    {
        var parser = new InfixParser(text);
        var result = parser.ParseSum();
        parser.SkipSpaces();
        if (parser._position != text.Length)
        {
            throw new FormatException($"Unexpected '{text[parser._position..]}' in '{text}'.");
        }

        return result;
    }

    private Expr ParseSum()
    {
        var result = ParseProduct();
        while (true)
        {
            if (Accept('+'))
            {
                result += ParseProduct();
            }
            else if (Accept('-'))
            {
                result -= ParseProduct();
            }
            else
            {
                return result;
            }
        }
    }

    private Expr ParseProduct()
    {
        var result = ParseUnary();
        while (true)
        {
            if (Accept('*'))
            {
                result *= ParseUnary();
            }
            else if (Accept('/'))
            {
                result /= ParseUnary();
            }
            else
            {
                return result;
            }
        }
    }

    private Expr ParseUnary() => Accept('-') ? -ParseUnary() : ParsePower();

    private Expr ParsePower()
    {
        var atom = ParseAtom();
        if (!Accept('^'))
        {
            return atom;
        }

        bool negative = Accept('-');
        int exponent = int.Parse(ReadWhile(char.IsAsciiDigit), CultureInfo.InvariantCulture);
        return Expr.Pow(atom, negative ? -exponent : exponent);
    }

    private Expr ParseAtom()
    {
        SkipSpaces();
        if (Accept('('))
        {
            var inner = ParseSum();
            Expect(')');
            return inner;
        }

        if (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            return Expr.Constant(BigInteger.Parse(ReadWhile(char.IsAsciiDigit), CultureInfo.InvariantCulture));
        }

        var name = ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (name.Length == 0)
        {
            throw new FormatException($"Expected an atom at {_position} in '{_text}'.");
        }

        if (!Accept('('))
        {
            return Expr.Variable(name);
        }

        var argument = ParseSum();
        Expect(')');
        var function = Enum.Parse<Function>(name, ignoreCase: true);
        return Expr.ApplyFunction(function, argument);
    }

    private string ReadWhile(Func<char, bool> predicate)
    {
        SkipSpaces();
        int start = _position;
        while (_position < _text.Length && predicate(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private bool Accept(char c)
    {
        SkipSpaces();
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!Accept(c))
        {
            throw new FormatException($"Expected '{c}' at {_position} in '{_text}'.");
        }
    }

    private void SkipSpaces()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
    }
}
