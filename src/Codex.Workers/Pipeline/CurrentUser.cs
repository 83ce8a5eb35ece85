using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Pipeline;

/// <summary>The signed-in caller, as a worker sees them.</summary>
public sealed record SessionUser(Guid Id, string Email, string Name, bool EmailVerified, UserRole Role, DateTimeOffset CreatedAt, Guid SessionId, DateTimeOffset SessionExpiresAt);

/// <summary>
/// Resolves the <c>codex-session</c> cookie to a user, once per request, by the token's hash: from the
/// <see cref="WorkerSessionCache"/> when it holds the session (ADR 025), else from the database. Sign-out, password
/// reset and every change to the user revoke the cached entries, so they take effect at once for every worker.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, CodexDbContext db, TimeProvider clock, WorkerSessionCache cache)
{
    private Task<SessionUser?>? _lookup;

    /// <summary>The caller, or null when anonymous or the session is unknown or expired.</summary>
    public Task<SessionUser?> GetAsync(CancellationToken ct) => _lookup ??= LookupAsync(ct);

    /// <summary>The caller, or a 401 <c>UNAUTHORIZED</c>.</summary>
    public async Task<SessionUser> RequireAsync(CancellationToken ct) =>
        await GetAsync(ct) ?? throw ApiException.Unauthorized();

    /// <summary>The caller as a platform admin: 401 <c>UNAUTHORIZED</c> without a session, 403 <c>FORBIDDEN</c> for anyone else.</summary>
    public async Task<SessionUser> RequirePlatformAdminAsync(CancellationToken ct)
    {
        var user = await RequireAsync(ct);
        return user.Role == UserRole.Admin ? user : throw ApiException.Forbidden();
    }

    private async Task<SessionUser?> LookupAsync(CancellationToken ct)
    {
        var token = http.HttpContext?.Request.Cookies[SessionCookie.Name];
        if (string.IsNullOrEmpty(token) || token.Length > 200) return null;
        var hash = SessionTokens.Hash(token);
        var now = clock.GetUtcNow();
        if (cache.Find(hash, now) is { } cached) return cached;
        var version = cache.Version; // before the read: a revocation from now on refuses its answer
        var user = await db.Sessions.AsNoTracking()
            // A disabled or deleted account has no sessions (both end them all); should one slip through, it is refused here.
            .Where(s => s.TokenHash == hash && s.ExpiresAt > now && s.User!.DisabledAt == null && s.User.DeletedAt == null)
            .Select(s => new SessionUser(s.User!.Id, s.User.Email, s.User.Name, s.User.EmailVerified, s.User.Role,
                s.User.CreatedAt, s.Id, s.ExpiresAt))
            .FirstOrDefaultAsync(ct);
        if (user is not null) cache.Store(hash, user, version);
        return user;
    }
}
