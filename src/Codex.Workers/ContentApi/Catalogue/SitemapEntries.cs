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

        // Published items always have PublishedAt (publishing sets it and unpublishing keeps it), so this is the
        // catalogue's newest-first order, served by the (Status, PublishedAt) index; Id breaks ties so windows never
        // overlap or skip.
        var entries = Listed(db)
            .OrderByDescending(c => c.PublishedAt).ThenBy(c => c.Id)
            .Skip(query.Offset).Take(query.Limit)
            .Select(c => new SitemapEntryDto(c.Organization!.Slug, c.Slug, c.UpdatedAt))
            .AsAsyncEnumerable();
        return Results.Json(entries, ContractJson.Options);
    }

    public static async Task<IResult> CountAsync(CodexDbContext db, CancellationToken ct) =>
        Results.Json(new DataEnvelope<SitemapCountDto>(new SitemapCountDto(await Listed(db).CountAsync(ct))), ContractJson.Options);

    private static IQueryable<ContentItem> Listed(CodexDbContext db) =>
        db.Content.AsNoTracking().Where(ContentAccess.Live).Where(c => c.Status == ContentStatus.Published);
}
