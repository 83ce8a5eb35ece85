using Codex.Contracts.Organizations;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Workers;

namespace Codex.Web.Features.Organizations;

/// <summary>
/// The join/leave box of an organization's space and of its members-only items: "Join (free)" for signed-in visitors
/// where signups are on, "Sign in to join" for visitors (a link, so the anonymous page stays free of tokens and
/// publicly cacheable), "Leave" for members, and how to get access where membership is by invitation only.
/// </summary>
/// <param name="Role">The viewer's role in the organization; null when they are not in it (or signed out).</param>
/// <param name="ReturnPath">The page to come back to after joining or leaving.</param>
public sealed record JoinPanelModel(OrganizationDto Organization, bool SignedIn, MemberRole? Role, bool SignupsOn, string? SupportEmail,
    string ReturnPath)
{
    public string JoinAction => SiteRoutes.OrganizationPath(Organization.Slug) + "/join";
    public string LeaveAction => SiteRoutes.OrganizationPath(Organization.Slug) + "/leave";
    public string SignInUrl => SignInRedirect.To(ReturnPath);

    /// <summary>The panel sits on a members-only item, which joining opens: the page reloads to play it.</summary>
    public bool OpensItem => ReturnPath != SiteRoutes.OrganizationPath(Organization.Slug);

    /// <summary>What a join or leave just did, for the toast of an optimistic answer (issue 16); null on a page.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// The box for the current viewer; null when their memberships cannot be read just now (the box is left out
    /// rather than offering a join to someone who may be a member already).
    /// </summary>
    public static async Task<JoinPanelModel?> ForAsync(HttpContext http, Memberships memberships, OrganizationDto organization,
        OrganizationSettingsDto? settings, string returnPath, CancellationToken ct)
    {
        var signupsOn = settings?.Features.EnableSignups ?? true;
        var support = settings?.Contact.SupportEmail;
        if (http.User.UserId() is not { } userId || http.Request.Cookies[SessionCookie.Name] is not { Length: > 0 } token)
            return new JoinPanelModel(organization, false, null, signupsOn, support, returnPath);
        try
        {
            var mine = await memberships.GetAsync(userId, token, ct);
            var role = mine.FirstOrDefault(m => m.OrganizationId == organization.Id)?.Role;
            return new JoinPanelModel(organization, true, role, signupsOn, support, returnPath);
        }
        catch (Exception e) when (e is WorkerCallException or WorkerUnavailableException)
        {
            return null;
        }
    }
}
