using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>
/// <c>GET /api/admin/stats</c>: the platform's figures on a small known data set. The period's figures are arranged in
/// days far ahead of "now" (no other test writes there); the "as of now" figures are checked by how much they move.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class PlatformStatsTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private async Task<string> AdminCookieAsync() => (await _api.Data.CookieAsync(await _api.Data.OrganizationAsync(), Who.PlatformAdmin))!;

    private async Task<PlatformStatsDto> StatsAsync(string cookie, string query = "")
    {
        var response = await _api.GetAsync("/api/admin/stats" + query, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<PlatformStatsDto>>()).Data;
    }

    private static DateTimeOffset At(string day, int hour, int minute = 0) =>
        DateTimeOffset.Parse(day + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddHours(hour).AddMinutes(minute);

    private async Task RefundEventAsync(string? paymentIntentId, DateTimeOffset at, bool processed = true)
    {
        await using var db = fixture.Db();
        db.WebhookEvents.Add(new WebhookEvent
        {
            Id = "evt_test_" + Guid.NewGuid().ToString("N"), Type = "charge.refunded", PaymentIntentId = paymentIntentId, Payload = "",
            ReceivedAt = at, ProcessedAt = processed ? at : null,
        });
        await db.SaveChangesAsync();
    }

    private async Task<User> SignupAsync(DateTimeOffset at, bool deleted = false)
    {
        var user = await _api.Data.UserAsync("Signup");
        await using var db = fixture.Db();
        db.Attach(user);
        user.CreatedAt = at;
        if (deleted) user.DeletedAt = at.AddHours(1);
        await db.SaveChangesAsync();
        return user;
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Owner, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    public async Task Get_Stats_ByAnyoneButAPlatformAdmin_IsRefused(Who who, HttpStatusCode status, string code)
    {
        var cookie = await _api.Data.CookieAsync(await _api.Data.OrganizationAsync(), who);

        var response = await _api.GetAsync("/api/admin/stats", cookie);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Get_Stats_OnAKnownDataSet_CountsSalesNetOfRefunds_RefundsWhenMade_SignupsPerDay_QuietDaysIncluded()
    {
        var cookie = await AdminCookieAsync();
        var (org, owner, _) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, "Known item", priceCents: 500);
        // One buyer each: a buyer holds one completed purchase of an item.
        async Task<User> Buyer() => await _api.Data.UserAsync("Buyer");

        await _api.PurchaseAsync(await Buyer(), item, At("2091-03-01", 23, 59)); // the day before: outside
        var plain = await _api.PurchaseAsync(await Buyer(), item, At("2091-03-02", 0));
        var partial = await _api.PurchaseAsync(await Buyer(), item, At("2091-03-02", 23, 59), refundedCents: 200);
        var full = await _api.PurchaseAsync(await Buyer(), item, At("2091-03-04", 9), priceCents: 800, status: PurchaseStatus.Refunded, refundedCents: 800);
        await _api.PurchaseAsync(await Buyer(), item, At("2091-03-04", 10), status: PurchaseStatus.Disputed);
        await _api.PurchaseAsync(await Buyer(), item, At("2091-03-04", 11), grantedBy: owner.Id);
        var duplicate = await _api.PurchaseAsync(await Buyer(), item, At("2091-03-04", 12), status: PurchaseStatus.Refunded, refundedCents: 500,
            refundReason: "duplicate");
        await _api.PurchaseAsync(await Buyer(), item, At("2091-03-04", 13), status: PurchaseStatus.Pending);
        await _api.PurchaseAsync(await Buyer(), item, At("2091-03-08", 0)); // the day after: outside

        await RefundEventAsync(partial.PaymentIntentId, At("2091-03-03", 8));
        await RefundEventAsync(full.PaymentIntentId, At("2091-03-05", 8));
        await RefundEventAsync(duplicate.PaymentIntentId, At("2091-03-05", 9)); // not a sale
        await RefundEventAsync("pi_nobody_" + Guid.NewGuid().ToString("N"), At("2091-03-05", 10)); // no purchase
        await RefundEventAsync(plain.PaymentIntentId, At("2091-03-06", 10), processed: false); // not applied (yet)
        await RefundEventAsync(plain.PaymentIntentId, At("2091-03-09", 10)); // outside

        await SignupAsync(At("2091-03-02", 1));
        await SignupAsync(At("2091-03-02", 22));
        await SignupAsync(At("2091-03-05", 5));
        await SignupAsync(At("2091-03-05", 6), deleted: true);
        await SignupAsync(At("2091-03-08", 6));

        var stats = await StatsAsync(cookie, "?from=2091-03-02&to=2091-03-07");

        Assert.Equal((new DateOnly(2091, 3, 2), new DateOnly(2091, 3, 7)), (stats.From, stats.To));
        Assert.Equal(
            [
                new PlatformDayDto(new DateOnly(2091, 3, 2), 800, 2, 2, 0),
                new PlatformDayDto(new DateOnly(2091, 3, 3), 0, 0, 0, 1),
                new PlatformDayDto(new DateOnly(2091, 3, 4), 0, 2, 0, 0),
                new PlatformDayDto(new DateOnly(2091, 3, 5), 0, 0, 2, 1),
                new PlatformDayDto(new DateOnly(2091, 3, 6), 0, 0, 0, 0),
                new PlatformDayDto(new DateOnly(2091, 3, 7), 0, 0, 0, 0),
            ],
            stats.Series);
        var t = stats.Totals;
        Assert.Equal((800L, 4, 2, 1000L, 1, 4), (t.RevenueCents, t.Purchases, t.Refunds, t.RefundedCents, t.Grants, t.NewUsers));
    }

    [Fact]
    public async Task Get_Stats_NowFigures_CountLiveAccountsOrganizationsAndTheCatalogue_AndTheNewOnesOfThePeriod()
    {
        var cookie = await AdminCookieAsync();
        var before = await StatsAsync(cookie, "?from=2092-05-01&to=2092-05-31");

        await SignupAsync(At("2092-05-03", 1));
        await SignupAsync(At("2092-05-03", 2), deleted: true);
        var org = await _api.Data.OrganizationAsync();
        var gone = await _api.Data.OrganizationAsync();
        var suspended = await _api.Data.OrganizationAsync();
        var creator = await _api.Data.UserAsync("Creator");
        var published = await _api.Data.ContentAsync(org, creator, "Live item");
        await _api.Data.ContentAsync(org, creator, "Draft", status: ContentStatus.Draft);
        await _api.Data.ContentAsync(org, creator, "Deleted", deleted: true);
        await _api.Data.ContentAsync(gone, creator, "Of a deleted organization");
        await _api.Data.ContentAsync(suspended, creator, "Of a suspended organization");
        await using (var db = fixture.Db())
        {
            db.AttachRange(org, gone, suspended, published);
            org.CreatedAt = At("2092-05-10", 12);
            gone.DeletedAt = At("2092-05-11", 12);
            suspended.SuspendedAt = At("2092-05-11", 12);
            published.PublishedAt = At("2092-05-20", 12);
            await db.SaveChangesAsync();
        }

        var after = await StatsAsync(cookie, "?from=2092-05-01&to=2092-05-31");

        // Users: the creator and one signup (the deleted account is not one); organizations: all but the deleted one.
        Assert.Equal(2, after.Totals.Users - before.Totals.Users);
        Assert.Equal(2, after.Totals.Organizations - before.Totals.Organizations);
        Assert.Equal(1, after.Totals.PublishedContent - before.Totals.PublishedContent);
        Assert.Equal((2, 1, 1), (after.Totals.NewUsers - before.Totals.NewUsers, after.Totals.NewOrganizations - before.Totals.NewOrganizations,
            after.Totals.NewlyPublished - before.Totals.NewlyPublished));
    }

    [Fact]
    public async Task Get_Stats_WithoutAPeriod_IsTheLast30Days_EndingToday()
    {
        var cookie = await AdminCookieAsync();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

        var stats = await StatsAsync(cookie);

        Assert.Equal(30, stats.Series.Count);
        Assert.Equal((today.AddDays(-29), today), (stats.From, stats.To));
        Assert.Equal(stats.Series.Select(d => d.Date), Enumerable.Range(0, 30).Select(i => today.AddDays(i - 29)));
    }

    [Theory]
    [InlineData("?from=2030-02-01&to=2030-01-01", "from")]
    [InlineData("?from=2030-01-01&to=2031-01-02", "to")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2030-02-30", "to")]
    [InlineData("?from=1999-12-31&to=2000-01-01", "from")]
    public async Task Get_Stats_ABadPeriod_Is400_NamingTheField(string query, string field)
    {
        var cookie = await AdminCookieAsync();

        var response = await _api.GetAsync("/api/admin/stats" + query, cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Stats_AYearOf366Days_IsAllowed()
    {
        var stats = await StatsAsync(await AdminCookieAsync(), "?from=2032-01-01&to=2032-12-31");

        Assert.Equal(366, stats.Series.Count);
    }
}
