using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.Management;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// <c>GET /api/content</c>: the published catalogue, or with <c>scope=mine</c> the caller's own items (with
/// <c>organizationId</c>, all of an organization the caller manages), drafts included, by <c>status</c> if asked.
/// </summary>
public static class ListContent
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, CurrentUser currentUser,
        ContentManagers managers, ContentThumbnails thumbnails, CancellationToken ct)
    {
        var query = ContentListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var items = db.Content.AsNoTracking().Where(ContentAccess.Live);
        if (query.Scope == ContentListQuery.ScopeMine)
        {
            // The caller's own items; with an organization, every item of one the caller manages (the studio's list).
            var user = await currentUser.RequireAsync(ct);
            if (query.OrganizationId is { } managed) await managers.RequireOfOrganizationAsync(managed, ct);
            else items = items.Where(c => c.CreatorId == user.Id);
            if (query.Status is { } status) items = items.Where(c => c.Status == status);
        }
        else
        {
            items = items.Where(c => c.Status == ContentStatus.Published);
        }

        if (query.ContentType is { } type) items = items.Where(c => c.ContentType == type);
        if (query.AccessType is { } access) items = items.Where(c => c.AccessType == access);
        if (query.OrganizationId is { } org) items = items.Where(c => c.OrganizationId == org);
        if (query.CreatorId is { } creator) items = items.Where(c => c.CreatorId == creator);
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            items = items.Where(c => c.Title.ToLower().Contains(term)
                || (c.Description != null && c.Description.ToLower().Contains(term)));
        }

        var total = await items.CountAsync(ct);
        var page = await Sort(items, query.Sort)
            .Skip((query.Page - 1) * query.Limit)
            .Take(query.Limit)
            .Select(ContentProjection.ToDto)
            .ToListAsync(ct);

        return Results.Json(new PagedList<ContentDto>(await thumbnails.FillAsync(page, ct), Pagination.For(query.Page, query.Limit, total)),
            ContractJson.Options);
    }

    // Every order ends on Id so that pages never overlap or skip rows with equal keys.
    private static IQueryable<ContentItem> Sort(IQueryable<ContentItem> items, ContentSort sort) => sort switch
    {
        ContentSort.Oldest => items.OrderBy(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id),
        ContentSort.Title => items.OrderBy(c => c.Title.ToLower()).ThenBy(c => c.Id),
        ContentSort.Popular => items.OrderByDescending(c => c.PurchaseCount).ThenByDescending(c => c.ViewCount)
            .ThenByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id),
        _ => items.OrderByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id),
    };
}
