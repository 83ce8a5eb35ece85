using Codex.Contracts.Organizations;
using Codex.Web.Features.Studio.Shared;
using FluentValidation;

namespace Codex.Web.Features.Studio.Members;

/// <summary>The members page's URLs, in one place for views, controllers and tests.</summary>
public static class MembersPaths
{
    public static string Index(string org) => StudioPaths.Members(org);
    public static string Invite(string org) => Index(org) + "/invite";
    public static string Role(string org, Guid userId) => Index(org) + "/" + userId.ToString("D") + "/role";
    public static string Remove(string org, Guid userId) => Index(org) + "/" + userId.ToString("D") + "/remove";
    public static string Withdraw(string org, Guid invitationId) => Index(org) + "/invitations/" + invitationId.ToString("D") + "/withdraw";
}

/// <summary>The invite form, as typed.</summary>
public sealed class InviteForm
{
    public string? Email { get; set; }
    public string? Role { get; set; }

    public CreateInvitationRequest ToRequest() =>
        new(Email?.Trim(), ContractJson.TryParseWire<MemberRole>(Role?.Trim(), out var role) ? role : null);
}

/// <summary>The Organization-API's own rules (<see cref="CreateInvitationRequestValidator"/>) on what the form would send.</summary>
public sealed class InviteFormValidator : AbstractValidator<InviteForm>
{
    private static readonly CreateInvitationRequestValidator Rules = new();

    public InviteFormValidator() => RuleFor(f => f).Custom((form, context) =>
    {
        foreach (var failure in Rules.Validate(form.ToRequest()).Errors) context.AddFailure(failure.PropertyName, failure.ErrorMessage);
    });
}

/// <summary>A role change from one row of the members table.</summary>
public sealed class RoleForm
{
    public string? Role { get; set; }
}

/// <summary>
/// /studio/{org}/members: the whole panel (members, pending invitations, the invite form) that every form of the page
/// swaps with htmx. <see cref="Message"/> says what just happened (htmx answers; a redirect uses the flash instead),
/// <see cref="Problem"/> why a change was refused.
/// </summary>
public sealed record MembersViewModel(StudioOrganization Organization, Guid ViewerId, bool ViewerIsOwner,
    IReadOnlyList<MemberDto> Members, IReadOnlyList<InvitationDto> Invitations, InviteForm Invite)
{
    public string? Message { get; init; }
    public string? Problem { get; init; }

    public string Org => Organization.Slug;

    /// <summary>Whether the viewer may change this member's role or remove them (only owners touch owners).</summary>
    public bool CanManage(MemberDto member) => ViewerIsOwner || member.Role != MemberRole.Owner;

    /// <summary>The roles the viewer may give.</summary>
    public IReadOnlyList<MemberRole> AssignableRoles => ViewerIsOwner
        ? [MemberRole.Owner, MemberRole.Admin, MemberRole.Creator, MemberRole.Member]
        : [MemberRole.Admin, MemberRole.Creator, MemberRole.Member];

    public static string RoleName(MemberRole role) => role switch
    {
        MemberRole.Owner => "Owner",
        MemberRole.Admin => "Admin",
        MemberRole.Creator => "Creator",
        _ => "Member",
    };

    public static string RoleHint(MemberRole role) => role switch
    {
        MemberRole.Owner => "everything, including owners",
        MemberRole.Admin => "settings, members and sales",
        MemberRole.Creator => "content and media",
        _ => "members-only content",
    };
}

/// <summary>The confirmation step before removing someone.</summary>
public sealed record RemoveMemberViewModel(StudioOrganization Organization, MemberDto Member, bool IsSelf)
{
    public string Org => Organization.Slug;
}
