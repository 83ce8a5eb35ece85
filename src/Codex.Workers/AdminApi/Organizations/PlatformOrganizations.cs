using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// <c>GET /api/admin/organizations?search=&amp;status=&amp;page=&amp;limit=</c> and (addition) <c>GET
/// /api/admin/organizations/:id</c>, platform admin only: every organization, deleted ones included, newest first, with
/// its active members, its published items and, while suspended, why.
/// </summary>
public static class PlatformOrganizations
{
    public static async Task<IResult> ListAsync(HttpRequest request, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var query = AdminOrganizationListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var organizations = db.Organizations.AsNoTracking();
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            organizations = organizations.Where(o => o.Name.ToLower().Contains(term) || o.Slug.ToLower().Contains(term));
        }
        organizations = query.Status switch
        {
            OrganizationStatus.Active => organizations.Where(o => o.DeletedAt == null && o.SuspendedAt == null),
            OrganizationStatus.Suspended => organizations.Where(o => o.DeletedAt == null && o.SuspendedAt != null),
            OrganizationStatus.Deleted => organizations.Where(o => o.DeletedAt != null),
            _ => organizations,
        };

        var total = await organizations.CountAsync(ct);
        var page = await RowsAsync(db, organizations.OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit), ct);
        return Results.Json(new PagedList<AdminOrganizationDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    public static async Task<IResult> GetAsync(string id, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var organizationId = OrganizationManagers.ParseId(id);
        var dto = await FindAsync(db, organizationId, ct) ?? throw NotFound();
        return Results.Json(new DataEnvelope<AdminOrganizationDto>(dto), ContractJson.Options);
    }

    public static async Task<AdminOrganizationDto?> FindAsync(CodexDbContext db, Guid organizationId, CancellationToken ct) =>
        (await RowsAsync(db, db.Organizations.AsNoTracking().Where(o => o.Id == organizationId), ct)).SingleOrDefault();

    public static ApiException NotFound() => ApiException.NotFound("The organization");

    /// <summary>The rows of <paramref name="organizations"/> (already ordered and paged) with their counts and suspension reasons.</summary>
    private static async Task<List<AdminOrganizationDto>> RowsAsync(CodexDbContext db, IQueryable<Organization> organizations, CancellationToken ct)
    {
        var rows = await organizations.Select(o => new AdminOrganizationDto(o.Id, o.Slug, o.Name, o.CreatedAt, o.SuspendedAt, o.DeletedAt,
                db.Memberships.Count(m => m.OrganizationId == o.Id && m.Status == MembershipStatus.Active),
                db.Content.Count(c => c.OrganizationId == o.Id && c.DeletedAt == null && c.Status == ContentStatus.Published),
                null))
            .ToListAsync(ct);
        // The reason of each suspended row's last suspension, from the audit log (one query for the page; the target is
        // kept as text there, so it is matched in the form the log writes).
        var suspended = rows.Where(r => r.Status == OrganizationStatus.Suspended).Select(r => r.Id.ToString("D")).ToList();
        if (suspended.Count == 0) return rows;
        var reasons = (await db.AuditLog.AsNoTracking()
                .Where(a => a.TargetType == AuditTrail.OrganizationTarget && a.Action == AuditTrail.OrganizationSuspend && suspended.Contains(a.TargetId))
                .Select(a => new { a.TargetId, a.Reason, a.CreatedAt })
                .ToListAsync(ct))
            .GroupBy(a => a.TargetId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.CreatedAt).First().Reason, StringComparer.Ordinal);
        return rows.Select(r => reasons.TryGetValue(r.Id.ToString("D"), out var reason) ? r with { SuspensionReason = reason } : r).ToList();
    }
}
