using Codex.Web.Infrastructure;
using Codex.Contracts.Admin;
using Codex.Web.Features.Admin.Shared;
using FluentValidation;

namespace Codex.Web.Features.Admin.Users;

/// <summary>The users page's URLs, in one place for views, controllers and tests.</summary>
public static class AdminUsersPaths
{
    public static string Index => SiteRoutes.AdminUsers;
    public static string Show(Guid id) => SiteRoutes.AdminUsers + "/" + id.ToString("D");
    public static string Action(Guid id, UserAction action) => Show(id) + "/" + action.ToString().ToLowerInvariant();
    /// <summary>The confirmation step of a role change to <paramref name="role"/>.</summary>
    public static string Role(Guid id, UserRole role) => Action(id, UserAction.Role) + "?role=" + ContractJson.WireName(role);
}

/// <summary>What an admin can do to an account from its page, each after a confirmation with a reason.</summary>
public enum UserAction { Disable, Enable, Role }

/// <summary>The users list's query (<c>?q=&amp;role=&amp;status=&amp;page=</c>), as typed.</summary>
public sealed class UsersQueryForm
{
    public const int PageSize = Paging.DefaultLimit;

    public string? Q { get; set; }
    public string? Role { get; set; }
    public string? Status { get; set; }
    public string? Page { get; set; }

    public string? Search => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
    public UserRole? RoleValue => ContractJson.TryParseWire<UserRole>(Role?.Trim(), out var role) ? role : null;
    public AccountStatus? StatusValue => ContractJson.TryParseWire<AccountStatus>(Status?.Trim(), out var status) ? status : null;
    public int PageValue => PagerModel.PageOf(Page);

    public bool Filtered => Search is not null || RoleValue is not null || StatusValue is not null;

    public UserListQuery ToQuery() => new() { Search = Search, Role = RoleValue, Status = StatusValue, Page = PageValue, Limit = PageSize };

    /// <summary>The URL of this search at page <paramref name="page"/>.</summary>
    public string UrlFor(int page) => AdminOps.Url(AdminUsersPaths.Index, ("q", Search),
        ("role", RoleValue is { } r ? ContractJson.WireName(r) : null), ("status", StatusValue is { } s ? ContractJson.WireName(s) : null),
        ("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
}

public sealed class UsersQueryFormValidator : AbstractValidator<UsersQueryForm>
{
    public UsersQueryFormValidator()
    {
        RuleFor(f => f.Q).MaximumLength(UserListQuery.SearchMax).WithMessage($"Use at most {UserListQuery.SearchMax} characters to search.");
        RuleFor(f => f.Role).Must(r => string.IsNullOrWhiteSpace(r) || ContractJson.TryParseWire<UserRole>(r.Trim(), out _))
            .WithMessage("Choose a role from the list.");
        RuleFor(f => f.Status).Must(s => string.IsNullOrWhiteSpace(s) || ContractJson.TryParseWire<AccountStatus>(s.Trim(), out _))
            .WithMessage("Choose a status from the list.");
        RuleFor(f => f.Page).Must(PagerModel.IsPage).WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }
}

/// <summary>A confirmation step's form: the reason (required), and for a role change the role.</summary>
public sealed class UserActionForm
{
    public string? Reason { get; set; }
    public string? Role { get; set; }

    public UserRole? RoleValue => ContractJson.TryParseWire<UserRole>(Role?.Trim(), out var role) ? role : null;

    public UpdateUserRequest ToRequest(UserAction action) => action switch
    {
        UserAction.Disable => new(null, true, Reason?.Trim()),
        UserAction.Enable => new(null, false, Reason?.Trim()),
        _ => new(RoleValue, null, Reason?.Trim()),
    };
}

/// <summary>The reason is required (the audit log keeps it) and at most what the Admin-API takes; a role change names a role.</summary>
public sealed class UserActionFormValidator : AbstractValidator<UserActionForm>
{
    public UserActionFormValidator()
    {
        RuleFor(f => f.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Say why: the audit log keeps the reason.")
            .MaximumLength(UpdateUserRequestValidator.ReasonMax).WithMessage($"Use at most {UpdateUserRequestValidator.ReasonMax} characters.");
        RuleFor(f => f.Role).Must(r => ContractJson.TryParseWire<UserRole>(r?.Trim(), out _))
            .When(f => f.Role is not null).WithMessage("Choose a role from the list.");
    }
}

/// <summary>/admin/users: the search as typed, its results (null when the Admin-API did not answer), and what was wrong with the query.</summary>
public sealed record UsersViewModel(UsersQueryForm Query, PagedList<AdminUserDto>? Users, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>/admin/users/{id}: the account, and whether the viewer is looking at themself (who cannot disable or demote themself).</summary>
public sealed record UserViewModel(AdminUserDetailsDto Details, bool IsSelf)
{
    public AdminUserDto User => Details.User;
}

/// <summary>A confirmation step: the account, the action, and the form as typed.</summary>
public sealed record UserActionViewModel(AdminUserDetailsDto Details, UserAction Action, UserActionForm Form)
{
    public AdminUserDto User => Details.User;

    /// <summary>The role a role change gives, as the form names it (the current one when it names none).</summary>
    public UserRole TargetRole => Form.RoleValue ?? User.Role;

    public string Heading => Action switch
    {
        UserAction.Disable => $"Disable {User.Name}?",
        UserAction.Enable => $"Enable {User.Name}?",
        _ => $"Make {User.Name} {AdminOps.RoleWithArticle(TargetRole)}?",
    };

    public string Consequence => Action switch
    {
        UserAction.Disable => $"{User.Name} ({User.Email}) is signed out everywhere at once ({Details.ActiveSessions} open " +
            $"{(Details.ActiveSessions == 1 ? "session" : "sessions")}) and cannot sign in until an admin enables the account again. " +
            "Their purchases and memberships stay as they are.",
        UserAction.Enable => $"{User.Name} ({User.Email}) can sign in again, with their purchases and memberships as they were.",
        _ => TargetRole == UserRole.Admin
            ? $"{User.Name} ({User.Email}) gets every power of this admin area: people, organizations, content, refunds and mail."
            : $"{User.Name} ({User.Email}) becomes {AdminOps.RoleWithArticle(TargetRole)} on the platform" +
              (User.Role == UserRole.Admin ? " and loses the admin area at once." : "."),
    };

    public string Button => Action switch
    {
        UserAction.Disable => "Disable account",
        UserAction.Enable => "Enable account",
        _ => "Change role",
    };
}
