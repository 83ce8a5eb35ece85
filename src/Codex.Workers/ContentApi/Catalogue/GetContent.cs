using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// <c>GET /api/content/:id</c> and <c>GET /api/content/slug/:slug?organizationId=</c>: a published item, a draft
/// to those who manage it, an unpublished or deleted item to those who bought it; a 404 for everyone else, so a
/// draft's existence is not given away. The body is included
/// only for callers with access.
/// </summary>
public static class GetContent
{
    public static async Task<IResult> HandleAsync(string id, CodexDbContext db, CurrentUser currentUser, ContentAccess access,
        ContentThumbnails thumbnails, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var contentId)) throw ApiException.Validation("id", "Expected a UUID.");
        return await AnswerAsync(db.Content.Where(c => c.Id == contentId), currentUser, access, thumbnails, ct);
    }

    /// <summary>
    /// By slug within an organization, named by <c>organizationId</c> or (an addition to the contract, so the site
    /// can fetch the item and its organization in parallel) by <c>organizationSlug</c>.
    /// </summary>
    public static async Task<IResult> BySlugAsync(string slug, HttpRequest request, CodexDbContext db, CurrentUser currentUser,
        ContentAccess access, ContentThumbnails thumbnails, CancellationToken ct)
    {
        var reader = new QueryReader(name => request.Query[name].FirstOrDefault());
        var organizationId = reader.Guid("organizationId");
        var organizationSlug = reader.String("organizationSlug");
        if (organizationId is null && organizationSlug is null && reader.FieldErrors is null)
            reader.AddError("organizationId", "Name the organization (organizationId or organizationSlug).");
        if (slug.Length > 200) reader.AddError("slug", "At most 200 characters.");
        if (reader.FieldErrors is { } errors) throw ApiException.Validation(errors);

        var items = db.Content.Where(c => c.Slug == slug);
        items = organizationId is { } orgId
            ? items.Where(c => c.OrganizationId == orgId)
            : items.Where(c => c.Organization!.Slug == organizationSlug);
        return await AnswerAsync(items, currentUser, access, thumbnails, ct);
    }

    private static async Task<IResult> AnswerAsync(IQueryable<ContentItem> query, CurrentUser currentUser, ContentAccess access,
        ContentThumbnails thumbnails, CancellationToken ct)
    {
        // The live item first; a deleted one (whose slug may have been taken again) only for those who bought it. Two
        // reads rather than one sorted read: "DeletedAt IS NULL" lets the first use the unique index of live slugs per
        // organization (one sorted read over live and deleted items could use no index, and read every item).
        var found = query.AsNoTracking().Include(c => c.Organization).Include(c => c.Creator);
        var item = await found.Where(c => c.DeletedAt == null).FirstOrDefaultAsync(ct)
            ?? await found.Where(c => c.DeletedAt != null).OrderByDescending(c => c.DeletedAt).FirstOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("The content");
        var user = await currentUser.GetAsync(ct);
        if (!await access.CanSeeAsync(item, user, ct)) throw ApiException.NotFound("The content");

        var dto = ContentProjection.Map(item) with
        {
            ContentBody = await access.HasAccessAsync(item, user, ct) ? item.ContentBody : null,
            // Why a platform admin took it down: for its team (the studio shows it), never for its buyers or the public.
            Moderation = item is { ModeratedAt: { } at, ModerationReason: { } reason } && await access.CanManageAsync(item, user, ct)
                ? new ContentModerationDto(at, reason) : null,
        };
        return Results.Json(new DataEnvelope<ContentDto>(await thumbnails.FillAsync(dto, ct)), ContractJson.Options);
    }
}
