namespace Codex.ServiceDefaults;

/// <summary>How the site and the workers tell a form that is too large from one that is malformed.</summary>
public static class FormLimits
{
    /// <summary>
    /// Whether a form read failed on one of ASP.NET's limits (<c>FormOptions</c>: a value over 4 MiB, too many
    /// values, a multipart body, header or line too long), which is the sender's 413, rather than on a malformed body
    /// (a missing or overlong boundary, a truncated part), which is a 400. ASP.NET throws the same
    /// <see cref="InvalidDataException"/> for both and says which only in its message ("... limit N exceeded.").
    /// </summary>
    public static bool IsLimitExceeded(InvalidDataException exception) =>
        exception.Message.Contains(" limit ", StringComparison.Ordinal)
        && exception.Message.EndsWith("exceeded.", StringComparison.Ordinal)
        && !exception.Message.Contains("boundary", StringComparison.OrdinalIgnoreCase);
}
