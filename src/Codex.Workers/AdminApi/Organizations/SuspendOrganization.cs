using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// <c>PATCH /api/admin/organizations/:id</c> <c>{suspended, reason?}</c> (platform admin): suspends an organization, or
/// lifts its suspension (ADR 028). While suspended its content is out of the catalogue (lists, search, home, sitemap, its
/// space) and cannot be bought or joined; buyers keep what they bought and its staff keep the studio. One conditional
/// write, with its audit entry (<c>organization.suspend</c> / <c>organization.unsuspend</c>) in the same transaction; a
/// value equal to the stored one changes nothing. A deleted organization is a 404, as on every other organization route
/// (ADR 022). Then the site drops the catalogue, the organization's pages and its members' cached memberships.
/// </summary>
public static class SuspendOrganization
{
    public static async Task<IResult> HandleAsync(string id, UpdateOrganizationStatusRequest body, CodexDbContext db, AdminAccess access,
        TimeProvider clock, SiteCache site, CancellationToken ct)
    {
        var admin = await access.RequirePlatformAdminAsync(ct);
        var organizationId = OrganizationManagers.ParseId(id);
        new UpdateOrganizationStatusRequestValidator().ValidateAndThrow(body);
        var suspend = body.Suspended!.Value;
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();

        var changed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var now = clock.StoredNow();
            var live = db.Organizations.Where(o => o.Id == organizationId && o.DeletedAt == null);
            var rows = suspend
                ? await live.Where(o => o.SuspendedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.SuspendedAt, now).SetProperty(o => o.UpdatedAt, now), token)
                : await live.Where(o => o.SuspendedAt != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.SuspendedAt, (DateTimeOffset?)null).SetProperty(o => o.UpdatedAt, now), token);
            if (rows == 0)
            {
                // Already as asked (nothing to write), or unknown or deleted (404).
                if (!await live.AnyAsync(token)) throw PlatformOrganizations.NotFound();
                return false;
            }
            var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => new { o.Slug, o.Name }).FirstAsync(token);
            AuditTrail.Add(db, admin.Id, suspend ? AuditTrail.OrganizationSuspend : AuditTrail.OrganizationUnsuspend, AuditTrail.OrganizationTarget,
                organizationId, organizationId, reason, new { slug = organization.Slug, name = organization.Name }, now);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return true;
        }, ct);

        if (changed)
        {
            // As DeleteOrganization does: the catalogue, the organization's own entries and pages, and each member's
            // cached memberships (their studio shows the suspension; members-only items change for them).
            var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Slug).FirstAsync(ct);
            var members = await db.Memberships.AsNoTracking().Where(m => m.OrganizationId == organizationId).Select(m => m.UserId).ToListAsync(ct);
            await site.InvalidateAsync([CacheTags.Content, .. CacheTags.OrganizationsChanged(slug)], ct);
            foreach (var chunk in members.Select(CacheTags.User).Chunk(100)) await site.InvalidateAsync(chunk, ct);
        }
        var dto = await PlatformOrganizations.FindAsync(db, organizationId, ct) ?? throw PlatformOrganizations.NotFound();
        return Results.Json(new DataEnvelope<AdminOrganizationDto>(dto), ContractJson.Options);
    }
}
