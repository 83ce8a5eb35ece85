namespace Codex.Web.Infrastructure;

public static partial class DomIds
{
    /// <summary>The offline page's region (issue 16, ADR 038).</summary>
    public const string Offline = "offline";
}
