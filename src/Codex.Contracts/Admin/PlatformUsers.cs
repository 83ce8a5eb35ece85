using FluentValidation;

namespace Codex.Contracts.Admin;

/// <summary>
/// Where an account stands, as the platform admin filters and sees it: <c>active</c>, <c>disabled</c> by an admin (every
/// session ended, sign-in refused), or <c>deleted</c> by its owner (the row kept anonymised for the organizations'
/// books; it cannot be changed).
/// </summary>
public enum AccountStatus { Active, Disabled, Deleted }

/// <summary>One account in <c>GET /api/admin/users</c>.</summary>
public sealed record AdminUserDto(Guid Id, string Email, string Name, string? Username, UserRole Role, bool EmailVerified,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, DateTimeOffset? DeletedAt)
{
    /// <summary>Deleted wins over disabled: an anonymised account is gone, whatever else it was.</summary>
    public AccountStatus Status => DeletedAt is not null ? AccountStatus.Deleted : DisabledAt is not null ? AccountStatus.Disabled : AccountStatus.Active;
}

/// <summary>
/// <c>GET /api/admin/users/:id</c> (addition to the contract): one account with what an admin needs before acting on
/// it: how many sessions are open, its organizations, how many purchases it holds, and why it was disabled (the reason
/// of the last <c>user.disable</c> audit entry) while it is.
/// </summary>
public sealed record AdminUserDetailsDto(AdminUserDto User, int ActiveSessions, int Purchases, IReadOnlyList<AdminUserMembershipDto> Memberships,
    string? DisabledReason);

/// <summary>One organization the account belongs to.</summary>
public sealed record AdminUserMembershipDto(Guid OrganizationId, string OrganizationSlug, string OrganizationName, MemberRole Role,
    MembershipStatus Status);

/// <summary>The query of <c>GET /api/admin/users</c>: a search of email, name or username, a role, a status, paging.</summary>
public sealed record UserListQuery
{
    public const int SearchMax = 255;

    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    /// <summary>Contained in the email, the name or the username, ignoring case.</summary>
    public string? Search { get; init; }
    public UserRole? Role { get; init; }
    /// <summary>Addition to the contract.</summary>
    public AccountStatus? Status { get; init; }

    public static UserListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new UserListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Search = reader.String("search"),
            Role = reader.Enum<UserRole>("role"),
            Status = reader.Enum<AccountStatus>("status"),
        };
        reader.AddErrors(new UserListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class UserListQueryValidator : AbstractValidator<UserListQuery>
{
    public UserListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).MaximumLength(UserListQuery.SearchMax).When(q => q.Search is not null)
            .WithMessage($"Use at most {UserListQuery.SearchMax} characters.");
    }
}

/// <summary>
/// <c>PATCH /api/admin/users/:id</c>: a new platform role, disabled or enabled, or both; <c>reason</c> (addition to the
/// contract) goes to the audit log.
/// </summary>
public sealed record UpdateUserRequest(UserRole? Role, bool? Disabled, string? Reason);

public sealed class UpdateUserRequestValidator : AbstractValidator<UpdateUserRequest>
{
    public const int ReasonMax = 500;

    public UpdateUserRequestValidator()
    {
        RuleFor(r => r).Must(r => r.Role is not null || r.Disabled is not null).OverridePropertyName("_")
            .WithMessage("Say what to change: role, disabled, or both.");
        RuleFor(r => r.Reason!).MaximumLength(ReasonMax).When(r => r.Reason is not null)
            .WithMessage($"Use at most {ReasonMax} characters.");
    }
}

/// <summary>The sentences both sides show about a disabled account.</summary>
public static class AccountMessages
{
    /// <summary>What sign-in answers (403 <c>FORBIDDEN</c>) for a disabled account, once the password was right.</summary>
    public const string Disabled =
        "This account has been disabled by a Codex administrator, so you cannot sign in. If you think this is a mistake, " +
        "reply to any email you have had from Codex and tell us the address of your account.";
}
