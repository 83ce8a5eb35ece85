using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Organizations;

/// <summary>
/// Joining an organization as a free member and leaving it, from its space or a members-only item: plain forms that
/// come back to the page they were on (which then plays what joining opened) with a flash message.
/// </summary>
[Authorize]
public sealed class MembershipController(Catalogue catalogue, OrganizationClient organizations, Memberships memberships) : Controller
{
    [HttpPost(SiteRoutes.OrganizationSpace + "/join")]
    public async Task<IActionResult> Join(string orgSlug, [FromForm] string? returnTo, CancellationToken ct)
    {
        if (await catalogue.GetOrganizationAsync(orgSlug, ct) is not { } organization) return NotFound();
        var back = SafeRedirect.Or(returnTo, SiteRoutes.OrganizationPath(organization.Slug));
        try
        {
            await organizations.JoinAsync(organization.Id, ct);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status403Forbidden)
        {
            return Back(back, e.Error.Message, refused: true);
        }
        await memberships.ForgetAsync(User.UserId()!.Value, ct);
        return Back(back, $"You joined {organization.Name}. Welcome!");
    }

    [HttpPost(SiteRoutes.OrganizationSpace + "/leave")]
    public async Task<IActionResult> Leave(string orgSlug, [FromForm] string? returnTo, CancellationToken ct)
    {
        if (await catalogue.GetOrganizationAsync(orgSlug, ct) is not { } organization) return NotFound();
        var back = SafeRedirect.Or(returnTo, SiteRoutes.OrganizationPath(organization.Slug));
        try
        {
            await organizations.LeaveAsync(organization.Id, ct);
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            return Back(back, e.Error.Message, refused: true);
        }
        await memberships.ForgetAsync(User.UserId()!.Value, ct);
        // A studio page of the organization is no longer theirs: its public space is.
        if (back.StartsWith("/studio/", StringComparison.Ordinal)) back = SiteRoutes.OrganizationPath(organization.Slug);
        return Back(back, $"You left {organization.Name}.");
    }

    private IActionResult Back(string location, string message, bool refused = false)
    {
        TempData[refused ? Flash.RefusalKey : Flash.Key] = message;
        return PageResults.Redirect(HttpContext, location);
    }
}
