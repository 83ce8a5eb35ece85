using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.OrganizationApi.Invitations;

/// <summary>
/// <c>DELETE /api/organizations/:id/invitations/:invitationId</c> (addition to the contract): owner or admin
/// withdraws an invitation, so its link stops working; <c>204</c>, also when it was withdrawn or had expired already.
/// One that was accepted is 409 (remove the member instead); another organization's is 404.
/// </summary>
public static class WithdrawInvitation
{
    public static async Task<IResult> HandleAsync(string id, string invitationId, CodexDbContext db, OrganizationAccess access,
        TimeProvider clock, CancellationToken ct)
    {
        var organizationId = OrganizationAccess.ParseId(id);
        var invitation = Guid.TryParseExact(invitationId, "D", out var value) ? value
            : throw ApiException.Validation("invitationId", "Expected a UUID.");
        await access.RequireManagerAsync(organizationId, ct);
        var now = clock.StoredNow();
        var withdrawn = await db.Invitations
            .Where(i => i.Id == invitation && i.OrganizationId == organizationId && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, i => i.RevokedAt ?? now), ct);
        if (withdrawn > 0) return Results.NoContent();
        if (await db.Invitations.AnyAsync(i => i.Id == invitation && i.OrganizationId == organizationId, ct))
            throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "This invitation was accepted already: remove the member instead.");
        throw ApiException.NotFound("The invitation");
    }
}
