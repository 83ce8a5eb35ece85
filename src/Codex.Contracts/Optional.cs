using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Contracts;

/// <summary>
/// One field of a partial update: absent (leave the stored value as it is), or present with a value, which may be
/// <c>null</c> (clear it). A plain nullable property cannot tell "absent" from "null"; this can, in both directions:
/// an absent field is read as <see cref="IsSet"/> false, and one that is not set is left out when written.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly record struct Optional<T>
{
    public Optional(T? value)
    {
        Value = value;
        IsSet = true;
    }

    /// <summary>Whether the field was given (its value may still be null).</summary>
    public bool IsSet { get; }

    public T? Value { get; }

    /// <summary>The given value, or <paramref name="current"/> when the field was left out.</summary>
    public T? Or(T? current) => IsSet ? Value : current;

    public static implicit operator Optional<T>(T? value) => new(value);
}

/// <summary>Reads and writes <see cref="Optional{T}"/> as its bare value (a JSON <c>null</c> is a value too).</summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        // Called for a JSON null too, so that "null" is a given value and not the same as an absent field.
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? new Optional<T>(default) : new Optional<T>(JsonSerializer.Deserialize<T>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
