using System.Net;
using Codex.Contracts;
using Codex.Contracts.Ecom;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.EcomApi;

[Collection(EcomCollection.Name)]
public sealed class VerifyAndPurchasesTests(EcomFixture fixture)
{
    private readonly EcomApi _api = new(fixture, () => fixture.WebhookSecret);

    [Fact]
    public async Task Verify_BeforePaying_IsOpen_WithoutAPurchase()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);

        var verified = await _api.VerifyAsync(cookie, session.SessionId);

        Assert.Equal(new CheckoutVerifyDto(CheckoutStatus.Open, null), verified);
    }

    [Fact]
    public async Task Verify_AfterPaying_IsComplete_WithThePurchase()
    {
        var (org, item) = await _api.PaidItemAsync(title: "Croissant Lamination");
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);
        await _api.Client.PostAsync(new Uri(session.SessionUrl).AbsolutePath + "/pay", null);

        var verified = await _api.VerifyAsync(cookie, session.SessionId);

        Assert.Equal(CheckoutStatus.Complete, verified.Status);
        var purchase = verified.Purchase!;
        Assert.Equal((item.Id, "Croissant Lamination", item.Slug, org.Slug, 500, "usd", PurchaseStatus.Completed),
            (purchase.ContentId, purchase.ContentTitle, purchase.ContentSlug, purchase.OrganizationSlug, purchase.PriceCents, purchase.Currency, purchase.Status));
        Assert.NotNull(purchase.PurchasedAt);
    }

    [Fact]
    public async Task Verify_AnExpiredOpenSession_ReportsExpired()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(cookie, item.Id);
        await using (var db = fixture.Db())
        {
            var row = await db.CheckoutSessions.FindAsync(session.SessionId);
            row!.ExpiresAt = fixture.Clock.GetUtcNow().AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        Assert.Equal(CheckoutStatus.Expired, (await _api.VerifyAsync(cookie, session.SessionId)).Status);
    }

    [Fact]
    public async Task Verify_AnotherUsersSession_Returns404()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, owner) = await _api.BuyerAsync();
        var (_, stranger) = await _api.BuyerAsync();
        var session = await _api.CreateSessionAsync(owner, item.Id);

        var response = await _api.SendAsync(HttpMethod.Get, "/checkout/verify?session_id=" + session.SessionId, stranger);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Verify_AnUnknownSession_Returns404()
    {
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.SendAsync(HttpMethod.Get, "/checkout/verify?session_id=cs_test_nope", cookie);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Verify_WithoutASessionId_Returns400()
    {
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.SendAsync(HttpMethod.Get, "/checkout/verify", cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["session_id"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Verify_WithoutASession_Returns401()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/checkout/verify?session_id=cs_test_x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Purchases_ListsOnlyTheCallersOwn_NewestFirst_Paged()
    {
        var (buyer, cookie) = await _api.BuyerAsync();
        var (other, _) = await _api.BuyerAsync();
        var bought = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (_, item) = await _api.PaidItemAsync(title: $"Item {i}");
            var session = await _api.CreateSessionAsync(cookie, item.Id);
            await _api.DeliverAsync(EcomApi.CompletedEvent(session.SessionId, EcomApi.PaymentIntentOf(session.SessionId)));
            bought.Add(item.Id);
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var (_, notMine) = await _api.PaidItemAsync();
        await _api.Data.PurchaseAsync(other, notMine);

        var first = await (await _api.SendAsync(HttpMethod.Get, "/purchases?limit=2", cookie)).ReadAsync<PagedList<PurchaseDto>>();
        var second = await (await _api.SendAsync(HttpMethod.Get, "/purchases?limit=2&page=2", cookie)).ReadAsync<PagedList<PurchaseDto>>();

        Assert.Equal(new Pagination(1, 2, 3, 2), first.Pagination);
        Assert.Equal([bought[2], bought[1]], first.Items.Select(p => p.ContentId));
        Assert.Equal([bought[0]], second.Items.Select(p => p.ContentId));
        Assert.Equal("Item 0", second.Items[0].ContentTitle);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=1001")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=ten")]
    public async Task Purchases_WithPagingOutOfRange_Returns400(string query)
    {
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.SendAsync(HttpMethod.Get, "/purchases?" + query, cookie);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([query.Split('=')[0]], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task Purchases_WithoutASession_Returns401()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/purchases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
