using Codex.Contracts.Admin;
using Codex.Contracts.Notifications;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Content;

/// <summary>
/// The platform admin's content moderation: <c>GET /api/admin/content</c> lists every item of the platform (drafts
/// too; deleted ones, or those of a deleted organization, never: they are gone for every reader) with its organization,
/// creator and moderation, newest change first; <c>POST /api/admin/content/:id/unpublish</c> <c>{reason}</c> takes a
/// published item out of the catalogue.
/// </summary>
public static class AdminContent
{
    public static async Task<IResult> ListAsync(HttpRequest request, CodexDbContext db, AdminAccess access, CancellationToken ct)
    {
        await access.RequirePlatformAdminAsync(ct);
        var query = AdminContentQuery.Read(name => request.Query[name].FirstOrDefault(), out var fieldErrors);
        if (fieldErrors is not null) throw ApiException.Validation(fieldErrors);

        var items = db.Content.AsNoTracking().Where(c => c.DeletedAt == null && c.Organization!.DeletedAt == null);
        if (query.Status is { } status) items = items.Where(c => c.Status == status);
        if (query.OrganizationId is { } org) items = items.Where(c => c.OrganizationId == org);
        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            items = items.Where(c => c.Title.ToLower().Contains(term) || c.Creator!.Name.ToLower().Contains(term)
                || c.Creator.Email.ToLower().Contains(term));
        }
        var total = await items.CountAsync(ct);
        var page = await items.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Skip((query.Page - 1) * query.Limit).Take(query.Limit)
            .Select(ToDto)
            .ToListAsync(ct);
        return Results.Json(new PagedList<AdminContentDto>(page, Pagination.For(query.Page, query.Limit, total)), ContractJson.Options);
    }

    /// <summary>
    /// Unpublishes for a reason: the item goes back to draft as the studio's unpublish does (buyers keep access),
    /// <c>moderatedAt</c> and <c>moderationReason</c> are set (the studio shows them; publishing again clears them), the
    /// creator is mailed (the outbox, in the same save), the audit log gets <c>content.unpublish</c>, and the site drops
    /// its cached catalogue and organization pages exactly as after the studio's unpublish. 404 for an unknown or deleted
    /// item, 409 <c>CONFLICT</c> when it is not published (a draft has nothing to take down).
    /// </summary>
    public static async Task<IResult> UnpublishAsync(string id, UnpublishContentRequest body, CodexDbContext db, AdminAccess access,
        MailOutbox mail, SiteCache site, LiveEvents live, TimeProvider clock, CancellationToken ct)
    {
        var user = await access.RequirePlatformAdminAsync(ct); // who asks first: a stranger learns nothing from a bad id
        var contentId = ApiException.ParseId(id);
        new UnpublishContentRequestValidator().ValidateAndThrow(body);
        var item = await db.Content.Include(c => c.Organization).Include(c => c.Creator)
            .FirstOrDefaultAsync(c => c.Id == contentId && c.DeletedAt == null && c.Organization!.DeletedAt == null, ct) ?? throw ApiException.NotFound("The content");
        if (item.Status != ContentStatus.Published)
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "This item is not published, so there is nothing to take out of the catalogue.");

        var reason = body.Reason!.Trim();
        var now = clock.StoredNow();
        item.Status = ContentStatus.Draft;
        item.UpdatedAt = now;
        item.ModeratedAt = now;
        item.ModerationReason = reason;
        AuditTrail.Add(db, user.Id, AuditTrail.ContentUnpublish, AuditTrail.ContentTarget, item.Id, item.OrganizationId, reason,
            new { title = item.Title }, now);
        var creator = item.Creator!;
        // The mail is saved with the change (MailOutbox saves the context): one transaction, or neither. A deleted
        // (anonymised) account has no address to write to.
        if (creator.DeletedAt is not null) await db.SaveChangesAsync(ct);
        else await mail.EnqueueAsync(EmailTemplateNames.ContentUnpublished, new SendEmailRequest(creator.Email, creator.Name, "")
        {
            Title = item.Title,
            Reason = reason,
            Path = RouteTemplate.Fill(SiteRoutes.StudioContentEdit, item.Organization!.Slug, item.Id.ToString("D")),
        }, ct);
        await site.InvalidateContentAsync(item.Organization!.Slug, wasPublic: true, ct);
        await live.ContentChangedAsync(item.OrganizationId, item.Id, ct);

        var dto = await db.Content.AsNoTracking().Where(c => c.Id == item.Id)
            .Select(ToDto)
            .FirstAsync(ct);
        return Results.Json(new DataEnvelope<AdminContentDto>(dto), ContractJson.Options);
    }

    private static readonly System.Linq.Expressions.Expression<Func<ContentItem, AdminContentDto>> ToDto = c => new AdminContentDto(
        c.Id, c.Title, c.Slug, c.ContentType, c.AccessType, c.PriceCents, c.Status, c.OrganizationId, c.Organization!.Name, c.Organization.Slug,
        c.CreatorId, c.Creator!.Name, c.Creator.Email, c.PublishedAt, c.CreatedAt, c.UpdatedAt, c.ModeratedAt, c.ModerationReason);
}
