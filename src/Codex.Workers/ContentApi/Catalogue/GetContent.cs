using Codex.Contracts;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// <c>GET /api/content/:id</c>: a published item, or a draft to those who manage it; a 404 for everyone else,
/// so a draft's existence is not given away. The body is included only for callers with access.
/// </summary>
public static class GetContent
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, CurrentUser currentUser, ContentAccess access, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var contentId)) throw ApiException.Validation("id", "Expected a UUID.");

        var item = await db.Content.AsNoTracking().Include(c => c.Organization).Include(c => c.Creator)
            .FirstOrDefaultAsync(c => c.Id == contentId && c.DeletedAt == null, ct)
            ?? throw ApiException.NotFound("The content");
        var user = await currentUser.GetAsync(ct);
        if (item.Status != ContentStatus.Published && !await access.CanManageAsync(item, user, ct))
            throw ApiException.NotFound("The content");

        var dto = ContentProjection.Map(item) with
        {
            ContentBody = await access.HasAccessAsync(item, user, ct) ? item.ContentBody : null,
        };
        return Results.Json(new DataEnvelope<Codex.Contracts.Content.ContentDto>(dto), ContractJson.Options);
    }
}
