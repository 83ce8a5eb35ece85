using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Catalogue;

/// <summary>
/// <c>GET /api/content/sitemap</c> and <c>/sitemap/count</c> (internal key; ADR 024): the site's sitemap reads exactly
/// the items the catalogue lists (live and published), newest first as the catalogue's <c>sort=newest</c>, one file
/// per query. The answer is a bare JSON array written as the rows arrive (System.Text.Json streams an
/// <see cref="IAsyncEnumerable{T}"/>), so neither side ever holds 50,000 entries.
/// </summary>
public static class SitemapEntries
{
    public static IResult ListAsync(HttpRequest request, CodexDbContext db)
    {
        var query = SitemapQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        // The catalogue's newest-first order, exactly (ListContent's), walked on its partial index
        // IX_content_catalogue_newest (ADR 023); Id breaks ties so windows never overlap or skip.
        var entries = Listed(db)
            .OrderByDescending(c => c.PublishedAt ?? c.CreatedAt).ThenBy(c => c.Id)
            .Skip(query.Offset).Take(query.Limit)
            .Select(c => new SitemapEntryDto(c.Organization!.Slug, c.Slug, c.UpdatedAt))
            .AsAsyncEnumerable();
        return Results.Json(entries, ContractJson.Options);
    }

    // The catalogue's own published total (the sum the triggers keep, ADR 023): the same number as counting Listed's
    // rows, without reading 100,000 of them.
    public static async Task<IResult> CountAsync(CodexDbContext db, CancellationToken ct) =>
        Results.Json(new DataEnvelope<SitemapCountDto>(new SitemapCountDto(await ListContent.PublishedTotalAsync(db,
            await ListContent.GoneOrganizationsAsync(db, ct), new ContentListQuery(), ct))), ContractJson.Options);

    private static IQueryable<ContentItem> Listed(CodexDbContext db) =>
        db.Content.AsNoTracking().Where(ContentAccess.Listed).Where(c => c.Status == ContentStatus.Published);
}
