using Codex.Contracts;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Workers.EcomApi.Sweeps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>The Ecom worker's hourly sweep, run directly against the fixture's database (SQLite or PostgreSQL).</summary>
[Collection(EcomCollection.Name)]
public sealed class EcomSweepTests(EcomFixture fixture)
{
    private readonly TestData _data = new(fixture);

    [Fact]
    public async Task Sweep_RemovesExpiredKeys_ExpiresStaleSessions_ClearsOldPayloads_AndNothingElse()
    {
        var user = await _data.UserAsync();
        var now = fixture.Clock.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..10];
        await using (var db = fixture.Db())
        {
            IdempotencyRecord Key(string key, TimeSpan expiresIn) => new()
            {
                Key = key, UserId = user.Id, Operation = "checkout.create", RequestHash = "h", StatusCode = 200, ResponseBody = "{}",
                CreatedAt = now, ExpiresAt = now + expiresIn,
            };
            db.IdempotencyRecords.AddRange(Key("expired", TimeSpan.FromMinutes(-1)), Key("live", TimeSpan.FromHours(1)));
            CheckoutSession Session(string id, CheckoutStatus status, TimeSpan expiresIn) => new()
            {
                Id = $"cs_{tag}_{id}", UserId = user.Id, ContentId = Guid.NewGuid(), AmountCents = 500, Currency = "usd", Status = status,
                SessionUrl = "http://x", SuccessUrl = "http://x", CancelUrl = "http://x", ExpiresAt = now + expiresIn, CreatedAt = now,
            };
            db.CheckoutSessions.AddRange(
                Session("stale", CheckoutStatus.Open, TimeSpan.FromHours(-2)),
                Session("just-expired", CheckoutStatus.Open, TimeSpan.FromMinutes(-5)),
                Session("open", CheckoutStatus.Open, TimeSpan.FromHours(20)),
                Session("paid", CheckoutStatus.Complete, TimeSpan.FromHours(-2)));
            WebhookEvent Event(string id, TimeSpan age, bool processed) => new()
            {
                Id = $"evt_{tag}_{id}", Type = "checkout.session.completed", Payload = "{\"id\":\"x\"}", ReceivedAt = now - age,
                ProcessedAt = processed ? now - age : null,
            };
            db.WebhookEvents.AddRange(Event("old", TimeSpan.FromDays(31), true), Event("recent", TimeSpan.FromDays(2), true),
                Event("old-failed", TimeSpan.FromDays(31), false));
            await db.SaveChangesAsync();
        }

        await using (var db = fixture.Db())
            await new EcomSweepJob(db, fixture.Clock, NullLogger<EcomSweepJob>.Instance).SweepAsync(CancellationToken.None);

        await using var check = fixture.Db();
        Assert.Equal(["live"], await check.IdempotencyRecords.Where(r => r.UserId == user.Id).Select(r => r.Key).ToListAsync());
        var sessions = await check.CheckoutSessions.Where(s => s.UserId == user.Id).ToDictionaryAsync(s => s.Id[(tag.Length + 4)..], s => s.Status);
        Assert.Equal(CheckoutStatus.Expired, sessions["stale"]);
        Assert.Equal(CheckoutStatus.Open, sessions["just-expired"]);
        Assert.Equal(CheckoutStatus.Open, sessions["open"]);
        Assert.Equal(CheckoutStatus.Complete, sessions["paid"]);
        var events = await check.WebhookEvents.Where(e => e.Id.StartsWith($"evt_{tag}_")).ToDictionaryAsync(e => e.Id[(tag.Length + 5)..], e => e.Payload);
        Assert.Equal("", events["old"]);
        Assert.Equal("{\"id\":\"x\"}", events["recent"]);
        Assert.Equal("{\"id\":\"x\"}", events["old-failed"]);
    }
}
