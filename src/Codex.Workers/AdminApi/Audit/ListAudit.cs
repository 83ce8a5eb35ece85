using System.Text.Json;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Audit;

/// <summary>
/// <c>GET /api/admin/audit?page=&amp;limit=</c> (platform admin), with exact filters (additions) <c>action</c>,
/// <c>actorId</c>, <c>targetType</c> and <c>targetId</c>: the audit log, newest first, every action of every worker
/// (grants, refunds, deletions, disabling, suspension...). Each row names its actor (or says the account was deleted
/// since) and, where one is known, its target in words: a user's email, an organization's name, a purchase's item.
/// </summary>
public static class ListAudit
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var query = AuditListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var entries = db.AuditLog.AsNoTracking();
        if (query.Action is { } action) entries = entries.Where(a => a.Action == action);
        if (query.ActorId is { } actor) entries = entries.Where(a => a.ActorId == actor);
        if (query.TargetType is { } type) entries = entries.Where(a => a.TargetType == type);
        if (query.TargetId is { } target)
        {
            // Ids are written lower-case ("D"); one typed or pasted in capitals still finds them.
            var targetId = Guid.TryParse(target, out var parsed) ? parsed.ToString("D") : target;
            entries = entries.Where(a => a.TargetId == targetId);
        }

        var total = await entries.CountAsync(ct);
        var page = await entries.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit)
            .ToListAsync(ct);
        var labels = await LabelsAsync(db, page, ct);
        var items = page.Select(a =>
        {
            labels.Actors.TryGetValue(a.ActorId, out var actorRow);
            return new AuditEntryDto(a.Id, a.ActorId, actorRow?.Deleted == false ? actorRow.Name : null, actorRow?.Deleted == false ? actorRow.Email : null,
                actorRow is null || actorRow.Deleted, a.Action, a.TargetType, a.TargetId, labels.Targets.GetValueOrDefault((a.TargetType, a.TargetId)),
                a.OrganizationId, a.Reason, Details(a.Details), a.CreatedAt);
        }).ToList();
        return Results.Json(new PagedList<AuditEntryDto>(items, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    private static JsonElement? Details(string? json)
    {
        if (json is null) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null; // cut at 4,000 characters when written: not worth failing the page for
        }
    }

    private sealed record Actor(string Name, string Email, bool Deleted);

    private sealed record Labels(Dictionary<Guid, Actor> Actors, Dictionary<(string, string), string> Targets);

    /// <summary>The page's actors and target labels: one query per kind of row on the page (at most four), never one per row.</summary>
    private static async Task<Labels> LabelsAsync(CodexDbContext db, List<AuditEntry> page, CancellationToken ct)
    {
        Guid[] Ids(string type) => page.Where(a => a.TargetType == type).Select(a => Guid.TryParseExact(a.TargetId, "D", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToArray();

        var actorIds = page.Select(a => a.ActorId).Distinct().ToArray();
        var userIds = Ids(AuditTrail.UserTarget);
        var people = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id) || userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Name, u.Email, Deleted = u.DeletedAt != null })
            .ToDictionaryAsync(u => u.Id, u => new Actor(u.Name, u.Email, u.Deleted), ct);

        var targets = new Dictionary<(string, string), string>();
        foreach (var id in userIds)
        {
            if (people.TryGetValue(id, out var person)) targets[(AuditTrail.UserTarget, id.ToString("D"))] = person.Deleted ? "deleted account" : person.Email;
        }
        var organizationIds = Ids(AuditTrail.OrganizationTarget);
        if (organizationIds.Length > 0)
        {
            foreach (var o in await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
                targets[(AuditTrail.OrganizationTarget, o.Id.ToString("D"))] = o.Name;
        }
        var purchaseIds = Ids(AuditTrail.PurchaseTarget);
        if (purchaseIds.Length > 0)
        {
            foreach (var p in await db.Purchases.AsNoTracking().Where(p => purchaseIds.Contains(p.Id)).Select(p => new { p.Id, p.Content!.Title }).ToListAsync(ct))
                targets[(AuditTrail.PurchaseTarget, p.Id.ToString("D"))] = p.Title;
        }
        var contentIds = Ids(AuditTrail.ContentTarget);
        if (contentIds.Length > 0)
        {
            foreach (var c in await db.Content.AsNoTracking().Where(c => contentIds.Contains(c.Id)).Select(c => new { c.Id, c.Title }).ToListAsync(ct))
                targets[(AuditTrail.ContentTarget, c.Id.ToString("D"))] = c.Title;
        }
        return new Labels(people.Where(p => actorIds.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value), targets);
    }
}
