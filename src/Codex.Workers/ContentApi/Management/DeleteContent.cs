using Codex.Data;
using Codex.Workers.Pipeline;

namespace Codex.Workers.ContentApi.Management;

/// <summary>
/// <c>DELETE /api/content/:id</c>: soft. The item leaves the catalogue, the studio and the sitemap and its slug is
/// free again; buyers keep it in their library and can still play it (their purchase still points at the row).
/// </summary>
public static class DeleteContent
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, ContentManagers managers, TimeProvider clock,
        CancellationToken ct)
    {
        var (item, _) = await managers.RequireItemAsync(id, ct);
        var now = clock.StoredNow();
        item.DeletedAt = now;
        item.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await managers.PublicChangeAsync(item, ct);
        return Results.NoContent();
    }
}
