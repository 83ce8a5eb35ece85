using FluentValidation;

namespace Codex.Contracts.Admin;

/// <summary>Where an organization stands: <c>active</c>, <c>suspended</c> by a platform admin (reversible), or <c>deleted</c> by its owner.</summary>
public enum OrganizationStatus { Active, Suspended, Deleted }

/// <summary>
/// One organization in <c>GET /api/admin/organizations</c>, with what an operator looks at: its active members and its
/// published items (live ones). <c>suspensionReason</c>: the reason of the last suspension, while it is suspended.
/// </summary>
public sealed record AdminOrganizationDto(Guid Id, string Slug, string Name, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt,
    DateTimeOffset? DeletedAt, int Members, int PublishedContent, string? SuspensionReason)
{
    public OrganizationStatus Status =>
        DeletedAt is not null ? OrganizationStatus.Deleted : SuspendedAt is not null ? OrganizationStatus.Suspended : OrganizationStatus.Active;
}

/// <summary>The query of <c>GET /api/admin/organizations</c>: a search of name or slug, a status (addition), paging.</summary>
public sealed record AdminOrganizationListQuery
{
    public const int SearchMax = 255;

    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public string? Search { get; init; }
    public OrganizationStatus? Status { get; init; }

    public static AdminOrganizationListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new AdminOrganizationListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Search = reader.String("search"),
            Status = reader.Enum<OrganizationStatus>("status"),
        };
        reader.AddErrors(new AdminOrganizationListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class AdminOrganizationListQueryValidator : AbstractValidator<AdminOrganizationListQuery>
{
    public AdminOrganizationListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Search!).MaximumLength(AdminOrganizationListQuery.SearchMax).When(q => q.Search is not null)
            .WithMessage($"Use at most {AdminOrganizationListQuery.SearchMax} characters.");
    }
}

/// <summary><c>PATCH /api/admin/organizations/:id</c>: suspend or lift the suspension; <c>reason</c> (addition) goes to the audit log.</summary>
public sealed record UpdateOrganizationStatusRequest(bool? Suspended, string? Reason);

public sealed class UpdateOrganizationStatusRequestValidator : AbstractValidator<UpdateOrganizationStatusRequest>
{
    public UpdateOrganizationStatusRequestValidator()
    {
        RuleFor(r => r.Suspended).NotNull().WithMessage("Say whether the organization is suspended (true or false).");
        RuleFor(r => r.Reason!).MaximumLength(UpdateUserRequestValidator.ReasonMax).When(r => r.Reason is not null)
            .WithMessage($"Use at most {UpdateUserRequestValidator.ReasonMax} characters.");
    }
}

/// <summary>The sentences both sides show about a suspended organization.</summary>
public static class SuspensionMessages
{
    /// <summary>Checkout's 422 <c>CONTENT_NOT_PURCHASABLE</c> for an item of a suspended organization.</summary>
    public const string NotPurchasable =
        "This organization has been suspended by Codex, so its content cannot be bought for now. Anything you already bought stays yours.";

    /// <summary>Joining's 403 <c>FORBIDDEN</c>.</summary>
    public const string NoJoining = "This organization has been suspended by Codex and does not take new members for now.";
}
