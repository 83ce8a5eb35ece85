using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Content;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Tests.Infrastructure;

namespace Codex.Tests.Workers.AdminApi;

/// <summary>Calls to the Admin-API with an explicit session cookie, and the sales rows its tests arrange.</summary>
public sealed class AdminApi(SystemFixture fixture)
{
    public TestData Data { get; } = new(fixture);
    public HttpClient Client { get; } = fixture.Client(Role.AdminApi);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie = null, object? body = null,
        string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ContractJson.Options);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (idempotencyKey is not null) request.Headers.Add(Idempotency.Header, idempotencyKey);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? cookie) => SendAsync(HttpMethod.Get, path, cookie);

    /// <summary>A new organization with its owner (and the owner's cookie).</summary>
    public async Task<(Organization Org, User Owner, string Cookie)> OrganizationWithOwnerAsync()
    {
        var org = await Data.OrganizationAsync();
        var owner = await Data.UserAsync("Olive Owner");
        await Data.MembershipAsync(org, owner, MemberRole.Owner);
        return (org, owner, await Data.SessionCookieAsync(owner));
    }

    /// <summary>A paid item of <paramref name="priceCents"/> in <paramref name="org"/>.</summary>
    public async Task<ContentItem> PaidItemAsync(Organization org, string title = "Paid item", int priceCents = 500, bool video = false)
    {
        var creator = await Data.UserAsync("Creator");
        ContentItem item;
        if (video) item = (await Data.VideoAsync(org, creator, AccessType.Paid, title)).Item;
        else item = await Data.ContentAsync(org, creator, title, access: AccessType.Paid);
        await using var db = fixture.Db();
        db.Attach(item);
        item.PriceCents = priceCents;
        await db.SaveChangesAsync();
        return item;
    }

    /// <summary>
    /// A purchase row as the Ecom-API records one (its own checkout session and payment), made at <paramref name="at"/>.
    /// </summary>
    public async Task<Purchase> PurchaseAsync(User buyer, ContentItem item, DateTimeOffset at, int? priceCents = null,
        PurchaseStatus status = PurchaseStatus.Completed, int refundedCents = 0, Guid? grantedBy = null, string? refundReason = null)
    {
        var session = (grantedBy is null ? "cs_test_" : "grant_") + Guid.NewGuid().ToString("N");
        var purchase = new Purchase
        {
            Id = Guid.NewGuid(), UserId = buyer.Id, ContentId = item.Id, OrganizationId = item.OrganizationId,
            PriceCents = grantedBy is null ? priceCents ?? item.PriceCents ?? 500 : 0, Currency = "usd", Status = status,
            CheckoutSessionId = session, PaymentIntentId = grantedBy is null ? "pi_test_" + session[8..] : null,
            PurchasedAt = at, CreatedAt = at, RefundedCents = refundedCents, GrantedById = grantedBy, RefundReason = refundReason,
            RefundedAt = status == PurchaseStatus.Refunded ? at : null,
        };
        await using var db = fixture.Db();
        db.Purchases.Add(purchase);
        await db.SaveChangesAsync();
        return purchase;
    }

    public async Task<HttpStatusCode> StreamAsync(Guid contentId, string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/access/content/{contentId}/stream");
        request.Headers.Add("Cookie", cookie);
        return (await content.SendAsync(request)).StatusCode;
    }

    public async Task<List<Guid>> LibraryAsync(string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/access/user/library?limit=100");
        request.Headers.Add("Cookie", cookie);
        var response = await content.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<PagedList<LibraryItemDto>>()).Items.Select(i => i.Content.Id).ToList();
    }

    /// <summary>Midday UTC <paramref name="days"/> before today (the analytics' default period ends today).</summary>
    public DateTimeOffset DaysAgo(int days, int hour = 12) =>
        new DateTimeOffset(fixture.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-days).AddHours(hour);
}
