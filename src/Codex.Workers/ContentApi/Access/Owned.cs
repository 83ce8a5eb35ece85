using Codex.Contracts.Content;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.ContentApi.Access;

/// <summary>
/// <c>GET /api/access/user/owned</c> (addition to the contract, issue 15, ADR 033): the ids of the items the signed-in
/// caller owns: a completed, unrefunded purchase (the access rule for paid items, <see cref="ContentAccess"/>), whatever
/// became of the item since. One query over the caller's own purchases (their index starts with the user), no paging:
/// the site keeps the set briefly per user and asks it once for every card and page it renders for them.
/// </summary>
public static class Owned
{
    public static async Task<IResult> HandleAsync(CurrentUser currentUser, CodexDbContext db, CancellationToken ct)
    {
        var user = await currentUser.RequireAsync(ct);
        var uid = user.Id;
        var ids = await db.Purchases.AsNoTracking()
            .Where(p => p.UserId == uid && p.Status == PurchaseStatus.Completed && p.RefundedAt == null)
            .Select(p => p.ContentId)
            .ToListAsync(ct);
        return Results.Json(new DataEnvelope<OwnedContentDto>(new OwnedContentDto(ids)), ContractJson.Options);
    }
}
