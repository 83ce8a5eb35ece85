using Codex.Contracts.Auth;
using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Auth;

/// <summary>Creates, renews and ends sessions, and writes the cookie that carries them.</summary>
public sealed class Sessions(CodexDbContext db, TimeProvider clock, IHttpContextAccessor http, IHostEnvironment env)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>A new session for <paramref name="user"/>; sets the cookie on the current response.</summary>
    public async Task<AuthSessionDto> StartAsync(User user, CancellationToken ct)
    {
        var token = SessionTokens.NewToken();
        var now = clock.GetUtcNow();
        var context = http.HttpContext!;
        var session = new Session
        {
            Id = Guid.NewGuid(), UserId = user.Id, TokenHash = SessionTokens.Hash(token), CreatedAt = now, ExpiresAt = now + Lifetime,
            IpAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 300)] : null,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        WriteCookie(token, session.ExpiresAt);
        return new AuthSessionDto(ToDto(user), new SessionDto(session.Id, session.ExpiresAt));
    }

    /// <summary>Extends a session used after half its life, and the cookie with it.</summary>
    public async Task<DateTimeOffset> RenewIfDueAsync(Guid sessionId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (expiresAt - now > Lifetime / 2) return expiresAt;
        var renewed = now + Lifetime;
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, renewed), ct);
        if (http.HttpContext!.Request.Cookies[SessionCookie.Name] is { } token) WriteCookie(token, renewed);
        return renewed;
    }

    /// <summary>Ends the session of the current cookie (if any) and clears the cookie.</summary>
    public async Task EndCurrentAsync(CancellationToken ct)
    {
        var context = http.HttpContext!;
        if (context.Request.Cookies[SessionCookie.Name] is { Length: > 0 } token)
        {
            var hash = SessionTokens.Hash(token);
            await db.Sessions.Where(s => s.TokenHash == hash).ExecuteDeleteAsync(ct);
        }
        context.Response.Cookies.Delete(SessionCookie.Name, CookieOptions(DateTimeOffset.UnixEpoch));
    }

    /// <summary>Ends every session of a user, except <paramref name="keep"/>.</summary>
    public Task EndAllAsync(Guid userId, Guid? keep, CancellationToken ct) =>
        db.Sessions.Where(s => s.UserId == userId && s.Id != keep).ExecuteDeleteAsync(ct);

    public static UserDto ToDto(User user) => new(user.Id, user.Email, user.Name, user.EmailVerified, user.Role, user.CreatedAt);

    public static UserDto ToDto(SessionUser user) => new(user.Id, user.Email, user.Name, user.EmailVerified, user.Role, user.CreatedAt);

    private void WriteCookie(string token, DateTimeOffset expires) =>
        http.HttpContext!.Response.Cookies.Append(SessionCookie.Name, token, CookieOptions(expires));

    private CookieOptions CookieOptions(DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = !env.IsDevelopment(),
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
