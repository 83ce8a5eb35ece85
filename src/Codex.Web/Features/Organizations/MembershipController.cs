using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Organizations;

/// <summary>
/// Joining an organization as a free member and leaving it, from its space or a members-only item: plain forms that
/// come back to the page they were on (which then plays what joining opened) with a flash message. With JavaScript
/// (optimistic.js, issue 16) the same post comes as an htmx-shaped request and gets the join panel in its new state,
/// or the refusal as a short plain-text sentence and its status code, which the page shows in a toast as it undoes.
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
            return Refused(back, e);
        }
        await memberships.ForgetAsync(User.UserId()!.Value, ct);
        return await DoneAsync(organization, back, $"You joined {organization.Name}. Welcome!", ct);
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
            return Refused(back, e);
        }
        await memberships.ForgetAsync(User.UserId()!.Value, ct);
        // A studio page of the organization is no longer theirs: its public space is.
        if (back.StartsWith("/studio/", StringComparison.Ordinal)) back = SiteRoutes.OrganizationPath(organization.Slug);
        return await DoneAsync(organization, back, $"You left {organization.Name}.", ct);
    }

    /// <summary>The page to come back to with a flash; for an optimistic request, the panel as it now is.</summary>
    private async Task<IActionResult> DoneAsync(Contracts.Organizations.OrganizationDto organization, string back, string message, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return Back(back, message);
        var panel = await JoinPanelModel.ForAsync(HttpContext, memberships, organization, await catalogue.GetSettingsAsync(organization, ct), back, ct);
        // The change is made; only reading it back failed: the page's next load shows it.
        if (panel is null) return Content(message, "text/plain");
        // Joining from a members-only item reloads it (to play it): the flash says so there, as without JavaScript.
        if (panel.OpensItem) TempData[Flash.Key] = message;
        return PartialView("_JoinPanel", panel with { Message = message });
    }

    private IActionResult Refused(string back, WorkerCallException refusal)
    {
        if (!Request.WantsFragment()) return Back(back, refusal.Error.Message, refused: true);
        return new ContentResult { StatusCode = refusal.Status, Content = refusal.Error.Message, ContentType = "text/plain; charset=utf-8" };
    }

    private IActionResult Back(string location, string message, bool refused = false)
    {
        TempData[refused ? Flash.RefusalKey : Flash.Key] = message;
        return PageResults.Redirect(HttpContext, location);
    }
}
