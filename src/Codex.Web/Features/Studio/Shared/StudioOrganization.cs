using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Studio.Shared;

/// <summary>
/// The organization a studio page is about, and the caller's role in it (null for a platform admin who is not a
/// member); <paramref name="Suspended"/> when a platform admin suspended it (ADR 028), which the studio's header says.
/// </summary>
public sealed record StudioOrganization(Guid Id, string Slug, string Name, MemberRole? Role, bool Suspended = false);

/// <summary>
/// Finds the organization of a studio URL: from the caller's memberships (cached; the policy just read them), else,
/// for a platform admin, from the Organization-API. Null when there is no such organization.
/// </summary>
public sealed class StudioOrganizations(Memberships memberships, Catalogue catalogue, IHttpContextAccessor accessor)
{
    public async Task<StudioOrganization?> FindAsync(string slug, CancellationToken ct)
    {
        var mine = await MineAsync(ct);
        if (mine.FirstOrDefault(m => string.Equals(m.OrganizationSlug, slug, StringComparison.OrdinalIgnoreCase)) is { } membership)
            return new StudioOrganization(membership.OrganizationId, membership.OrganizationSlug, membership.OrganizationName, membership.Role,
                membership.Suspended);
        return await catalogue.GetOrganizationAsync(slug, ct) is { } organization
            ? new StudioOrganization(organization.Id, organization.Slug, organization.Name, null, organization.SuspendedAt is not null)
            : null;
    }

    /// <summary>The caller's memberships (empty when signed out).</summary>
    public async Task<IReadOnlyList<MembershipSummary>> MineAsync(CancellationToken ct)
    {
        var http = accessor.HttpContext;
        if (http?.User.UserId() is not { } userId || http.Request.Cookies[SessionCookie.Name] is not { Length: > 0 } token) return [];
        return await memberships.GetAsync(userId, token, ct);
    }

    /// <summary>
    /// Whether the header offers the studio: to platform admins, and to owners, admins and creators of any
    /// organization. An Organization-API that does not answer hides the link rather than failing the page.
    /// </summary>
    public async Task<bool> OffersStudioAsync(CancellationToken ct)
    {
        var user = accessor.HttpContext?.User;
        if (user is null || !user.IsSignedIn()) return false;
        if (user.IsPlatformAdmin()) return true;
        try
        {
            return (await MineAsync(ct)).Any(m => CanManage(m.Role));
        }
        catch (Exception e) when (e is WorkerCallException or WorkerUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Roles that may use the studio (CONTRACT.md: owners, admins and creators manage content).</summary>
    public static bool CanManage(MemberRole role) => new OrganizationRoleRequirement(MemberRole.Creator).IsMetBy(role);

    /// <summary>Roles that may run the organization: settings, members and sales (owners and admins).</summary>
    public static bool CanAdminister(MemberRole role) => new OrganizationRoleRequirement(MemberRole.Admin).IsMetBy(role);
}

/// <summary>The studio's URLs, in one place for views, controllers and redirects.</summary>
public static class StudioPaths
{
    public const string Home = "/studio";

    public static string Dashboard(string org) => "/studio/" + Uri.EscapeDataString(org);
    public static string Content(string org) => Dashboard(org) + "/content";
    public static string NewContent(string org) => Content(org) + "/new";
    public static string Edit(string org, Guid id) => Content(org) + "/" + id.ToString("D") + "/edit";
    public static string Delete(string org, Guid id) => Content(org) + "/" + id.ToString("D") + "/delete";
    public static string Media(string org) => Dashboard(org) + "/media";
    /// <summary>Owner/admin: profile, contact, features and branding.</summary>
    public static string Settings(string org) => Dashboard(org) + "/settings";
    /// <summary>Owner/admin: members, roles, invitations.</summary>
    public static string Members(string org) => Dashboard(org) + "/members";
    /// <summary>Owner/admin: sales, customers, complimentary access, refunds.</summary>
    public static string Sales(string org) => Dashboard(org) + "/sales";
}
