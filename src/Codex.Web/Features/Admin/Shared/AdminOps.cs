using System.Globalization;
using Codex.Contracts.Admin;

namespace Codex.Web.Features.Admin.Shared;

/// <summary>Words and formats the users, organizations and audit pages share.</summary>
public static class AdminOps
{
    /// <summary>A platform role as a label.</summary>
    public static string RoleName(UserRole role) => role switch
    {
        UserRole.Admin => "Platform admin",
        UserRole.Creator => "Creator",
        _ => "Customer",
    };

    /// <summary>A platform role in running text: <c>a platform admin</c>, <c>a creator</c>, <c>a customer</c>.</summary>
    public static string RoleWithArticle(UserRole role) => "a " + RoleName(role).ToLowerInvariant();

    public static string StatusName(AccountStatus status) => status switch
    {
        AccountStatus.Disabled => "Disabled",
        AccountStatus.Deleted => "Deleted",
        _ => "Active",
    };

    public static string StatusName(OrganizationStatus status) => status switch
    {
        OrganizationStatus.Suspended => "Suspended",
        OrganizationStatus.Deleted => "Deleted",
        _ => "Active",
    };

    /// <summary>A moment as people read it: <c>3 Feb 2026, 14:05 UTC</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form of <paramref name="at"/> for a <c>time</c> element.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A URL with the non-empty <paramref name="parameters"/> as its query.</summary>
    public static string Url(string path, params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }
}

/// <summary>The reason field of a confirmation step (<c>_ReasonField</c>): what was typed and its error.</summary>
public sealed record ReasonFieldModel(string? Value, string? Error)
{
    public const int Max = Codex.Contracts.Admin.UpdateUserRequestValidator.ReasonMax;
}
