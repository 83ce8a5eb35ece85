using System.Text.Json;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Profile;

/// <summary>
/// <c>DELETE /api/organizations/:id</c>: its owner (or a platform admin) deletes the organization, softly
/// (<see cref="Organization.DeletedAt"/>, ADR 022). From then on it is a 404 to every organization route, its content
/// leaves the catalogue, search, the sitemap and the studio, and its memberships stop counting; buyers keep what they
/// paid for (library, content page, streaming, progress). Its slug stays taken. Pending invitations are withdrawn.
/// </summary>
public static class DeleteOrganization
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, OrganizationAccess access, TimeProvider clock,
        SiteCache site, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var manager = await access.RequireManagerAsync(organizationId, ct);
        if (!manager.IsOwner) throw ApiException.Forbidden();

        var now = clock.StoredNow();
        // One conditional write: of two deletions at once, one changes the row and the other is a 404, as after it.
        var deleted = await db.Organizations.Where(o => o.Id == organizationId && o.DeletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.DeletedAt, now).SetProperty(o => o.UpdatedAt, now), ct);
        if (deleted == 0) throw OrganizationAccess.NotFound();

        await db.Invitations.Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), ct);
        var slug = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Slug).FirstAsync(ct);
        db.AuditLog.Add(new AuditEntry
        {
            Id = Guid.NewGuid(), ActorId = manager.User.Id, Action = "organization.delete", TargetType = "organization",
            TargetId = organizationId.ToString("D"), OrganizationId = organizationId, CreatedAt = now,
            Details = JsonSerializer.Serialize(new { slug }),
        });
        await db.SaveChangesAsync(ct);

        // The site drops the catalogue, the organization and what it holds about each member (their studio list) now.
        var members = await db.Memberships.Where(m => m.OrganizationId == organizationId).Select(m => m.UserId).ToListAsync(ct);
        await site.InvalidateAsync([CacheTags.Content, .. CacheTags.OrganizationsChanged(slug)], ct);
        foreach (var chunk in members.Select(CacheTags.User).Chunk(100)) await site.InvalidateAsync(chunk, ct); // the site reads 100 a call
        return Results.NoContent();
    }
}
