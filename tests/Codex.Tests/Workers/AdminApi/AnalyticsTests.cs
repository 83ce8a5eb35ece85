using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.AdminApi;

[Collection(AdminCollection.Name)]
public sealed class AnalyticsTests(AdminFixture fixture)
{
    private readonly AdminApi _api = new(fixture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd");

    private async Task<OrganizationAnalyticsDto> AnalyticsAsync(Guid orgId, string cookie, string query = "")
    {
        var response = await _api.GetAsync($"/api/admin/organizations/{orgId}/analytics{query}", cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<OrganizationAnalyticsDto>>()).Data;
    }

    [Theory]
    [InlineData(Who.Anonymous, HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [InlineData(Who.Customer, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Member, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Creator, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.OwnerOfAnother, HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [InlineData(Who.Admin, HttpStatusCode.OK, null)]
    [InlineData(Who.Owner, HttpStatusCode.OK, null)]
    [InlineData(Who.PlatformAdmin, HttpStatusCode.OK, null)]
    public async Task Get_Analytics_ByCaller_AnswersByTheirRole(Who who, HttpStatusCode status, string? code)
    {
        var org = await _api.Data.OrganizationAsync();
        var cookie = await _api.Data.CookieAsync(org, who);

        var response = await _api.GetAsync($"/api/admin/organizations/{org.Id}/analytics", cookie);

        Assert.Equal(status, response.StatusCode);
        if (code is not null) Assert.Equal(code, (await response.ErrorAsync()).Code);
        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "");
    }

    [Fact]
    public async Task Get_Analytics_UnknownOrganization_Returns404_AndNotAUuid_400()
    {
        var cookie = await _api.Data.SessionCookieAsync(await _api.Data.UserAsync(role: UserRole.Admin));

        var unknown = await _api.GetAsync($"/api/admin/organizations/{Guid.NewGuid()}/analytics", cookie);
        var garbled = await _api.GetAsync("/api/admin/organizations/not-a-uuid/analytics", cookie);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await unknown.ErrorAsync()).Code);
        Assert.Equal(["id"], await garbled.FieldErrorsAsync());
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-02-30", "to")]
    [InlineData("?from=2026-03-02&to=2026-03-01", "from")]
    [InlineData("?from=2025-01-01&to=2026-01-02", "to")]
    [InlineData("?to=9999-12-31", "to")]
    [InlineData("?from=9999-12-31&to=9999-12-31", "from")]
    [InlineData("?to=0001-01-10", "to")]
    [InlineData("?from=0001-01-01&to=0001-01-10", "from")]
    [InlineData("?from=1999-12-31&to=2000-01-05", "from")]
    [InlineData("?from=2100-12-31&to=2101-01-01", "to")]
    public async Task Get_Analytics_BadPeriod_Returns400WithTheField(string query, string field)
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();

        var response = await _api.GetAsync($"/api/admin/organizations/{org.Id}/analytics{query}", cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, (await response.ErrorAsync()).Code);
        Assert.Contains(field, await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Get_Analytics_A366DayPeriod_IsAllowed_WithOneRowPerDay()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();

        var analytics = await AnalyticsAsync(org.Id, cookie, "?from=2024-01-01&to=2024-12-31");

        Assert.Equal(366, analytics.Series.Count);
        Assert.Equal(new DateOnly(2024, 12, 31), analytics.Series[^1].Date);
    }

    [Fact]
    public async Task Get_Analytics_WithoutAPeriod_IsTheLast30Days_EveryDayPresent_QuietDaysZero()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, priceCents: 700);
        await _api.PurchaseAsync(await _api.Data.UserAsync(), item, _api.DaysAgo(3));

        var analytics = await AnalyticsAsync(org.Id, cookie);

        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal((today.AddDays(-29), today), (analytics.From, analytics.To));
        Assert.Equal(30, analytics.Series.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => today.AddDays(i - 29)), analytics.Series.Select(d => d.Date));
        var sale = Assert.Single(analytics.Series, d => d.Purchases > 0);
        Assert.Equal((today.AddDays(-3), 700L, 1), (sale.Date, sale.RevenueCents, sale.Purchases));
        Assert.All(analytics.Series.Where(d => d != sale), d => Assert.Equal((0L, 0), (d.RevenueCents, d.Purchases)));
    }

