using FluentValidation;

namespace Codex.Contracts.Admin;

/// <summary>
/// One entry of <c>GET /api/admin/audit</c>: who (the actor's name and email, or <c>actorDeleted</c> for an account
/// deleted since), what (<c>action</c>, e.g. <c>user.disable</c>), on what (<c>targetType</c>, <c>targetId</c> and a
/// human <c>targetLabel</c> where one is known: a user's email, an organization's name, a purchase's item), why
/// (<c>reason</c>), the particulars (<c>details</c>, a small JSON object) and when.
/// </summary>
public sealed record AuditEntryDto(Guid Id, Guid ActorId, string? ActorName, string? ActorEmail, bool ActorDeleted, string Action,
    string TargetType, string TargetId, string? TargetLabel, Guid? OrganizationId, string? Reason, System.Text.Json.JsonElement? Details,
    DateTimeOffset CreatedAt);

/// <summary>The query of <c>GET /api/admin/audit</c>: paging, and (additions) exact filters on action, actor and target.</summary>
public sealed record AuditListQuery
{
    public const int ActionMax = 100;
    public const int TargetTypeMax = 50;
    public const int TargetIdMax = 100;

    public int Page { get; init; } = 1;
    public int Limit { get; init; } = Paging.DefaultLimit;
    public string? Action { get; init; }
    public Guid? ActorId { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }

    public static AuditListQuery Read(Func<string, string?> get, out IReadOnlyDictionary<string, string[]>? fieldErrors)
    {
        var reader = new QueryReader(get);
        var query = new AuditListQuery
        {
            Page = reader.Int("page", 1),
            Limit = reader.Int("limit", Paging.DefaultLimit),
            Action = reader.String("action"),
            ActorId = reader.Guid("actorId"),
            TargetType = reader.String("targetType"),
            TargetId = reader.String("targetId"),
        };
        reader.AddErrors(new AuditListQueryValidator().Validate(query));
        fieldErrors = reader.FieldErrors;
        return query;
    }
}

public sealed class AuditListQueryValidator : AbstractValidator<AuditListQuery>
{
    public AuditListQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.Action!).MaximumLength(AuditListQuery.ActionMax).When(q => q.Action is not null)
            .WithMessage($"Use at most {AuditListQuery.ActionMax} characters.");
        RuleFor(q => q.TargetType!).MaximumLength(AuditListQuery.TargetTypeMax).When(q => q.TargetType is not null)
            .WithMessage($"Use at most {AuditListQuery.TargetTypeMax} characters.");
        RuleFor(q => q.TargetId!).MaximumLength(AuditListQuery.TargetIdMax).When(q => q.TargetId is not null)
            .WithMessage($"Use at most {AuditListQuery.TargetIdMax} characters.");
    }
}
