using Codex.Data;
using Microsoft.EntityFrameworkCore;

namespace Codex.Workers.Pipeline;

/// <summary>
/// Verification (24 h), reset (1 h) and email-change (24 h) tokens: stored hashed, usable once. Auth issues the first
/// two, the Identity-API the third.
/// </summary>
public sealed class OneTimeTokens(CodexDbContext db, TimeProvider clock)
{
    public static TimeSpan LifetimeOf(OneTimeTokenPurpose purpose) =>
        purpose is OneTimeTokenPurpose.VerifyEmail or OneTimeTokenPurpose.ChangeEmail ? TimeSpan.FromHours(24) : TimeSpan.FromHours(1);

    /// <summary>
    /// Issues a token and returns it in clear (for the email link); only its hash is kept. <paramref name="newEmail"/>:
    /// the address an email-change token confirms.
    /// </summary>
    public async Task<string> IssueAsync(Guid userId, OneTimeTokenPurpose purpose, CancellationToken ct, string? newEmail = null)
    {
        var token = SessionTokens.NewToken();
        var now = clock.GetUtcNow();
        db.OneTimeTokens.Add(new OneTimeToken
        {
            Id = Guid.NewGuid(), UserId = userId, Purpose = purpose, TokenHash = SessionTokens.Hash(token),
            CreatedAt = now, ExpiresAt = now + LifetimeOf(purpose), NewEmail = newEmail,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>
    /// Uses a token once: the user it was for, or a 400 <c>INVALID_TOKEN</c> for an unknown, used or expired one.
    /// The conditional update makes two concurrent uses of one token succeed at most once.
    /// </summary>
    public async Task<User> ConsumeAsync(string? token, OneTimeTokenPurpose purpose, CancellationToken ct) =>
        (await ConsumeWithEmailAsync(token, purpose, ct)).User;

    /// <summary><see cref="ConsumeAsync"/>, with the new address an email-change token carries.</summary>
    public async Task<(User User, string? NewEmail)> ConsumeWithEmailAsync(string? token, OneTimeTokenPurpose purpose, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) throw Invalid();
        var hash = SessionTokens.Hash(token);
        var now = clock.GetUtcNow();
        var found = await db.OneTimeTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now)
            .Select(t => new { t.Id, t.UserId, t.NewEmail })
            .FirstOrDefaultAsync(ct) ?? throw Invalid();
        var used = await db.OneTimeTokens.Where(t => t.Id == found.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct);
        if (used == 0) throw Invalid();
        return (await db.Users.FirstAsync(u => u.Id == found.UserId, ct), found.NewEmail);
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
