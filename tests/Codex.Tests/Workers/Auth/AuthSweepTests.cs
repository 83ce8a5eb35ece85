using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.Auth.Sweeps;
using Codex.Workers.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.Tests.Workers.Auth;

/// <summary>The Auth worker's hourly sweep, run directly against the fixture's database (SQLite or PostgreSQL).</summary>
[Collection(AuthCollection.Name)]
public sealed class AuthSweepTests(AuthFixture fixture)
{
    private readonly TestData _data = new(fixture);

    private async Task<Guid> SessionAsync(Guid userId, TimeSpan expiresIn)
    {
        var now = fixture.Clock.GetUtcNow();
        var session = new Session
        {
            Id = Guid.NewGuid(), UserId = userId, TokenHash = SessionTokens.Hash(SessionTokens.NewToken()), CreatedAt = now, ExpiresAt = now + expiresIn,
        };
        await using var db = fixture.Db();
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    private async Task<Guid> TokenAsync(Guid userId, TimeSpan expiresIn, bool used)
    {
        var now = fixture.Clock.GetUtcNow();
        var token = new OneTimeToken
        {
            Id = Guid.NewGuid(), UserId = userId, Purpose = OneTimeTokenPurpose.ResetPassword, TokenHash = SessionTokens.Hash(SessionTokens.NewToken()),
            CreatedAt = now, ExpiresAt = now + expiresIn, UsedAt = used ? now : null,
        };
        await using var db = fixture.Db();
        db.OneTimeTokens.Add(token);
        await db.SaveChangesAsync();
        return token.Id;
    }

    [Fact]
    public async Task Sweep_RemovesExpiredSessionsAndUsedOrExpiredTokens_AndNothingElse()
    {
        var user = await _data.UserAsync();
        var expiredSession = await SessionAsync(user.Id, TimeSpan.FromMinutes(-1));
        var liveSession = await SessionAsync(user.Id, TimeSpan.FromDays(3));
        var expiredToken = await TokenAsync(user.Id, TimeSpan.FromMinutes(-1), used: false);
        var usedToken = await TokenAsync(user.Id, TimeSpan.FromMinutes(30), used: true);
        var liveToken = await TokenAsync(user.Id, TimeSpan.FromMinutes(30), used: false);

        await using (var db = fixture.Db())
            await new AuthSweepJob(db, fixture.Clock, NullLogger<AuthSweepJob>.Instance).SweepAsync(CancellationToken.None);

        await using var check = fixture.Db();
        var sessions = await check.Sessions.Where(s => s.UserId == user.Id).Select(s => s.Id).ToListAsync();
        var tokens = await check.OneTimeTokens.Where(t => t.UserId == user.Id).Select(t => t.Id).ToListAsync();
        Assert.Equal([liveSession], sessions);
        Assert.Equal([liveToken], tokens);
        Assert.DoesNotContain(expiredSession, sessions);
        Assert.DoesNotContain(expiredToken, tokens);
        Assert.DoesNotContain(usedToken, tokens);
        Assert.True(await check.Users.AnyAsync(u => u.Id == user.Id));
    }

    [Fact]
    public async Task Sweep_IsScheduledInThePersistentStore()
    {
        await using var db = fixture.Db();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM qrtz_triggers WHERE sched_name = 'codex-auth' AND trigger_name = 'sweep-auth'";
        Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync()));
    }
}
