using Codex.Contracts.Identity;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.IdentityApi.Sessions;

/// <summary>
/// The caller's active sessions (additions to the contract): <c>GET /api/user/sessions</c> lists them newest first, the
/// one asking marked <c>current</c> (a short list, so <c>{data: [...]}</c> without paging, like pending invitations);
/// <c>DELETE /api/user/sessions</c> ends every other one ("sign out everywhere else"); <c>DELETE
/// /api/user/sessions/:id</c> ends one, a 404 for an id that is not one of the caller's. Ending a session takes effect at
/// once: the rows go, then the workers' and the site's cached copies of the user (<see cref="SiteCache.InvalidateUserAsync"/>).
/// </summary>
public static class AccountSessions
{
    public static async Task<IResult> ListAsync(CurrentUser current, CodexDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == caller.Id && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new AccountSessionDto(s.Id, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Id == caller.SessionId))
            .ToListAsync(ct);
        return Results.Json(new DataEnvelope<IReadOnlyList<AccountSessionDto>>(sessions), ContractJson.Options);
    }

    public static async Task<IResult> EndOthersAsync(CurrentUser current, CodexDbContext db, SiteCache site, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        var ended = await db.Sessions.Where(s => s.UserId == caller.Id && s.Id != caller.SessionId).ExecuteDeleteAsync(ct);
        await site.InvalidateUserAsync(caller.Id, ct);
        return Results.Json(new DataEnvelope<EndedSessionsDto>(new EndedSessionsDto(ended)), ContractJson.Options);
    }

    public static async Task<IResult> EndOneAsync(string id, CurrentUser current, CodexDbContext db, SiteCache site, CancellationToken ct)
    {
        var caller = await current.RequireAsync(ct);
        if (!Guid.TryParseExact(id, "D", out var sessionId)) throw ApiException.NotFound("The session");
        var ended = await db.Sessions.Where(s => s.Id == sessionId && s.UserId == caller.Id).ExecuteDeleteAsync(ct);
        if (ended == 0) throw ApiException.NotFound("The session");
        await site.InvalidateUserAsync(caller.Id, ct);
        return Results.NoContent();
    }
}
