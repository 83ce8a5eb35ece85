namespace Codex.Web.Infrastructure;

/// <summary>Ids of the admin's users, organizations and audit pages.</summary>
public static partial class DomIds
{
    public const string AdminUsersSearch = "admin-users-search";
    public const string AdminUsersResults = "admin-users-results";
    public const string AdminUser = "admin-user";
    /// <summary>Where a user's or an organization's confirmation step appears (htmx), on its details page.</summary>
    public const string AdminAction = "admin-action";
    /// <summary>The confirmation step itself (its own page without JavaScript).</summary>
    public const string AdminConfirm = "admin-confirm";
    public const string AdminOrganizationsSearch = "admin-organizations-search";
    public const string AdminOrganizationsResults = "admin-organizations-results";
    public const string AdminOrganization = "admin-organization";
    public const string AdminAuditFilters = "admin-audit-filters";
    public const string AdminAuditResults = "admin-audit-results";
}
