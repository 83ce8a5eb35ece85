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
/// <remarks>
/// Its cost must not grow with the catalogue (ADR 023): every order has a partial index over published, undeleted
/// rows; a page is found as ids on that index (the deferred join), then only its rows are read; the published total
/// without a search is a sum over <c>catalogue_counts</c>; a search goes through a trigram index
/// (<see cref="CatalogueSearch"/>).
/// </remarks>
public static class ListContent
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CodexDbContext db, CurrentUser currentUser,
        ContentManagers managers, ContentThumbnails thumbnails, CancellationToken ct)
    {
        var query = ContentListQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        // ContentAccess.Live without its join: the deleted organizations are few, so they are read first and left out
        // by id, which lets every query below stay on the content table's own indexes. The public catalogue leaves out
        // suspended organizations too (ADR 028); their staff still list their items in the studio (scope=mine).
        var mine = query.Scope == ContentListQuery.ScopeMine;
        var goneOrganizations = await GoneOrganizationsAsync(db, ct, includeSuspended: !mine);
        SessionUser? user = null;
        if (mine)
        {
            user = await currentUser.RequireAsync(ct);
            if (query.OrganizationId is { } managed) await managers.RequireOfOrganizationAsync(managed, ct);
        }

        IQueryable<ContentItem> Filtered(IQueryable<ContentItem> source)
        {
            var items = source.AsNoTracking().Where(c => c.DeletedAt == null);
            if (goneOrganizations.Count > 0) items = items.Where(c => !goneOrganizations.Contains(c.OrganizationId));
            if (mine)
            {
                // The caller's own items; with an organization, every item of one the caller manages (the studio's list).
                if (query.OrganizationId is null) items = items.Where(c => c.CreatorId == user!.Id);
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
            if (query.Tag is { } tag)
            {
                // The tag's rows on content_tags' key (kept by triggers), as an IN list both engines start from. The tag
                // is folded by the database's own lower(), as the triggers fold the stored ones: SQLite's folds only
                // ASCII, and .NET's would then miss a tag such as "Été" written the same way.
                var tagged = db.ContentTags.FromSql($"""SELECT * FROM "content_tags" WHERE "Tag" = lower({tag})""").Select(t => t.ContentId);
                items = items.Where(c => tagged.Contains(c.Id));
            }
            return items;
        }

        var search = query.Search;
        var items = Filtered(search is null ? db.Content : CatalogueSearch.Matching(db, search, publishedOnly: !mine));
        var fullText = search is not null && CatalogueSearch.UsesFullTextTable(db, search, publishedOnly: !mine);
        var unfiltered = goneOrganizations.Count == 0 && query is { ContentType: null, AccessType: null, OrganizationId: null, CreatorId: null, Tag: null };

        var total = mine ? await items.CountAsync(ct)
            // catalogue_counts has no tags: a tag's total is a count over its rows of content_tags.
            : search is null && query.Tag is null ? await PublishedTotalAsync(db, goneOrganizations, query, ct)
            // SQLite's FTS5 table holds exactly the published, undeleted rows: without filters, its count is the total.
            : fullText && unfiltered ? await CatalogueSearch.CountInFullTextTableAsync(db, search!, ct)
            : await items.CountAsync(ct);
        var page = new List<ContentDto>();
        var skip = (query.Page - 1) * query.Limit;
        if (skip < total)
        {
            // Many matches (SQLite): walking the order's index and testing each row against the matches reads about
            // (skip + limit) x catalogue / matches entries; reading and sorting the matches reads all of them. The
            // cheaper of the two, by the totals already known.
            var ordered = items;
            if (fullText && (long)total * total > (long)(skip + query.Limit) * await PublishedTotalAsync(db, goneOrganizations, new ContentListQuery(), ct))
                ordered = Filtered(CatalogueSearch.MatchingInIndexOrder(db, search!));
            // The page's ids from the order's index alone, then those rows with their organization and creator.
            var ids = Sort(ordered, query.Sort).Skip(skip).Take(query.Limit).Select(c => c.Id);
            page = await Sort(db.Content.AsNoTracking().Where(c => ids.Contains(c.Id)), query.Sort)
                .Select(ContentProjection.ToDto)
                .ToListAsync(ct);
        }

        return Results.Json(new PagedList<ContentDto>(await thumbnails.FillAsync(page, ct), Pagination.For(query.Page, query.Limit, total)),
            ContractJson.Options);
    }

    /// <summary>
    /// The published catalogue's total for the filters: a sum over <c>catalogue_counts</c> (at most one row per
    /// organization, creator, type and access), which triggers keep in step with <c>content</c> (ADR 023).
    /// </summary>
    /// <summary>
    /// The deleted organizations, whose items the catalogue leaves out (ContentAccess.Live without its join), and
    /// unless told otherwise the suspended ones (<see cref="ContentAccess.Listed"/>): out of the public catalogue.
    /// </summary>
    internal static Task<List<Guid>> GoneOrganizationsAsync(CodexDbContext db, CancellationToken ct, bool includeSuspended = true) =>
        db.Organizations.Where(o => o.DeletedAt != null || (includeSuspended && o.SuspendedAt != null)).Select(o => o.Id).ToListAsync(ct);

    internal static async Task<int> PublishedTotalAsync(CodexDbContext db, List<Guid> goneOrganizations, ContentListQuery query,
        CancellationToken ct)
    {
        var counts = db.CatalogueCounts.AsNoTracking();
        if (goneOrganizations.Count > 0) counts = counts.Where(k => !goneOrganizations.Contains(k.OrganizationId));
        if (query.ContentType is { } type) counts = counts.Where(k => k.ContentType == type);
        if (query.AccessType is { } access) counts = counts.Where(k => k.AccessType == access);
        if (query.OrganizationId is { } org) counts = counts.Where(k => k.OrganizationId == org);
        if (query.CreatorId is { } creator) counts = counts.Where(k => k.CreatorId == creator);
        return (int)await counts.SumAsync(k => k.Items, ct);
    }

    // Every order ends on Id so that pages never overlap or skip rows with equal keys. Each has a matching partial
    // index (IX_content_catalogue_*): change an order here and its index in the CatalogueAtScale migrations together.
    private static IQueryable<ContentItem> Sort(IQueryable<ContentItem> items, ContentSort sort) => sort switch
    {
        ContentSort.Oldest => items.OrderBy(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id),
        ContentSort.Title => items.OrderBy(c => c.Title.ToLower()).ThenBy(c => c.Id),
        ContentSort.Popular => items.OrderByDescending(c => c.PurchaseCount).ThenByDescending(c => c.ViewCount)
            .ThenByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id),
        _ => items.OrderByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id),
    };
}
