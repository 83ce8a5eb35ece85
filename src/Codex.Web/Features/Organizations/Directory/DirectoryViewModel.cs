using Codex.Contracts.Organizations;

namespace Codex.Web.Features.Organizations.Directory;

/// <summary>The directory page and its results region.</summary>
public sealed class DirectoryViewModel
{
    public const int DescriptionLength = 160;

    public required DirectoryForm Form { get; init; }
    /// <summary>Inline errors by form field (<c>Q</c>, <c>Page</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
    /// <summary>The page of organizations; null when the form was invalid or the worker did not answer.</summary>
    public PagedList<OrganizationDto>? Results { get; init; }
    /// <summary>True when the Organization-API did not answer in time.</summary>
    public bool Unavailable { get; init; }

    public bool IsSearch => Form.Search is not null;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The first words of an organization's about text, cut at a word near <see cref="DescriptionLength"/>.</summary>
    public static string? Short(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return null;
        var text = string.Join(' ', description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= DescriptionLength) return text;
        var cut = text.LastIndexOf(' ', DescriptionLength);
        return text[..(cut > DescriptionLength / 2 ? cut : DescriptionLength)].TrimEnd(',', '.', ';', ':') + "\u2026";
    }

    public static string Members(int count) => count == 1 ? "1 member" : $"{count:N0} members";

    /// <summary>The letter shown where an organization has no logo.</summary>
    public static string Initial(string name) => name.Trim() is { Length: > 0 } trimmed ? char.ToUpperInvariant(trimmed[0]).ToString() : "?";
}
