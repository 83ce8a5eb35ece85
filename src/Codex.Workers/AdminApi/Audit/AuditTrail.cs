using System.Text.Json;
using Codex.Data;

namespace Codex.Workers.AdminApi.Audit;

/// <summary>The actions the Admin-API writes to the audit log, and how an entry is made.</summary>
public static class AuditTrail
{
    public const string GrantCreate = "grant.create";
    public const string PurchaseRefund = "purchase.refund";
    public const string ContentUnpublish = "content.unpublish";
    public const string TemplateUpdate = Codex.Contracts.Notifications.TemplateAudit.Update; // written by the Notifications worker
    public const string TemplateReset = Codex.Contracts.Notifications.TemplateAudit.Reset; // written by the Notifications worker
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string UserRole = "user.role";
    public const string OrganizationSuspend = "organization.suspend";
    public const string OrganizationUnsuspend = "organization.unsuspend";

    public const string PurchaseTarget = "purchase";
    public const string ContentTarget = "content";
    public const string UserTarget = "user";
    public const string OrganizationTarget = "organization";

    /// <summary>
    /// Adds an entry to <paramref name="db"/> (saved with the change it records, where the change is a row of ours);
    /// <paramref name="details"/> is kept as a small JSON object.
    /// </summary>
    public static AuditEntry Add(CodexDbContext db, Guid actorId, string action, string targetType, Guid targetId, Guid? organizationId,
        string? reason, object? details, DateTimeOffset now)
    {
        var json = details is null ? null : JsonSerializer.Serialize(details, ContractJson.Options);
        var entry = new AuditEntry
        {
            Id = Guid.NewGuid(), ActorId = actorId, Action = action, TargetType = targetType, TargetId = targetId.ToString("D"),
            OrganizationId = organizationId, Reason = reason is { Length: > 500 } ? reason[..500] : reason,
            Details = json is { Length: > 4000 } ? json[..4000] : json, CreatedAt = now,
        };
        db.AuditLog.Add(entry);
        return entry;
    }
}
