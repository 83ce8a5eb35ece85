using Codex.Contracts.Admin;
using Codex.Contracts.Auth;
using Codex.Data;
using Codex.Workers.AdminApi.Audit;
using Codex.Workers.Pipeline;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.AdminApi.Organizations;

/// <summary>
/// <c>POST /api/admin/organizations/:id/grants</c>: complimentary access to one of the organization's paid items for a
/// person named by id or email. A grant is a purchase row (price 0, completed, <c>GrantedById</c> the giver,
/// <c>checkoutSessionId</c> <c>grant_…</c>), so streaming, the library and progress follow it as they follow a purchase.
/// Idempotent: a grant the person already holds answers 200 with it (201 the first time); an item they bought is 409
/// <c>ALREADY_PURCHASED</c>. The unique index of one completed purchase per buyer and item settles two grants at once.
/// Rate limited per caller (<see cref="GrantThrottle"/>, 429 <c>RATE_LIMITED</c>); a deleted organization grants nothing,
/// and a suspended one answers 422 <c>CONTENT_NOT_PURCHASABLE</c>, as its checkout does.
/// </summary>
public static class GrantAccess
{
    public static async Task<IResult> HandleAsync(string id, GrantRequest body, CodexDbContext db, AdminAccess access, GrantThrottle throttle,
        TimeProvider clock, SiteCache site, LiveEvents live, CancellationToken ct)
    {
        var organizationId = OrganizationManagers.ParseId(id);
        var giver = await access.RequireOrganizationManagerAsync(organizationId, AfterDeletion.Gone, ct);
        new GrantRequestValidator().ValidateAndThrow(body);
        await throttle.AcquireAsync(giver.Id, ct);

        var email = body.Email is { } typed ? AccountRules.NormaliseEmail(typed) : null;
        var users = db.Users.AsNoTracking();
        users = email is not null ? users.Where(u => u.Email == email) : users.Where(u => u.Id == body.UserId);
        var userId = await users.Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                email is null ? "There is no such account." : "No account uses this email. Ask them to register first.",
                new NotFoundFieldDetails(email is null ? "userId" : "email"));
        var content = await db.Content.AsNoTracking()
            .Where(c => c.Id == body.ContentId && c.OrganizationId == organizationId && c.DeletedAt == null && c.Organization!.DeletedAt == null)
            .Select(c => new { c.Id, c.Title, c.AccessType, Suspended = c.Organization!.SuspendedAt != null })
            .FirstOrDefaultAsync(ct) ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                "The content was not found.", new NotFoundFieldDetails("contentId"));
        // Issue 14: a suspended organization gives nothing away either (ADR 028): checkout's own answer, word for word.
        if (content.Suspended)
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ContentNotPurchasable, SuspensionMessages.NotPurchasable);
        if (content.AccessType != AccessType.Paid)
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ContentNotPurchasable,
                "Only paid items need complimentary access: free items are open to all and members-only items to members.");

        if (await ExistingAsync(db, userId, content.Id, ct) is { } existing) return existing;

        var now = clock.StoredNow();
        var grant = new Purchase
        {
            Id = Guid.NewGuid(), UserId = userId, ContentId = content.Id, OrganizationId = organizationId, PriceCents = 0,
            Currency = "usd", Status = PurchaseStatus.Completed, CheckoutSessionId = RefundRules.GrantSessionPrefix + Guid.NewGuid().ToString("N"),
            PurchasedAt = now, CreatedAt = now, GrantedById = giver.Id,
        };
        db.Purchases.Add(grant);
        AuditTrail.Add(db, giver.Id, AuditTrail.GrantCreate, AuditTrail.PurchaseTarget, grant.Id, organizationId, null,
            new { userId, contentId = content.Id, contentTitle = content.Title }, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            // The same grant at the same moment (a double click), or a purchase that just completed.
            if (await ExistingAsync(db, userId, content.Id, ct) is { } settled) return settled;
            throw;
        }
        await site.InvalidatePurchasesAsync([userId], ct); // the item opens for them now: their library and the page's button
        await live.LibraryChangedAsync([userId], ct);
        var dto = await SalesRows.FindAsync(db, grant.Id, ct);
        return Results.Json(new DataEnvelope<OrganizationPurchaseDto>(dto!), ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The answer when the person already has the item: their grant (200), or 409 for an item they paid for.</summary>
    private static async Task<IResult?> ExistingAsync(CodexDbContext db, Guid userId, Guid contentId, CancellationToken ct)
    {
        var held = await db.Purchases.AsNoTracking()
            .Where(p => p.UserId == userId && p.ContentId == contentId && p.Status == PurchaseStatus.Completed)
            .Select(p => new { p.Id, Granted = p.GrantedById != null })
            .FirstOrDefaultAsync(ct);
        if (held is null) return null;
        if (!held.Granted)
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.AlreadyPurchased, "This person already bought this item.");
        var dto = await SalesRows.FindAsync(db, held.Id, ct);
        return Results.Json(new DataEnvelope<OrganizationPurchaseDto>(dto!), ContractJson.Options);
    }
}
