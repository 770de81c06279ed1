using System.Text.Json;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Instances;

/// <summary>
/// The previous instance reader over the hand-written <see cref="JsonTree"/> parser, kept only until the bench has
/// measured the <see cref="Utf8JsonReader"/>-based <see cref="InstanceFile"/> reader side by side with it.
/// </summary>
public static class LegacyInstanceReader
{
    /// <summary>Reads the UTF-8 text of an instance file (no byte-order mark) into an instance.</summary>
    /// <exception cref="InstanceFormatException">The text is not JSON or does not describe a valid instance.</exception>
    public static Instance Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        JsonTree root;
        try
        {
            root = JsonTree.Parse(utf8, maxDepth: 64);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $"line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            throw new InstanceFormatException(source, where, "malformed JSON");
        }

        return new Reader(source).ReadInstance(root);
    }

    private sealed class Reader(string source)
    {
        private InstanceFormatException Error(string location, string problem) => new(source, location, problem);

        public Instance ReadInstance(JsonTree root)
        {
            if (root.Kind != JsonValueKind.Object)
            {
                throw Error("", "the top level must be a JSON object");
            }

            var format = OptionalString(root, "format", "");
            if (format is not null && format != InstanceFile.FormatTag)
            {
                throw Error("format", $"unknown format '{format}' (expected '{InstanceFile.FormatTag}')");
            }

            var name = OptionalString(root, "name", "name") ?? "";
            var network = ReadNetwork(Required(root, "network", ""));
            var lossName = OptionalString(root, "loss", "loss") ?? "mse";
            var loss = Names.ParseLoss(lossName) ?? throw Error("loss", $"unknown loss '{lossName}' (expected one of {Names.LossList})");
            var data = ReadData(Required(root, "data", ""), network);
            IReadOnlyList<Rational>? weights = null;
            if (root.TryGetProperty("weights", out var w) && w.Kind != JsonValueKind.Null)
            {
                weights = ReadWeights(w, network);
            }

            foreach (var property in root.Properties)
            {
                if (property.Key is not ("format" or "name" or "network" or "loss" or "data" or "weights"))
                {
                    throw Error(property.Key, "unknown field (expected format, name, network, loss, data, weights)");
                }
            }

            return new Instance(name, network, loss, data, weights);
        }

        private NetworkSpec ReadNetwork(JsonTree e)
        {
            if (e.Kind != JsonValueKind.Object)
            {
                throw Error("network", "must be an object with layers, activation, output, bias");
            }

            var layersElement = Required(e, "layers", "network");
            if (layersElement.Kind != JsonValueKind.Array)
            {
                throw Error("network.layers", "must be an array of layer widths such as [2, 2, 1]");
            }

            var layers = new List<int>();
            int i = 0;
            foreach (var item in layersElement.Items)
            {
                if (item.Kind != JsonValueKind.Number || !item.TryGetInt32(out int width) || width < 1)
                {
                    throw Error($"network.layers[{i}]", "a layer width must be a positive integer");
                }

                layers.Add(width);
                i++;
            }

            if (layers.Count < 2)
            {
                throw Error("network.layers", "needs at least two widths (input and output)");
            }

            var activationName = OptionalString(e, "activation", "network.activation") ?? throw Error("network.activation", "missing (expected one of " + Names.ActivationList + ")");
            var activation = Names.ParseActivation(activationName) ?? throw Error("network.activation", $"unknown activation '{activationName}' (expected one of {Names.ActivationList})");
            var outputName = OptionalString(e, "output", "network.output") ?? "linear";
            var output = Names.ParseActivation(outputName) ?? throw Error("network.output", $"unknown activation '{outputName}' (expected one of {Names.ActivationList})");
            bool bias = true;
            if (e.TryGetProperty("bias", out var b))
            {
                bias = b.Kind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Error("network.bias", "must be true or false"),
                };
            }

            foreach (var property in e.Properties)
            {
                if (property.Key is not ("layers" or "activation" or "output" or "bias"))
                {
                    throw Error("network." + property.Key, "unknown field (expected layers, activation, output, bias)");
                }
            }

            try
            {
                return new NetworkSpec(layers, activation, output, bias);
            }
            catch (OverflowException)
            {
                throw Error("network.layers", "the network has more than 2³¹ parameters");
            }
        }

        private Dataset ReadData(JsonTree e, NetworkSpec network)
        {
            if (e.Kind != JsonValueKind.Object)
            {
                throw Error("data", "must be an object with x and y");
            }

            var xElement = Required(e, "x", "data");
            var x = new RationalArray.Builder(xElement.Count * network.InputWidth);
            int xRows = ReadMatrix(xElement, "data.x", network.InputWidth, "the network's input width", x);
            var yElement = Required(e, "y", "data");
            var y = new RationalArray.Builder(yElement.Count * network.OutputWidth);
            int yRows = ReadMatrix(yElement, "data.y", network.OutputWidth, "the network's output width", y);
            if (xRows == 0)
            {
                throw Error("data.x", "the dataset is empty (at least one sample is needed)");
            }

            if (xRows != yRows)
            {
                throw Error("data.y", $"has {yRows} rows but data.x has {xRows}: every sample needs an input and a target");
            }

            foreach (var property in e.Properties)
            {
                if (property.Key is not ("x" or "y"))
                {
                    throw Error("data." + property.Key, "unknown field (expected x, y)");
                }
            }

            return new Dataset(xRows, network.InputWidth, network.OutputWidth, x.ToArray(), y.ToArray());
        }

        private RationalArray ReadWeights(JsonTree e, NetworkSpec network)
        {
            if (e.Kind != JsonValueKind.Array)
            {
                throw Error("weights", "must be an array with one {\"W\": ..., \"b\": ...} object per layer");
            }

            int count = e.Count;
            if (count != network.Depth)
            {
                throw Error("weights", $"has {count} layers but the network has depth {network.Depth} (layers {string.Join(',', network.Layers)})");
            }

            var theta = new RationalArray.Builder(network.ParameterCount);
            for (int l = 1; l <= network.Depth; l++)
            {
                var layer = e.Items[l - 1];
                string at = $"weights[{l - 1}]";
                if (layer.Kind != JsonValueKind.Object)
                {
                    throw Error(at, "must be an object {\"W\": [[...]], \"b\": [...]}");
                }

                int rows = network.Layers[l], cols = network.Layers[l - 1];
                int wRows = ReadMatrix(Required(layer, "W", at), at + ".W", cols, $"the width {cols} of layer {l - 1}", theta);
                if (wRows != rows)
                {
                    throw Error(at + ".W", $"has {wRows} rows; layer {l} has width {rows}, so W must be {rows}×{cols}");
                }

                bool hasB = layer.TryGetProperty("b", out var b) && b.Kind != JsonValueKind.Null;
                if (network.Bias)
                {
                    if (!hasB)
                    {
                        throw Error(at + ".b", "missing (the network has biases)");
                    }

                    ReadVector(b, at + ".b", rows, theta);
                }
                else if (hasB)
                {
                    throw Error(at + ".b", "given, but the network has \"bias\": false");
                }

                foreach (var property in layer.Properties)
                {
                    if (property.Key is not ("W" or "b"))
                    {
                        throw Error(at + "." + property.Key, "unknown field (expected W, b)");
                    }
                }
            }

            return theta.ToArray();
        }

        // Appends the rows of a matrix to `into`; returns how many rows there were.
        private int ReadMatrix(JsonTree e, string at, int columns, string what, RationalArray.Builder into)
        {
            if (e.Kind != JsonValueKind.Array)
            {
                throw Error(at, "must be an array of rows");
            }

            int r = 0;
            foreach (var row in e.Items)
            {
                if (row.Kind != JsonValueKind.Array)
                {
                    throw Error($"{at}[{r}]", "must be an array of numbers");
                }

                if (row.Count != columns)
                {
                    throw Error($"{at}[{r}]", $"has {row.Count} entries; {what} is {columns}");
                }

                ReadVector(row, $"{at}[{r}]", columns, into);
                r++;
            }

            return r;
        }

        private void ReadVector(JsonTree e, string at, int length, RationalArray.Builder into)
        {
            if (e.Kind != JsonValueKind.Array)
            {
                throw Error(at, "must be an array of numbers");
            }

            if (e.Count != length)
            {
                throw Error(at, $"has {e.Count} entries; expected {length}");
            }

            if (e.IsNumberArray)
            {
                // The bulk of an instance file: plain decimals go straight from their text into the array.
                for (int i = e.AppendPlainDecimals(into); i < length; i++)
                {
                    var text = e.NumberAt(i);
                    if (!into.TryAddPlainDecimal(text))
                    {
                        into.Add(ParseNumber(System.Text.Encoding.UTF8.GetString(text), at, i));
                    }
                }

                return;
            }

            int index = 0;
            foreach (var item in e.Items)
            {
                if (item.Kind == JsonValueKind.Number && into.TryAddPlainDecimal(item.NumberUtf8))
                {
                    index++;
                    continue;
                }

                string text = item.Kind switch
                {
                    JsonValueKind.Number => item.RawText(),
                    JsonValueKind.String => item.String!,
                    _ => throw Error($"{at}[{index}]", $"expected a number, got {Describe(item)}"),
                };
                into.Add(ParseNumber(text, at, index));
                index++;
            }
        }

        // A number written as JSON number or string: any exact decimal or "p/q" that is finite in double precision.
        // The element's location, "at[index]", is formatted only when there is an error to report.
        private Rational ParseNumber(string text, string at, int index)
        {
            Rational value;
            try
            {
                value = Rational.Parse(text);
            }
            catch (FormatException ex)
            {
                var trimmed = text.Trim();
                bool nonFinite = trimmed.Contains("nan", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("inf", StringComparison.OrdinalIgnoreCase);
                throw Error($"{at}[{index}]", nonFinite ? $"'{text}' is not a finite number" : ex.Message);
            }
            catch (DivideByZeroException)
            {
                throw Error($"{at}[{index}]", $"'{text}' has denominator zero");
            }

            try
            {
                _ = value.ToDouble();
            }
            catch (OverflowException)
            {
                throw Error($"{at}[{index}]", $"'{text}' is infinite in double precision (beyond ±1.8e308)");
            }

            return value;
        }

        private JsonTree Required(JsonTree parent, string name, string parentPath)
        {
            string at = parentPath.Length == 0 ? name : parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var value) || value.Kind == JsonValueKind.Null)
            {
                throw Error(at, "missing");
            }

            return value;
        }

        private string? OptionalString(JsonTree parent, string name, string at)
        {
            if (!parent.TryGetProperty(name, out var value) || value.Kind == JsonValueKind.Null)
            {
                return null;
            }

            return value.Kind == JsonValueKind.String
                ? value.String
                : throw Error(at.Length == 0 ? name : at, $"must be a string, got {Describe(value)}");
        }

        private static string Describe(JsonTree e) => e.Kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{e.String}\"",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => e.RawText(),
        };
    }

}
