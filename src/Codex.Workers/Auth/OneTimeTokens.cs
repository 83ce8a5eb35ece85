using Codex.Data;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Auth;

/// <summary>Verification (24 h) and reset (1 h) tokens: stored hashed, usable once.</summary>
public sealed class OneTimeTokens(CodexDbContext db, TimeProvider clock)
{
    public static TimeSpan LifetimeOf(OneTimeTokenPurpose purpose) =>
        purpose == OneTimeTokenPurpose.VerifyEmail ? TimeSpan.FromHours(24) : TimeSpan.FromHours(1);

    /// <summary>Issues a token and returns it in clear (for the email link); only its hash is kept.</summary>
    public async Task<string> IssueAsync(Guid userId, OneTimeTokenPurpose purpose, CancellationToken ct)
    {
        var token = SessionTokens.NewToken();
        var now = clock.GetUtcNow();
        db.OneTimeTokens.Add(new OneTimeToken
        {
            Id = Guid.NewGuid(), UserId = userId, Purpose = purpose, TokenHash = SessionTokens.Hash(token),
            CreatedAt = now, ExpiresAt = now + LifetimeOf(purpose),
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>
    /// Uses a token once: the user it was for, or a 400 <c>INVALID_TOKEN</c> for an unknown, used or expired one.
    /// The conditional update makes two concurrent uses of one token succeed at most once.
    /// </summary>
    public async Task<User> ConsumeAsync(string? token, OneTimeTokenPurpose purpose, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) throw Invalid();
        var hash = SessionTokens.Hash(token);
        var now = clock.GetUtcNow();
        var found = await db.OneTimeTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now)
            .Select(t => new { t.Id, t.UserId })
            .FirstOrDefaultAsync(ct) ?? throw Invalid();
        var used = await db.OneTimeTokens.Where(t => t.Id == found.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct);
        if (used == 0) throw Invalid();
        return await db.Users.FirstAsync(u => u.Id == found.UserId, ct);
    }

    /// <summary>Retires every unused token of a purpose (a reset ends the other reset links).</summary>
    public Task RetireAllAsync(Guid userId, OneTimeTokenPurpose purpose, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.OneTimeTokens.Where(t => t.UserId == userId && t.Purpose == purpose && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct);
    }

    private static ApiException Invalid() =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidToken, "This link is invalid, already used or expired. Ask for a new one.");
}
