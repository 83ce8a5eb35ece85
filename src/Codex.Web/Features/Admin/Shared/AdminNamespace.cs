namespace Codex.Web.Features.Admin.Shared;

/// <summary>The admin area's shared parts (its navigation, <c>_AdminNav</c>); each section has its own folder beside this one.</summary>
internal static class AdminArea
{
    /// <summary>The ViewData key a page sets to mark its section in <c>_AdminNav</c>.</summary>
    public const string SectionKey = "AdminSection";
}
