using Codex.Web.Features.Studio.Shared;
using Codex.Web.Infrastructure;
using Codex.Web.Infrastructure.Auth;
using Codex.Web.Infrastructure.Htmx;
using Codex.Web.Infrastructure.Workers;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;

namespace Codex.Web.Features.Studio.Members;

/// <summary>
/// <c>/studio/{org}/members</c>, for owners and admins: the members with their roles (change, remove after a
/// confirmation), the pending invitations (withdraw), and the invite form. Every form is a plain POST that redirects
/// with a flash message; htmx posts the same forms and swaps the whole panel, which then says what happened. A
/// refusal (an admin touching an owner, the last owner) is a 422 with the reason above the table.
/// </summary>
[Authorize(Policy = Policies.OrganizationAdmin)]
[Route("/studio/{org}/members")]
public sealed class MembersController(StudioOrganizations organizations, OrganizationClient members, Memberships memberships,
    IValidator<InviteForm> inviteValidator) : FormController
{
    /// <summary>The panel; <c>?q=</c> searches names and emails, <c>?page=</c> pages (plain links, swapped by htmx).</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index(string org, [FromQuery] MembersQueryForm query, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        if (query.PageValue is null) return BadRequest();
        return Panel(await ModelAsync(organization, new InviteForm { Role = "member" }, ct, query));
    }

    [HttpPost("invite")]
    public async Task<IActionResult> Invite(string org, [FromForm] InviteForm form, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var model = await ModelAsync(organization, form, ct);
        return await SubmitAsync(form, inviteValidator, "Index", "_MembersPanel", async () =>
        {
            var invitation = await members.InviteAsync(organization.Id, form.ToRequest(), ct);
            return await ChangedAsync(organization,
                $"Invitation sent to {invitation.Email}. The link works once, for 7 days.", ct);
        }, model);
    }

    [HttpPost("{userId:guid}/role")]
    public async Task<IActionResult> Role(string org, Guid userId, [FromForm] RoleForm form, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        if (!ContractJson.TryParseWire<MemberRole>(form.Role?.Trim(), out var role))
            return await RefusedAsync(organization, "Choose one of the roles in the list.", ct);
        try
        {
            var member = await members.ChangeRoleAsync(organization.Id, userId, role, ct);
            var self = userId == User.UserId();
            if (self) await memberships.ForgetAsync(userId, ct);
            // Someone who made themself less than an admin can no longer open this page.
            if (self && !User.IsPlatformAdmin() && !StudioOrganizations.CanAdminister(role))
                return Done(StudioPaths.Home, $"You are now {RoleNames.WithArticle(role)} of {organization.Name}.");
            return await ChangedAsync(organization, $"{member.Name} is now {RoleNames.WithArticle(role)}.", ct);
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status400BadRequest or StatusCodes.Status403Forbidden
            or StatusCodes.Status404NotFound or StatusCodes.Status409Conflict)
        {
            return await RefusedAsync(organization, e.Error.Message, ct);
        }
    }

    /// <summary>The confirmation step before removing someone (or leaving): a page without JavaScript, the box in the panel with htmx.</summary>
    [HttpGet("{userId:guid}/remove")]
    public async Task<IActionResult> Remove(string org, Guid userId, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        if (await members.MemberAsync(organization.Id, userId, ct) is not { } member) return NotFound();
        var model = new RemoveMemberViewModel(organization, member, userId == User.UserId());
        return Request.WantsFragment() ? PartialView("_RemoveConfirm", model) : View("Remove", model);
    }

    [HttpPost("{userId:guid}/remove")]
    [ActionName("Remove")]
    public async Task<IActionResult> RemoveConfirmed(string org, Guid userId, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        var name = (await members.MemberAsync(organization.Id, userId, ct))?.Name ?? "This person";
        try
        {
            await members.RemoveMemberAsync(organization.Id, userId, ct);
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
            or StatusCodes.Status409Conflict)
        {
            return await RefusedAsync(organization, e.Error.Message, ct);
        }
        if (userId == User.UserId())
        {
            await memberships.ForgetAsync(userId, ct);
            return Done(StudioPaths.Home, $"You left {organization.Name}.");
        }
        return await ChangedAsync(organization, $"{name} is no longer a member of {organization.Name}.", ct);
    }

    [HttpPost("invitations/{invitationId:guid}/withdraw")]
    public async Task<IActionResult> Withdraw(string org, Guid invitationId, CancellationToken ct)
    {
        if (await organizations.FindAsync(org, ct) is not { } organization) return NotFound();
        try
        {
            await members.WithdrawInvitationAsync(organization.Id, invitationId, ct);
        }
        catch (WorkerCallException e) when (e.Status is StatusCodes.Status404NotFound or StatusCodes.Status409Conflict)
        {
            return await RefusedAsync(organization, e.Error.Message, ct);
        }
        return await ChangedAsync(organization, "Invitation withdrawn: its link no longer works.", ct);
    }

    /// <summary>Success: the fresh panel saying so for htmx, a redirect with a flash message for everyone else.</summary>
    private async Task<IActionResult> ChangedAsync(StudioOrganization organization, string message, CancellationToken ct)
    {
        if (!Request.WantsFragment()) return Done(MembersPaths.Index(organization.Slug), message);
        return PartialView("_MembersPanel", await ModelAsync(organization, new InviteForm { Role = "member" }, ct) with { Message = message });
    }

    private async Task<IActionResult> RefusedAsync(StudioOrganization organization, string problem, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Panel(await ModelAsync(organization, new InviteForm { Role = "member" }, ct) with { Problem = problem });
    }

    private IActionResult Panel(MembersViewModel model) => Request.WantsFragment() ? PartialView("_MembersPanel", model) : View("Index", model);

    private async Task<MembersViewModel> ModelAsync(StudioOrganization organization, InviteForm invite, CancellationToken ct,
        MembersQueryForm? query = null)
    {
        query ??= new MembersQueryForm();
        var list = members.MembersAsync(organization.Id, query.ToQuery(MembersViewModel.PageSize), ct);
        var invitations = members.InvitationsAsync(organization.Id, ct);
        await Task.WhenAll(list, invitations);
        return new MembersViewModel(organization, User.UserId() ?? Guid.Empty, organization.Role == MemberRole.Owner || User.IsPlatformAdmin(),
            await list, await invitations, invite) { Query = query };
    }
}
