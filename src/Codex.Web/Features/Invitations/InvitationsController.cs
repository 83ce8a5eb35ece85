using System.Text.Json;
using Codex.Contracts.Organizations;
using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Invitations;

/// <summary>
/// <c>/invitations/accept?token=</c>, the link of an invitation mail. Signed out, it says what the invitation is and
/// offers to sign in or create an account, both leading back here; signed in with the invited address, an Accept
/// button; signed in as someone else, which address was invited (masked) and a way to switch; a link that no longer
/// works, why. Accepting lands in the organization's studio (creators and up) or its space (members).
/// The page carries the token, so it is never stored by any cache.
/// </summary>
public sealed class InvitationsController(OrganizationClient organizations, Memberships memberships) : Controller
{
    [HttpGet(SiteRoutes.AcceptInvitation)]
    public async Task<IActionResult> Accept(string? token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "private, no-cache, no-store"; // as antiforgery wants it, so it is not overridden (with a warning)
        // Who is looking decides what the page offers: not knowing is not "signed out".
        if (HttpContext.SessionUnknown()) return ErrorPages.Unavailability(HttpContext);
        return Page(await ModelAsync(token, ct));
    }

    [HttpPost(SiteRoutes.AcceptInvitation)]
    [Authorize]
    [ActionName("Accept")]
    public async Task<IActionResult> AcceptConfirmed([FromForm] string? token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "private, no-cache, no-store"; // as antiforgery wants it, so it is not overridden (with a warning)
        MembershipDto membership;
        try
        {
            membership = await organizations.AcceptInvitationAsync(token ?? "", ct);
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden)
        {
            // Used or withdrawn meanwhile, or another account: the page again, saying which.
            return Page(await ModelAsync(token, ct));
        }
        await memberships.ForgetAsync(User.UserId()!.Value, ct);
        var organization = membership.Organization;
        var role = membership.Role;
        var destination = StudioOrganizations.CanManage(role) ? StudioPaths.Dashboard(organization.Slug) : SiteRoutes.OrganizationPath(organization.Slug);
        TempData[Flash.Key] = $"Welcome to {organization.Name}! You are {RoleNames.WithArticle(role)} now.";
        return PageResults.Redirect(HttpContext, destination);
    }

    private IActionResult Page(InvitationViewModel model)
    {
        Response.StatusCode = model.State switch
        {
            InvitationState.Invalid => StatusCodes.Status400BadRequest,
            InvitationState.WrongAccount => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status200OK,
        };
        return Request.WantsFragment() ? PartialView("_Invitation", model) : View("Accept", model);
    }

    private async Task<InvitationViewModel> ModelAsync(string? token, CancellationToken ct)
    {
        var path = SiteRoutes.AcceptInvitation + "?token=" + Uri.EscapeDataString(token ?? "");
        if (string.IsNullOrEmpty(token) || token.Length > 200) return new InvitationViewModel(path, token ?? "", null, InvitationRules.Unknown, User.Email());
        try
        {
            return new InvitationViewModel(path, token, await organizations.PreviewInvitationAsync(token, ct), null, User.Email());
        }
        catch (WorkerCallException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            var reason = e.Error.Details is JsonElement { ValueKind: JsonValueKind.Object } details
                && details.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new InvitationViewModel(path, token, null, reason ?? InvitationRules.Unknown, User.Email());
        }
    }
}

public enum InvitationState { Invalid, SignedOut, WrongAccount, Ready }

/// <summary>What an invitation link offers to whoever opened it.</summary>
/// <param name="Path">This page's own path (sign-in and registration lead back to it).</param>
/// <param name="Reason">Why the link no longer works (<see cref="InvitationRules"/>), when it does not.</param>
/// <param name="ViewerEmail">The signed-in address ("" when signed out).</param>
public sealed record InvitationViewModel(string Path, string Token, InvitationPreviewDto? Preview, string? Reason, string ViewerEmail)
{
    public InvitationState State => Preview switch
    {
        null => InvitationState.Invalid,
        { ForCaller: null } => InvitationState.SignedOut,
        { ForCaller: false } => InvitationState.WrongAccount,
        _ => InvitationState.Ready,
    };

    public string SignInUrl => SignInRedirect.To(Path);

    public string RegisterUrl => SiteRoutes.Register + "?redirect=" + Uri.EscapeDataString(Path);

    public string? RoleText => Preview is { } p ? RoleNames.WithArticle(p.Role) : null;

    public string ReasonText => Reason switch
    {
        InvitationRules.Used => "This invitation has been used already. If you accepted it, you will find the organization in your studio or on its page.",
        InvitationRules.Expired => "This invitation has expired: links work for 7 days. Ask the organization to invite you again.",
        InvitationRules.Withdrawn => "This invitation was withdrawn by the organization. Ask them if you think this is a mistake.",
        _ => "This invitation link is not valid. Check that you opened or copied the whole link from the email.",
    };
}
