using Codex.Web.Infrastructure;
using System.Text.Json;
using Codex.Contracts.Admin;
using Codex.Web.Features.Admin.Shared;
using FluentValidation;

namespace Codex.Web.Features.Admin.Audit;

/// <summary>The audit log's query (<c>?action=&amp;actorId=&amp;targetType=&amp;targetId=&amp;page=</c>), as typed.</summary>
public sealed class AuditQueryForm
{
    public const int PageSize = 50;

    /// <summary>The actions the workers write today, offered as suggestions (the filter takes any text).</summary>
    public static readonly string[] KnownActions =
    [
        "user.disable", "user.enable", "user.role", "organization.suspend", "organization.unsuspend", "organization.delete",
        "content.unpublish", "purchase.refund", "grant.create",
    ];

    public static readonly string[] TargetTypes = ["user", "organization", "content", "purchase"];

    public string? Action { get; set; }
    public string? ActorId { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? Page { get; set; }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public int PageValue => PagerModel.PageOf(Page);
    public bool Filtered => Clean(Action) is not null || Clean(ActorId) is not null || Clean(TargetType) is not null || Clean(TargetId) is not null;

    public AuditListQuery ToQuery() => new()
    {
        Action = Clean(Action), ActorId = Guid.TryParse(Clean(ActorId), out var actor) ? actor : null, TargetType = Clean(TargetType),
        TargetId = Clean(TargetId), Page = PageValue, Limit = PageSize,
    };

    public string UrlFor(int page) => AdminOps.Url(SiteRoutes.AdminAudit, ("action", Clean(Action)), ("actorId", Clean(ActorId)),
        ("targetType", Clean(TargetType)), ("targetId", Clean(TargetId)),
        ("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
}

public sealed class AuditQueryFormValidator : AbstractValidator<AuditQueryForm>
{
    public AuditQueryFormValidator()
    {
        RuleFor(f => f.Action).MaximumLength(AuditListQuery.ActionMax).WithMessage($"Use at most {AuditListQuery.ActionMax} characters for the action.");
        RuleFor(f => f.ActorId).Must(a => string.IsNullOrWhiteSpace(a) || Guid.TryParse(a.Trim(), out _))
            .WithMessage("The admin's id is a UUID, like 3f2c…; open an account's page to filter by what it did.");
        RuleFor(f => f.TargetType).MaximumLength(AuditListQuery.TargetTypeMax).WithMessage($"Use at most {AuditListQuery.TargetTypeMax} characters for the kind of target.");
        RuleFor(f => f.TargetId).MaximumLength(AuditListQuery.TargetIdMax).WithMessage($"Use at most {AuditListQuery.TargetIdMax} characters for the target's id.");
        RuleFor(f => f.Page).Must(PagerModel.IsPage).WithMessage($"Page must be a number from 1 to {Paging.MaxPage}.");
    }
}

public sealed record AuditViewModel(AuditQueryForm Query, PagedList<AuditEntryDto>? Entries, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>Where a target's own admin page is, when it has one.</summary>
    public static string? TargetUrl(AuditEntryDto entry) => Guid.TryParse(entry.TargetId, out var id)
        ? entry.TargetType switch
        {
            "user" => SiteRoutes.AdminUsers + "/" + id.ToString("D"),
            "organization" => SiteRoutes.AdminOrganizations + "/" + id.ToString("D"),
            _ => null,
        }
        : null;

    /// <summary>The details object as short <c>name: value</c> pairs (amounts, old and new values).</summary>
    public static IEnumerable<(string Name, string Value)> Details(AuditEntryDto entry)
    {
        if (entry.Details is not { ValueKind: JsonValueKind.Object } details) yield break;
        foreach (var property in details.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? "",
                JsonValueKind.Null => "none",
                _ => property.Value.GetRawText(),
            };
            yield return (property.Name, value.Length > 80 ? value[..80] + "…" : value);
        }
    }
}
