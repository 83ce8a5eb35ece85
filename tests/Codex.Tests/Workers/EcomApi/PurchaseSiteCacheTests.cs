using System.Net;
using Codex.Contracts;
using Codex.Contracts.Admin;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Codex.Tests.Workers.AdminApi;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>
/// Whenever a purchase changes state (completed, refunded in full or in part, disputed, a dispute closed, granted), the
/// worker tells the site to drop the buyer's cached data and the catalogue (ADR 025): the site caches per-user data
/// tagged with both.
/// </summary>
public sealed class PurchaseSiteCacheTests(PurchaseSiteCacheFixture fixture) : IClassFixture<PurchaseSiteCacheFixture>
{
    private readonly EcomApi _ecom = new(fixture, () => fixture.WebhookSecret);
    private readonly AdminApi.AdminApi _admin = new(fixture);

    private async Task<(string PaymentIntent, User Buyer)> PaidPurchaseAsync()
    {
        var (_, item) = await _ecom.PaidItemAsync();
        var (buyer, cookie) = await _ecom.BuyerAsync();
        var session = await _ecom.CreateSessionAsync(cookie, item.Id);
        var intent = "pi_" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await _ecom.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, intent))).StatusCode);
        Assert.Equal(PurchaseStatus.Completed, Assert.Single(await _ecom.PurchasesOfSessionAsync(session.SessionId)).Status);
        return (intent, buyer);
    }

    private async Task AssertToldAsync(User buyer, int atLeast = 1)
    {
        var tags = await fixture.Site.TagsAsync();
        Assert.True(tags.Count(t => t == CacheTags.User(buyer.Id)) >= atLeast,
            $"the site was told about the buyer {atLeast} time(s): {string.Join(", ", tags)}");
        Assert.Contains(CacheTags.Content, tags);
    }

    private async Task<int> ToldAboutAsync(User buyer) => (await fixture.Site.TagsAsync()).Count(t => t == CacheTags.User(buyer.Id));

    [Fact]
    public async Task CheckoutCompleted_TellsTheSite_TheBuyerAndTheCatalogue()
    {
        var (_, buyer) = await PaidPurchaseAsync();

        await AssertToldAsync(buyer);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(200)]
    public async Task ARefund_WholeOrPartial_TellsTheSite(int amountRefunded)
    {
        var (intent, buyer) = await PaidPurchaseAsync();
        var before = await ToldAboutAsync(buyer);

        Assert.Equal(HttpStatusCode.OK, (await _ecom.DeliverAsync(EcomApi.RefundedEvent(intent, amountRefunded: amountRefunded))).StatusCode);

        Assert.Equal(before + 1, await ToldAboutAsync(buyer));
    }

    [Theory]
    [InlineData("won")]
    [InlineData("lost")]
    public async Task ADispute_OpenedAndClosed_TellsTheSiteEachTime(string outcome)
    {
        var (intent, buyer) = await PaidPurchaseAsync();
        var before = await ToldAboutAsync(buyer);

        Assert.Equal(HttpStatusCode.OK, (await _ecom.DeliverAsync(EcomApi.DisputeEvent(intent, "charge.dispute.created", "needs_response"))).StatusCode);
        Assert.Equal(before + 1, await ToldAboutAsync(buyer));
        Assert.Equal(HttpStatusCode.OK, (await _ecom.DeliverAsync(EcomApi.DisputeEvent(intent, "charge.dispute.closed", outcome))).StatusCode);
        Assert.Equal(before + 2, await ToldAboutAsync(buyer));
    }

    [Fact]
    public async Task ARefundFromTheBackOffice_TellsTheSite()
    {
        var (org, _, ownerCookie) = await _admin.OrganizationWithOwnerAsync();
        var item = await _admin.PaidItemAsync(org);
        var buyer = await _admin.Data.UserAsync("Bea Buyer");
        var purchase = await _admin.PurchaseAsync(buyer, item, DateTimeOffset.UtcNow.AddDays(-1));

        var response = await _admin.SendAsync(HttpMethod.Post, $"/api/admin/purchases/{purchase.Id}/refund", ownerCookie,
            new RefundRequest("Asked nicely", null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertToldAsync(buyer);
    }

    [Fact]
    public async Task AGrant_TellsTheSite_OnlyWhenItIsNew()
    {
        var (org, _, ownerCookie) = await _admin.OrganizationWithOwnerAsync();
        var item = await _admin.PaidItemAsync(org);
        var friend = await _admin.Data.UserAsync("Fran Friend");

        var first = await _admin.SendAsync(HttpMethod.Post, $"/api/admin/organizations/{org.Id}/grants", ownerCookie,
            new GrantRequest(friend.Id, null, item.Id));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertToldAsync(friend);
        var again = await _admin.SendAsync(HttpMethod.Post, $"/api/admin/organizations/{org.Id}/grants", ownerCookie,
            new GrantRequest(friend.Id, null, item.Id));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await ToldAboutAsync(friend));
    }
}

/// <summary>The Ecom-API and Admin-API, with a listener on their bus that records what the site instances are told to drop.</summary>
public sealed class PurchaseSiteCacheFixture : SystemFixture
{
    public InvalidationRecorder Site { get; private set; } = null!;

    protected override IReadOnlyList<Role> Roles => [Role.NotificationsApi, Role.EcomApi, Role.AdminApi];

    /// <summary>The secret the Ecom-API generated and kept in <c>{DataPath}/stripe-webhook-secret</c>.</summary>
    public string WebhookSecret => File.ReadAllText(Path.Combine(DataPath, "stripe-webhook-secret")).Trim();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Site = await InvalidationRecorder.StartAsync(System.LiveEvents);
    }

    public override async Task DisposeAsync()
    {
        Site.Dispose();
        await base.DisposeAsync();
    }
}
