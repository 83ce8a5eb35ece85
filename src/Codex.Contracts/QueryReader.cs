using System.Globalization;

namespace Codex.Contracts;

/// <summary>
/// Reads typed values out of a query string and records a field error for each value that does not parse,
/// so an unknown enum or a non-number is a 400 with <c>fieldErrors</c>, never a silent default.
/// Shared by workers (reading requests) and the site (reading its own pages' queries).
/// </summary>
public sealed class QueryReader(Func<string, string?> get)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);


    /// <summary>A trimmed string, or null when absent or blank (or holding U+0000, which is a field error: see ContractJson).</summary>
    public string? String(string name)
    {
        var text = get(name)?.Trim();
        if (text is not null && text.Contains('\0'))
        {
            AddError(name, ContractJson.NulCharacterMessage);
            return null;
        }
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>An integer, <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback)
    {
        var text = String(name);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        AddError(name, $"Expected a whole number, got \"{Shorten(text)}\".");
        return fallback;
    }

    /// <summary>A UUID, null when absent.</summary>
    public Guid? Guid(string name)
    {
        var text = String(name);
        if (text is null) return null;
        if (System.Guid.TryParseExact(text, "D", out var value)) return value;
        AddError(name, "Expected a UUID.");
        return null;
    }

    /// <summary>An enum by its wire name, null when absent.</summary>
    public T? Enum<T>(string name) where T : struct, System.Enum
    {
        var text = String(name);
        if (text is null) return null;
        if (ContractJson.TryParseWire<T>(text, out var value)) return value;
        AddError(name, $"Must be one of: {string.Join(", ", ContractJson.WireNames<T>())}.");
        return null;
    }

    /// <summary>Records an error against a field.</summary>
    public void AddError(string name, string message)
    {
        if (!_errors.TryGetValue(name, out var list)) _errors[name] = list = [];
        list.Add(message);
    }

    /// <summary>Adds a validator's failures, except for fields that already failed to parse.</summary>
    public void AddErrors(FluentValidation.Results.ValidationResult result)
    {
        var unparsed = _errors.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var failure in result.Errors)
        {
            var field = FieldName(failure.PropertyName);
            if (!unparsed.Contains(field)) AddError(field, failure.ErrorMessage);
        }
    }

    /// <summary>The errors in the contract's <c>fieldErrors</c> shape, or null when there are none.</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors =>
        _errors.Count == 0 ? null : _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>camelCase of a validator's property name (<c>OrganizationId</c> → <c>organizationId</c>).</summary>
    public static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "_" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
