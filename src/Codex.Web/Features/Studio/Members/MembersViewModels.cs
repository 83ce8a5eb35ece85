using System.Globalization;
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

/// <summary>The members list's query (<c>?q=&amp;page=</c>), as typed.</summary>
public sealed class MembersQueryForm
{
    public string? Q { get; set; }
    public string? Page { get; set; }

    /// <summary>The page asked for, or null when it is not a number from 1 to 1000.</summary>
    public int? PageValue => string.IsNullOrWhiteSpace(Page) ? 1
        : int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= Paging.MaxPage ? page : null;

    /// <summary>The search as the worker takes it (2..255 characters), or null.</summary>
    public string? Search => Q?.Trim() is { Length: >= MemberListQueryValidator.MinSearch and <= MemberListQueryValidator.MaxSearch } q ? q : null;

    /// <summary>Why the search typed is not used, or null.</summary>
    public string? SearchProblem => Q?.Trim() switch
    {
        null or "" => null,
        { Length: < MemberListQueryValidator.MinSearch } => $"Type at least {MemberListQueryValidator.MinSearch} characters to search.",
        { Length: > MemberListQueryValidator.MaxSearch } => $"Use at most {MemberListQueryValidator.MaxSearch} characters to search.",
        _ => null,
    };

    public MemberListQuery ToQuery(int limit) => new() { Page = PageValue ?? 1, Limit = limit, Search = Search };

    /// <summary>The URL of this search at page <paramref name="page"/>.</summary>
    public string UrlFor(string org, int page)
    {
        var parts = new List<string>();
        if (Search is { } q) parts.Add("q=" + Uri.EscapeDataString(q));
        if (page != 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? MembersPaths.Index(org) : MembersPaths.Index(org) + "?" + string.Join('&', parts);
    }
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
    PagedList<MemberDto> Members, IReadOnlyList<InvitationDto> Invitations, InviteForm Invite)
{
    /// <summary>Members per page.</summary>
    public const int PageSize = Paging.DefaultLimit;

    public MembersQueryForm Query { get; init; } = new();
    public string? Message { get; init; }
    public string? Problem { get; init; }

    public string Org => Organization.Slug;

    /// <summary>Whether the viewer may change this member's role or remove them (only owners touch owners).</summary>
    public bool CanManage(MemberDto member) => ViewerIsOwner || member.Role != MemberRole.Owner;

    /// <summary>The roles the viewer may give.</summary>
    public IReadOnlyList<MemberRole> AssignableRoles => ViewerIsOwner
        ? [MemberRole.Owner, MemberRole.Admin, MemberRole.Creator, MemberRole.Member]
        : [MemberRole.Admin, MemberRole.Creator, MemberRole.Member];

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
