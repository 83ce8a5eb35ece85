using System.Net;
using Codex.Contracts;
using Codex.Contracts.Ecom;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

[Collection(EcomCollection.Name)]
public sealed class CreateCheckoutTests(EcomFixture fixture)
{
    private readonly EcomApi _api = new(fixture, () => fixture.WebhookSecret);

    [Fact]
    public async Task Create_ForAPaidItem_ReturnsATestCheckoutSession_AndStoresItOpen()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();

        var session = await _api.CreateSessionAsync(cookie, item.Id);

        Assert.Matches("^cs_test_[A-Za-z0-9]{24}$", session.SessionId);
        Assert.Equal($"http://localhost:5000/checkout/test/{session.SessionId}", session.SessionUrl);
        await using var db = fixture.Db();
        var row = await db.CheckoutSessions.SingleAsync(s => s.Id == session.SessionId);
        Assert.Equal((buyer.Id, item.Id, 500, "usd", CheckoutStatus.Open), (row.UserId, row.ContentId, row.AmountCents, row.Currency, row.Status));
        Assert.InRange(row.ExpiresAt - fixture.Clock.GetUtcNow(), TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Create_WithoutASession_Returns401()
    {
        var (_, item) = await _api.PaidItemAsync();

        var response = await _api.CreateAsync(null, item.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Create_WithMissingFields_Returns400_NamingEachField()
    {
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.SendAsync(HttpMethod.Post, "/checkout/create", cookie, new CreateCheckoutRequest(null, "not a url", null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["cancelUrl", "contentId", "successUrl"], (await response.FieldErrorsAsync()).Order());
    }

    [Theory]
    [InlineData("https://evil.example/steal?session_id={CHECKOUT_SESSION_ID}", CancelUrlOk, "successUrl")]
    [InlineData(EcomApi.SuccessUrl, "https://evil.example/", "cancelUrl")]
    public async Task Create_WithARedirectToAnotherHost_Returns400_OnThatField(string successUrl, string cancelUrl, string field)
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.CreateAsync(cookie, item.Id, successUrl: successUrl, cancelUrl: cancelUrl);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.FieldErrorsAsync());
    }

    private const string CancelUrlOk = EcomApi.CancelUrl;

    [Fact]
    public async Task Create_ForUnknownContent_Returns404()
    {
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.CreateAsync(cookie, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await response.ErrorAsync()).Code);
    }

    [Theory]
    [InlineData(AccessType.Free, ContentStatus.Published)]
    [InlineData(AccessType.Members, ContentStatus.Published)]
    [InlineData(AccessType.Paid, ContentStatus.Draft)]
    [InlineData(AccessType.Paid, ContentStatus.Archived)]
    public async Task Create_ForContentThatIsNotForSale_Returns422(AccessType access, ContentStatus status)
    {
        var (_, item) = await _api.PaidItemAsync(access, status);
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.CreateAsync(cookie, item.Id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ErrorCodes.ContentNotPurchasable, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Create_WhenTheOrganizationDisabledPurchases_Returns422()
    {
        var (org, item) = await _api.PaidItemAsync();
        await _api.SetPurchasesEnabledAsync(org, false);
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.CreateAsync(cookie, item.Id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(ErrorCodes.ContentNotPurchasable, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Create_WhenTheOrganizationEnabledPurchasesExplicitly_Succeeds()
    {
        var (org, item) = await _api.PaidItemAsync();
        await _api.SetPurchasesEnabledAsync(org, true);
        var (_, cookie) = await _api.BuyerAsync();

        Assert.Equal(HttpStatusCode.OK, (await _api.CreateAsync(cookie, item.Id)).StatusCode);
    }

    [Fact]
    public async Task Create_ForContentTheCallerOwns_Returns409AlreadyPurchased_ButARefundedPurchaseMayBuyAgain()
    {
        var (_, owned) = await _api.PaidItemAsync();
        var (_, refunded) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        await _api.Data.PurchaseAsync(buyer, owned);
        await _api.Data.PurchaseAsync(buyer, refunded, PurchaseStatus.Refunded);

        var response = await _api.CreateAsync(cookie, owned.Id);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.AlreadyPurchased, (await response.ErrorAsync()).Code);
        Assert.Equal(HttpStatusCode.OK, (await _api.CreateAsync(cookie, refunded.Id)).StatusCode);
    }

    [Fact]
    public async Task Create_WithARepeatedIdempotencyKey_ReturnsTheFirstSession()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var key = Guid.NewGuid().ToString();

        var first = await _api.CreateSessionAsync(cookie, item.Id, key);
        var second = await _api.CreateSessionAsync(cookie, item.Id, key);
        var withoutKey = await _api.CreateSessionAsync(cookie, item.Id);

        Assert.Equal(first, second);
        Assert.NotEqual(first.SessionId, withoutKey.SessionId);
        await using var db = fixture.Db();
        Assert.Equal(2, await db.CheckoutSessions.CountAsync(s => s.UserId == buyer.Id));
    }

    [Fact]
    public async Task Create_FiveTimesAtOnceWithOneKey_CreatesOneSession_AndAnswersAllWithIt()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var key = Guid.NewGuid().ToString();

        var sessions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _api.CreateSessionAsync(cookie, item.Id, key)));

        Assert.Single(sessions.Distinct());
        await using var db = fixture.Db();
        Assert.Equal(1, await db.CheckoutSessions.CountAsync(s => s.UserId == buyer.Id));
    }

    [Fact]
    public async Task Create_WithAReusedKeyAndADifferentBody_Returns409Conflict()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, other) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var key = Guid.NewGuid().ToString();
        await _api.CreateSessionAsync(cookie, item.Id, key);

        var response = await _api.CreateAsync(cookie, other.Id, key);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(ErrorCodes.Conflict, (await response.ErrorAsync()).Code);
    }

    [Fact]
    public async Task Create_WithTheSameKeyFromAnotherUser_IsThatUsersOwnRequest()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, alice) = await _api.BuyerAsync();
        var (_, bob) = await _api.BuyerAsync();
        var key = Guid.NewGuid().ToString();

        var first = await _api.CreateSessionAsync(alice, item.Id, key);
        var second = await _api.CreateSessionAsync(bob, item.Id, key);

        Assert.NotEqual(first.SessionId, second.SessionId);
    }

    [Fact]
    public async Task Create_WithAnOverlongIdempotencyKey_Returns400()
    {
        var (_, item) = await _api.PaidItemAsync();
        var (_, cookie) = await _api.BuyerAsync();

        var response = await _api.CreateAsync(cookie, item.Id, new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([Idempotency.Header], await response.FieldErrorsAsync());
    }
}
