using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Contracts;

/// <summary>The one JSON shape of the wire: camelCase, enums as snake_case strings, UTC ISO 8601 times.</summary>
public static class ContractJson
{
    /// <summary>Options used by workers to write and by the site to read.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the contract's conventions to existing options (e.g. ASP.NET's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcTimeConverter());
        options.Converters.Add(new NoNulStringConverter());
        return options;
    }

    /// <summary>Why a string was refused: PostgreSQL cannot store the NUL character (SQLite can), so nobody may send it.</summary>
    public const string NulCharacterMessage = "May not contain the NUL character (\\u0000).";

    /// <summary>
    /// Strings as usual, except that one holding U+0000 is refused where it is read (a 400 on its field), rather than
    /// by PostgreSQL when it is stored (a 500); the same text then behaves alike on both databases.
    /// </summary>
    private sealed class NoNulStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value is not null && value.Contains('\0') ? throw new JsonException(NulCharacterMessage) : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Writes times as ISO 8601 UTC with a <c>Z</c> (<c>2026-01-10T12:00:00Z</c>); reads any ISO 8601 offset.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The wire name of an enum value (<c>InProgress</c> → <c>in_progress</c>).</summary>
    public static string WireName<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Parses a wire name; unknown names and numbers are refused.</summary>
    public static bool TryParseWire<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(WireName(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>All wire names of an enum, for messages and select lists.</summary>
    public static IReadOnlyList<string> WireNames<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(WireName).ToArray();
}
