using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.ContentApi.Catalogue;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Management;

/// <summary>
/// Who may manage an organization's content (CONTRACT.md, "Creator side (v2)"): its active owners, admins and
/// creators, and platform admins. Anyone else signed in gets 403 <c>FORBIDDEN</c>, except on a draft, which stays
/// invisible (404) to them; anonymous callers get 401.
/// </summary>
public sealed class ContentManagers(CodexDbContext db, CurrentUser currentUser, SiteCache site, LiveEvents live)
{
    /// <summary>Whether <paramref name="user"/> manages the content of <paramref name="organizationId"/>.</summary>
    public async Task<bool> ManagesAsync(Guid organizationId, SessionUser user, CancellationToken ct) =>
        user.Role == UserRole.Admin || await db.Memberships.AnyAsync(m => m.OrganizationId == organizationId && m.UserId == user.Id
            && m.Status == MembershipStatus.Active && ContentAccess.StaffRoles.Contains(m.Role), ct);

    /// <summary>The caller as a manager of the organization: 401, then 404 for an unknown organization, then 403.</summary>
    public async Task<SessionUser> RequireOfOrganizationAsync(Guid organizationId, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId && o.DeletedAt == null, ct)) throw ApiException.NotFound("The organization");
        return await ManagesAsync(organizationId, user, ct) ? user : throw ApiException.Forbidden();
    }

    /// <summary>
    /// The item at <c>:id</c> (tracked, for a change) with its caller as a manager: 400 for a malformed id, 401, 404
    /// for an unknown or deleted item (or one of a deleted organization) and for a draft the caller may not see, 403 for a published one.
    /// </summary>
    public async Task<(ContentItem Item, SessionUser User)> RequireItemAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var contentId)) throw ApiException.Validation("id", "Expected a UUID.");
        var user = await currentUser.RequireAsync(ct);
        var item = await db.Content.Where(ContentAccess.Live).FirstOrDefaultAsync(c => c.Id == contentId, ct)
            ?? throw NotFound();
        if (await ManagesAsync(item.OrganizationId, user, ct)) return (item, user);
        throw item.Status == ContentStatus.Published ? ApiException.Forbidden() : NotFound();
    }

    public static ApiException NotFound() => ApiException.NotFound("The content");

    public static ApiException SlugTaken() =>
        new(StatusCodes.Status409Conflict, ErrorCodes.SlugTaken, "Another item of this organization uses this address; choose another.");

    /// <summary>Whether a live item of the organization other than <paramref name="except"/> uses <paramref name="slug"/>.</summary>
    public Task<bool> SlugTakenAsync(Guid organizationId, string slug, Guid? except, CancellationToken ct) =>
        db.Content.AsNoTracking().AnyAsync(c => c.OrganizationId == organizationId && c.Slug == slug && c.DeletedAt == null
            && c.Id != except, ct);

    /// <summary><paramref name="slug"/> when it is free, else the first free numbered one (<c>slug-2</c>, <c>slug-3</c>…).</summary>
    public async Task<string> FreeSlugAsync(Guid organizationId, string slug, Guid? except, CancellationToken ct)
    {
        // One query for the slug and its numbered forms, rather than one per number tried.
        var prefix = slug.Length > ContentRules.SlugMax - 8 ? slug[..(ContentRules.SlugMax - 8)] : slug;
        var used = (await db.Content.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && c.DeletedAt == null && c.Id != except && c.Slug.StartsWith(prefix))
            .Select(c => c.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (!used.Contains(slug)) return slug;
        for (var n = 2; ; n++)
        {
            var candidate = ContentRules.Numbered(slug, n);
            if (!used.Contains(candidate)) return candidate;
        }
    }

    /// <summary>
    /// The media a video or audio item plays: one of the organization's own files, of the item's kind; a 400 on
    /// <c>mediaId</c> otherwise.
    /// </summary>
    public async Task<MediaItem?> MediaForAsync(Guid organizationId, ContentType type, Guid? mediaId, CancellationToken ct)
    {
        if (mediaId is not { } id) return null;
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.OrganizationId == organizationId, ct)
            ?? throw ApiException.Validation("mediaId", "No media file of this organization has this id.");
        if (ContentRules.HasMedia(type) && (media.Kind == MediaKind.Video) != (type == ContentType.Video))
            throw ApiException.Validation("mediaId", $"This is {(media.Kind == MediaKind.Video ? "a video" : "an audio")} file; choose a {ContractJson.WireName(type)} file.");
        return media;
    }

    /// <summary>The item as the wire shows it to its managers (body included).</summary>
    public async Task<ContentDto> DtoAsync(ContentItem item, CancellationToken ct)
    {
        var dto = await db.Content.AsNoTracking().Where(c => c.Id == item.Id).Select(ContentProjection.ToDto).FirstAsync(ct);
        return dto with { ContentBody = item.ContentBody };
    }

    /// <summary>
    /// Tells the site to drop what it cached of an item that changed (<see cref="SiteCache.InvalidateContentAsync"/>:
    /// public entries too when the item is, or was, published), and the organization's staff that it changed
    /// (<see cref="LiveEvents.ContentChangedAsync"/>).
    /// </summary>
    public async Task PublicChangeAsync(ContentItem item, CancellationToken ct)
    {
        var slug = await db.Organizations.AsNoTracking().Where(o => o.Id == item.OrganizationId).Select(o => o.Slug).FirstAsync(ct);
        await site.InvalidateContentAsync(slug, wasPublic: item.PublishedAt is not null, ct);
        await live.ContentChangedAsync(item.OrganizationId, item.Id, ct);
    }

    /// <summary>A new draft: only the organization's staff hear of it (nothing public changed).</summary>
    public Task CreatedAsync(ContentItem item, CancellationToken ct) => live.ContentChangedAsync(item.OrganizationId, item.Id, ct);
}
