namespace Codex.Workers.Pipeline;

/// <summary>How free text from a form is stored.</summary>
internal static class Input
{
    /// <summary>Trimmed text, or null for blank text (an emptied form field clears the value).</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
