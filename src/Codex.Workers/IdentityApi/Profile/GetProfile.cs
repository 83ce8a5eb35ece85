using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Profile;

/// <summary><c>GET /api/user/profile</c>: the caller's own profile, with the email change waiting for confirmation.</summary>
public static class GetProfile
{
    public static async Task<IResult> HandleAsync(CurrentUser current, CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == caller.Id && u.DeletedAt == null, ct)
            ?? throw ApiException.Unauthorized();
        var pending = await ProfileProjection.PendingEmailAsync(db, user.Id, clock.GetUtcNow(), ct);
        return Results.Json(new DataEnvelope<ProfileDto>(ProfileProjection.Own(user, pending)), ContractJson.Options);
    }
}
