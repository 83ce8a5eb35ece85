using Codex.Contracts.Auth;
using FluentValidation;

namespace Codex.Contracts.Organizations;

/// <summary><c>PATCH /api/organizations/:id/members/:userId</c>: a member's new role.</summary>
public sealed record UpdateMemberRequest(MemberRole? Role);

/// <summary><c>POST /api/organizations/:id/invitations</c>: invite an address with a role (admin, creator or member).</summary>
public sealed record CreateInvitationRequest(string? Email, MemberRole? Role);

/// <summary><c>POST /api/invitations/accept</c> and <c>/preview</c>: the token of an invitation link.</summary>
public sealed record InvitationTokenRequest(string? Token);

/// <summary>A pending invitation, as the members page lists it.</summary>
public sealed record InvitationDto(Guid Id, Guid OrganizationId, string Email, MemberRole Role, string? InvitedByName,
    DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt);

/// <summary>
/// What an invitation link offers (<c>POST /api/invitations/preview</c>): the organization, the role, the invited
/// address masked, and, when the caller is signed in, whether it is their address.
/// </summary>
public sealed record InvitationPreviewDto(OrganizationDto Organization, MemberRole Role, string EmailHint, DateTimeOffset ExpiresAt,
    bool? ForCaller);

/// <summary>
/// <c>details</c> of a 400 <c>INVALID_TOKEN</c> about an invitation: why the link no longer works
/// (<see cref="InvitationRules.Unknown"/>, <see cref="InvitationRules.Used"/>, <see cref="InvitationRules.Expired"/>,
/// <see cref="InvitationRules.Withdrawn"/>).
/// </summary>
public sealed record InvitationProblemDetails(string Reason);

/// <summary>The rules of invitations and roles that the workers and the site share.</summary>
public static class InvitationRules
{
    /// <summary>How long an invitation link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public const string Unknown = "unknown";
    public const string Used = "used";
    public const string Expired = "expired";
    public const string Withdrawn = "withdrawn";

    /// <summary>The roles an invitation may give (an owner is made by an owner, from the members list).</summary>
    public static readonly IReadOnlyList<MemberRole> InvitableRoles = [MemberRole.Admin, MemberRole.Creator, MemberRole.Member];

    /// <summary>An address shown to someone who may not be its owner: <c>j•••@example.com</c>.</summary>
    public static string MaskEmail(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0) return "•••";
        return email[0] + "•••" + email[at..];
    }
}

public sealed class UpdateMemberRequestValidator : AbstractValidator<UpdateMemberRequest>
{
    public UpdateMemberRequestValidator() => RuleFor(r => r.Role).NotNull().WithMessage("Choose a role.");
}

public sealed class CreateInvitationRequestValidator : AbstractValidator<CreateInvitationRequest>
{
    public CreateInvitationRequestValidator()
    {
        RuleFor(r => r.Email).ValidEmail();
        RuleFor(r => r.Role).NotNull().WithMessage("Choose a role.")
            .Must(r => r is null || InvitationRules.InvitableRoles.Contains(r.Value))
            .WithMessage("Invite as an admin, a creator or a member; make someone an owner from the members list.");
    }
}