    [Fact]
    public async Task Get_Analytics_NumbersEqualThePurchasesInTheDatabase_SummedByDay()
    {
        var (org, owner, cookie) = await _api.OrganizationWithOwnerAsync();
        var items = new List<ContentItem>();
        for (var i = 0; i < 3; i++) items.Add(await _api.PaidItemAsync(org, $"Item {i}", priceCents: 300 + i * 100));
        var random = new Random(12);
        for (var n = 0; n < 40; n++)
        {
            var buyer = await _api.Data.UserAsync();
            var item = items[n % 3];
            var roll = random.Next(10);
            var status = roll switch { 0 => PurchaseStatus.Refunded, 1 => PurchaseStatus.Disputed, _ => PurchaseStatus.Completed };
            var refunded = roll == 0 ? item.PriceCents!.Value : roll == 2 ? 100 : 0;
            await _api.PurchaseAsync(buyer, item, _api.DaysAgo(random.Next(0, 14), random.Next(0, 24)), status: status, refundedCents: refunded);
        }
        // Not sales: grants, a duplicate payment given back, a checkout never paid; nor another organization's or a sale outside the period.
        await _api.PurchaseAsync(await _api.Data.UserAsync(), items[0], _api.DaysAgo(2), grantedBy: owner.Id);
        await _api.PurchaseAsync(await _api.Data.UserAsync(), items[0], _api.DaysAgo(2), status: PurchaseStatus.Refunded, refundedCents: 300,
            refundReason: "duplicate");
        await _api.PurchaseAsync(await _api.Data.UserAsync(), items[1], _api.DaysAgo(2), status: PurchaseStatus.Pending);
        var other = await _api.Data.OrganizationAsync();
        await _api.PurchaseAsync(await _api.Data.UserAsync(), await _api.PaidItemAsync(other), _api.DaysAgo(1));
        await _api.PurchaseAsync(await _api.Data.UserAsync(), items[2], _api.DaysAgo(20));

        var from = DateOnly.FromDateTime(_api.DaysAgo(13).UtcDateTime);
        var to = DateOnly.FromDateTime(_api.DaysAgo(0).UtcDateTime);
        var analytics = await AnalyticsAsync(org.Id, cookie, $"?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

        await using var db = fixture.Db();
        var rows = (await db.Purchases.AsNoTracking().Where(p => p.OrganizationId == org.Id).ToListAsync())
            .Where(p => p.PurchasedAt is { } at && DateOnly.FromDateTime(at.UtcDateTime) >= from && DateOnly.FromDateTime(at.UtcDateTime) <= to)
            .ToList();
        var sales = rows.Where(p => p.GrantedById is null && p.PriceCents > 0 && p.Status != PurchaseStatus.Pending && p.RefundReason != "duplicate").ToList();
        long Net(Purchase p) => p.Status == PurchaseStatus.Disputed ? 0 : p.PriceCents - p.RefundedCents;
        var byDay = sales.GroupBy(p => DateOnly.FromDateTime(p.PurchasedAt!.Value.UtcDateTime)).ToDictionary(g => g.Key);

        Assert.Equal(14, analytics.Series.Count);
        foreach (var day in analytics.Series)
        {
            var expected = byDay.TryGetValue(day.Date, out var g) ? (g.Sum(Net), g.Count()) : (0L, 0);
            Assert.Equal(expected, (day.RevenueCents, day.Purchases));
        }
        Assert.Equal(40, sales.Count);
        Assert.Equal(sales.Sum(Net), analytics.Totals.RevenueCents);
        Assert.Equal(sales.Count, analytics.Totals.Purchases);
        Assert.Equal(sales.Count(p => p.RefundedCents > 0), analytics.Totals.Refunds);
        Assert.Equal(sales.Sum(p => (long)p.RefundedCents), analytics.Totals.RefundedCents);
        Assert.Equal(1, analytics.Totals.Grants);
        Assert.Equal(analytics.Totals.RevenueCents, analytics.Series.Sum(d => d.RevenueCents));
        var top = analytics.TopContent.ToDictionary(t => t.ContentId);
        foreach (var item in items)
        {
            var ofItem = sales.Where(p => p.ContentId == item.Id).ToList();
            Assert.Equal((ofItem.Count, ofItem.Sum(Net)), (top[item.Id].Purchases, top[item.Id].RevenueCents));
        }
        Assert.Equal(analytics.TopContent.OrderByDescending(t => t.RevenueCents).Select(t => t.ContentId), analytics.TopContent.Select(t => t.ContentId));
    }

    [Fact]
    public async Task Get_Analytics_CountsASaleOnItsUtcDay_ToTheLastMillisecond()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var item = await _api.PaidItemAsync(org, priceCents: 100);
        var midnight = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        await _api.PurchaseAsync(await _api.Data.UserAsync(), item, midnight.AddMilliseconds(-1));
        await _api.PurchaseAsync(await _api.Data.UserAsync(), item, midnight);
        await _api.PurchaseAsync(await _api.Data.UserAsync(), item, midnight.AddDays(1).AddMilliseconds(-1));

        var analytics = await AnalyticsAsync(org.Id, cookie, "?from=2026-03-09&to=2026-03-10");

        Assert.Equal([1, 2], analytics.Series.Select(d => d.Purchases));
        Assert.Equal(3, analytics.Totals.Purchases);
    }

    [Fact]
    public async Task Get_Analytics_TopContent_IsTheTenBestByRevenue_WithTitleSlugAndViews()
    {
        var (org, _, cookie) = await _api.OrganizationWithOwnerAsync();
        var items = new List<ContentItem>();
        for (var i = 0; i < 12; i++)
        {
            var item = await _api.PaidItemAsync(org, $"Item {i:00}", priceCents: 100 * (i + 1));
            items.Add(item);
            await _api.PurchaseAsync(await _api.Data.UserAsync(), item, _api.DaysAgo(1));
        }
        await using (var db = fixture.Db())
            await db.Content.Where(c => c.Id == items[11].Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ViewCount, 4321));

        var analytics = await AnalyticsAsync(org.Id, cookie);

        Assert.Equal(10, analytics.TopContent.Count);
        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => items[i].Id), analytics.TopContent.Select(t => t.ContentId));
        var best = analytics.TopContent[0];
        Assert.Equal(("Item 11", items[11].Slug, 1, 1200L, 4321L), (best.Title, best.Slug, best.Purchases, best.RevenueCents, best.Views));
    }
}
