using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.Catalogue;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// <c>GET /api/access/user/library</c>: what the signed-in caller bought (completed, unrefunded purchases), the
/// published members-only content of organizations they are an active member of, and anything they have progress
/// in and still have access to; each with its purchase and progress. Filter, sort (recent: last progress, else purchase, else publication),
/// search and paging. Two queries (the total and the page), each starting from the caller's own purchases, progress and
/// memberships, so neither reads the rest of the catalogue.
/// </summary>
public static class Library
{
    public static async Task<IResult> HandleAsync(HttpRequest request, CurrentUser currentUser, CodexDbContext db,
        ContentThumbnails thumbnails, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var query = LibraryQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var uid = user.Id;
        var purchases = db.Purchases.Where(p => p.UserId == uid && p.Status == PurchaseStatus.Completed && p.RefundedAt == null);
        // Progress counts once the item was started (ProgressRules.IsStarted): a row at 0 left by a page view that never
        // played (issue 15, item 1) is neither "in progress" nor a reason to list the item.
        var progress = db.PlaybackProgress.Where(p => p.UserId == uid && (p.PositionSeconds > 0 || p.Completed));
        var memberOrgs = db.Memberships.Where(m => m.UserId == uid && m.Status == MembershipStatus.Active).Select(m => m.OrganizationId);
        var staffOrgs = db.Memberships.Where(m => m.UserId == uid && m.Status == MembershipStatus.Active && ContentAccess.StaffRoles.Contains(m.Role))
            .Select(m => m.OrganizationId);

        // The caller's own small sets first: what they bought, what they have progress in, and the members-only items of
        // their organizations. Every item the rule below keeps is in one of them, so the query reads those rows (by the
        // content's key) and never the whole catalogue: its cost grows with the library, not with the catalogue.
        // The third set is read through the index on (organization, slug) of live items: it says "DeletedAt IS NULL", as
        // that index does, and leaves the status to the rule below (a test of the status here made SQLite read every
        // published item through the status index instead).
        var candidates = purchases.Select(p => p.ContentId)
            .Union(progress.Select(p => p.ContentId))
            .Union(db.Content.Where(c => memberOrgs.Contains(c.OrganizationId) && c.DeletedAt == null && c.AccessType == AccessType.Members)
                .Select(c => c.Id));

        // Progress alone keeps an item only while the caller still has access to it (ContentAccess's rule): a refunded,
        // disputed or left item goes, whatever progress it had.
        var rows = db.Content.AsNoTracking()
            .Where(c => candidates.Contains(c.Id))
            .Where(c => purchases.Any(p => p.ContentId == c.Id) // bought: kept even once unpublished or deleted
                || (c.DeletedAt == null && c.Organization!.DeletedAt == null && (
                // A suspended organization's items (ADR 028) stay only for its creators and staff, and for buyers above.
                (c.Organization.SuspendedAt == null && (
                    (c.AccessType == AccessType.Members && c.Status == ContentStatus.Published && memberOrgs.Contains(c.OrganizationId))
                    || (progress.Any(p => p.ContentId == c.Id) && (c.AccessType == AccessType.Free
                        || (c.AccessType == AccessType.Members && memberOrgs.Contains(c.OrganizationId))))))
                || (progress.Any(p => p.ContentId == c.Id) && (c.CreatorId == uid || staffOrgs.Contains(c.OrganizationId))))))
            .Select(c => new Row
            {
                // The columns the answer and the sort need, not the item's body (up to 500,000 characters each).
                Content = new Item
                {
                    Id = c.Id, Slug = c.Slug, Title = c.Title, Description = c.Description, ThumbnailUrl = c.ThumbnailUrl,
                    MediaId = c.MediaId, ContentType = c.ContentType, DurationSeconds = c.DurationSeconds, PublishedAt = c.PublishedAt, CreatedAt = c.CreatedAt,
                },
                OrganizationSlug = c.Organization!.Slug,
                Purchase = purchases.Where(p => p.ContentId == c.Id).OrderByDescending(p => p.PurchasedAt).FirstOrDefault(),
                Progress = progress.FirstOrDefault(p => p.ContentId == c.Id),
            });

        rows = query.Filter switch
        {
            LibraryFilter.InProgress => rows.Where(r => r.Progress != null && !r.Progress.Completed),
            LibraryFilter.Completed => rows.Where(r => r.Progress != null && r.Progress.Completed),
            LibraryFilter.NotStarted => rows.Where(r => r.Progress == null),
            _ => rows,
        };
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            rows = rows.Where(r => r.Content.Title.ToLower().Contains(term)
                || (r.Content.Description != null && r.Content.Description.ToLower().Contains(term)));
        }

        var total = await rows.CountAsync(ct);
        rows = query.Sort == LibrarySort.Title
            ? rows.OrderBy(r => r.Content.Title.ToLower()).ThenBy(r => r.Content.Id)
            : rows.OrderByDescending(r => r.Progress != null ? r.Progress.UpdatedAt
                    : r.Purchase != null && r.Purchase.PurchasedAt != null ? r.Purchase.PurchasedAt.Value
                    : r.Content.PublishedAt ?? r.Content.CreatedAt)
                .ThenBy(r => r.Content.Id);
        var page = await rows.Skip((query.Page - 1) * query.Limit).Take(query.Limit).ToListAsync(ct);

        // Issue 11: a studio-made item has no picture of its own; its card shows its media's thumbnail, as the catalogue's
        // does (one query for the page, none when every item has its own picture).
        var mediaThumbnails = await thumbnails.OfMediaAsync(page.Select(r => (r.Content.ThumbnailUrl, r.Content.MediaId)), ct);
        var items = page.Select(r => new LibraryItemDto(
            new LibraryContentDto(r.Content.Id, r.Content.Slug, r.Content.Title, r.Content.Description,
                r.Content.ThumbnailUrl ?? (r.Content.MediaId is { } media ? mediaThumbnails.GetValueOrDefault(media) : null),
                r.Content.ContentType, r.Content.DurationSeconds, r.OrganizationSlug),
            r.Purchase is { } p ? new LibraryPurchaseDto(p.PurchasedAt, p.PriceCents) : null,
            r.Progress is { } g
                ? new LibraryProgressDto(g.PositionSeconds, g.DurationSeconds, g.Completed,
                    ProgressRules.PercentComplete(g.PositionSeconds, g.DurationSeconds), g.UpdatedAt)
                : null)).ToList();
        return Results.Json(new PagedList<LibraryItemDto>(items, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    private sealed class Item
    {
        public required Guid Id { get; init; }
        public required string Slug { get; init; }
        public required string Title { get; init; }
        public string? Description { get; init; }
        public string? ThumbnailUrl { get; init; }
        public Guid? MediaId { get; init; }
        public required ContentType ContentType { get; init; }
        public int? DurationSeconds { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public required DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class Row
    {
        public required Item Content { get; init; }
        public required string OrganizationSlug { get; init; }
        public Purchase? Purchase { get; init; }
        public PlaybackProgress? Progress { get; init; }
    }
}
