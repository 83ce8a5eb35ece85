using System.Net;
using System.Net.Http.Json;
using Codex.Contracts;
using Codex.Contracts.Ecom;
using Codex.Data;
using Codex.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codex.Tests.Workers.EcomApi;

/// <summary>
/// Issue 10, lines 2 and 6, on the whole system: a buyer is charged once (other open sessions expire, a second payment
/// is refunded as a duplicate), a partial refund keeps access and a full one ends it, a dispute suspends access until
/// it is won; streaming, progress and the library follow the same rule.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class RefundsAndDisputesTests(SiteFixture fixture)
{
    private readonly EcomApi _api = new(fixture, () => File.ReadAllText(Path.Combine(fixture.DataPath, "stripe-webhook-secret")).Trim());

    private static string PathOf(string sessionUrl) => new Uri(sessionUrl).AbsolutePath;

    /// <summary>A $5.00 video with its media ready, so that streaming it answers by access alone.</summary>
    private async Task<ContentItem> PaidVideoAsync()
    {
        var org = await _api.Data.OrganizationAsync();
        var (item, _) = await _api.Data.VideoAsync(org, await _api.Data.UserAsync("Creator"), AccessType.Paid);
        return item;
    }

    /// <summary>A new checkout session whose return addresses are on this system's site (the only allowed host).</summary>
    private async Task<CheckoutSessionDto> SessionAsync(string cookie, Guid contentId)
    {
        var site = fixture.System.SiteUrl.ToString().TrimEnd('/');
        var response = await _api.CreateAsync(cookie, contentId, successUrl: site + "/checkout/success?session_id={CHECKOUT_SESSION_ID}",
            cancelUrl: site + "/discover?checkout=cancelled");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DataEnvelope<CheckoutSessionDto>>()).Data;
    }

    /// <summary>A $5.00 item bought through the test checkout: its buyer, cookie and payment.</summary>
    private async Task<(ContentItem Item, User Buyer, string Cookie, string PaymentIntent)> BoughtAsync()
    {
        var item = await PaidVideoAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var session = await SessionAsync(cookie, item.Id);
        Assert.Equal(HttpStatusCode.SeeOther, (await _api.Client.PostAsync(PathOf(session.SessionUrl) + "/pay", null)).StatusCode);
        return (item, buyer, cookie, EcomApi.PaymentIntentOf(session.SessionId));
    }

    private async Task<HttpStatusCode> StreamAsync(Guid contentId, string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/access/content/{contentId}/stream");
        request.Headers.Add("Cookie", cookie);
        return (await content.SendAsync(request)).StatusCode;
    }

    private async Task<HttpStatusCode> SaveProgressAsync(Guid contentId, string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/access/content/{contentId}/progress")
        {
            Content = JsonContent.Create(new { positionSeconds = 30, durationSeconds = 60 }),
        };
        request.Headers.Add("Cookie", cookie);
        return (await content.SendAsync(request)).StatusCode;
    }

    private async Task<List<Guid>> LibraryAsync(string cookie)
    {
        using var content = fixture.Client(Role.ContentApi);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/access/user/library?limit=100");
        request.Headers.Add("Cookie", cookie);
        var response = await content.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.ReadAsync<PagedList<Codex.Contracts.Content.LibraryItemDto>>();
        return list.Items.Select(i => i.Content.Id).ToList();
    }

    private async Task<Purchase> PurchaseOfAsync(string paymentIntent)
    {
        await using var db = fixture.Db();
        return await db.Purchases.AsNoTracking().SingleAsync(p => p.PaymentIntentId == paymentIntent);
    }

    private async Task DeliverOkAsync(string payload) =>
        Assert.Equal(HttpStatusCode.OK, (await _api.DeliverAsync(payload)).StatusCode);

    [Fact]
    public async Task NewCheckoutSession_ExpiresTheBuyersOtherOpenOne_WhichCanNoLongerBePaid()
    {
        // Before: two open sessions for one item could both be paid (4 of 4 tries), two purchases.
        var item = await PaidVideoAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var first = await SessionAsync(cookie, item.Id);
        var second = await SessionAsync(cookie, item.Id);

        var payFirst = await _api.Client.PostAsync(PathOf(first.SessionUrl) + "/pay", null);
        var paySecond = await _api.Client.PostAsync(PathOf(second.SessionUrl) + "/pay", null);

        Assert.Equal(HttpStatusCode.Gone, payFirst.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, paySecond.StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(CheckoutStatus.Expired, (await db.CheckoutSessions.SingleAsync(s => s.Id == first.SessionId)).Status);
        var purchase = Assert.Single(await db.Purchases.Where(p => p.ContentId == item.Id).ToListAsync());
        Assert.Equal((second.SessionId, PurchaseStatus.Completed), (purchase.CheckoutSessionId, purchase.Status));
    }

    [Fact]
    public async Task TwoPaymentsForOneItem_ArrivingTogether_KeepOnePurchase_AndRefundTheOtherAsADuplicate()
    {
        // Both sessions were paid at the provider before either expiry landed; their webhooks arrive at once.
        var item = await PaidVideoAsync();
        var (buyer, cookie) = await _api.BuyerAsync();
        var first = await SessionAsync(cookie, item.Id);
        var second = await SessionAsync(cookie, item.Id);

        var delivered = await Task.WhenAll(
            _api.DeliverAsync(EcomApi.CompletedEvent(first.SessionId, "pi_dup_a_" + first.SessionId)),
            _api.DeliverAsync(EcomApi.CompletedEvent(second.SessionId, "pi_dup_b_" + second.SessionId)));

        Assert.All(delivered, d => Assert.Equal(HttpStatusCode.OK, d.StatusCode));
        await using var db = fixture.Db();
        var purchases = await db.Purchases.AsNoTracking().Where(p => p.ContentId == item.Id).ToListAsync();
        Assert.Equal(2, purchases.Count);
        var kept = Assert.Single(purchases, p => p.Status == PurchaseStatus.Completed);
        var refunded = Assert.Single(purchases, p => p.Status == PurchaseStatus.Refunded);
        Assert.Equal(("duplicate", 500), (refunded.RefundReason, refunded.RefundedCents));
        Assert.NotNull(refunded.RefundedAt);
        Assert.Equal(buyer.Id, kept.UserId);
        Assert.Equal(1, (await db.Content.SingleAsync(c => c.Id == item.Id)).PurchaseCount);
        Assert.Equal(HttpStatusCode.OK, await StreamAsync(item.Id, cookie));
        Assert.Single(await LibraryAsync(cookie), id => id == item.Id);
        // One receipt: the refunded payment is not a purchase to thank anyone for.
        Assert.Single(await Mailbox.MessagesToAsync(fixture, buyer.Email));
    }

    [Fact]
    public async Task PartialRefund_KeepsAccess_AFullOne_EndsIt_AndTheItemLeavesTheLibraryWhateverItsProgress()
    {
        var (item, _, cookie, intent) = await BoughtAsync();
        Assert.Equal(HttpStatusCode.NoContent, await SaveProgressAsync(item.Id, cookie));

        await DeliverOkAsync(EcomApi.RefundedEvent(intent, amountRefunded: 200));
        var partly = await PurchaseOfAsync(intent);
        var streamAfterPartial = await StreamAsync(item.Id, cookie);
        var libraryAfterPartial = await LibraryAsync(cookie);
        var history = await _api.SendAsync(HttpMethod.Get, "/purchases", cookie);

        await DeliverOkAsync(EcomApi.RefundedEvent(intent, amountRefunded: 500));
        var whole = await PurchaseOfAsync(intent);

        Assert.Equal((PurchaseStatus.Completed, 200), (partly.Status, partly.RefundedCents));
        Assert.Null(partly.RefundedAt);
        Assert.Equal(HttpStatusCode.OK, streamAfterPartial);
        Assert.Contains(item.Id, libraryAfterPartial);
        var listed = Assert.Single((await history.ReadAsync<PagedList<PurchaseDto>>()).Items);
        Assert.Equal(200, listed.RefundedCents);
        Assert.Equal((PurchaseStatus.Refunded, 500), (whole.Status, whole.RefundedCents));
        Assert.Equal(HttpStatusCode.Forbidden, await StreamAsync(item.Id, cookie));
        Assert.Equal(HttpStatusCode.Forbidden, await SaveProgressAsync(item.Id, cookie));
        Assert.DoesNotContain(item.Id, await LibraryAsync(cookie)); // before: kept by its progress
    }

    [Fact]
    public async Task Dispute_SuspendsAccess_UntilItIsWon_AndALostOneEndsIt()
    {
        var (wonItem, _, wonCookie, wonIntent) = await BoughtAsync();
        var (lostItem, _, lostCookie, lostIntent) = await BoughtAsync();

        await DeliverOkAsync(EcomApi.DisputeEvent(wonIntent, "charge.dispute.created", "needs_response"));
        await DeliverOkAsync(EcomApi.DisputeEvent(lostIntent, "charge.dispute.created", "needs_response"));
        var suspended = (await PurchaseOfAsync(wonIntent)).Status;
        var streamWhileDisputed = await StreamAsync(wonItem.Id, wonCookie);
        var libraryWhileDisputed = await LibraryAsync(wonCookie);

        await DeliverOkAsync(EcomApi.DisputeEvent(wonIntent, "charge.dispute.closed", "won"));
        await DeliverOkAsync(EcomApi.DisputeEvent(lostIntent, "charge.dispute.closed", "lost"));

        Assert.Equal(PurchaseStatus.Disputed, suspended);
        Assert.Equal(HttpStatusCode.Forbidden, streamWhileDisputed);
        Assert.DoesNotContain(wonItem.Id, libraryWhileDisputed);
        Assert.Equal(PurchaseStatus.Completed, (await PurchaseOfAsync(wonIntent)).Status);
        Assert.Equal(HttpStatusCode.OK, await StreamAsync(wonItem.Id, wonCookie));
        Assert.Contains(wonItem.Id, await LibraryAsync(wonCookie));
        var lost = await PurchaseOfAsync(lostIntent);
        Assert.Equal((PurchaseStatus.Refunded, 500), (lost.Status, lost.RefundedCents));
        Assert.Equal(HttpStatusCode.Forbidden, await StreamAsync(lostItem.Id, lostCookie));
    }

    [Fact]
    public async Task RefundsAndDisputes_ThatArriveBeforeTheCheckoutEvent_AreAppliedWhenItComes()
    {
        var partItem = await PaidVideoAsync();
        var disputedItem = await PaidVideoAsync();
        var (_, cookie) = await _api.BuyerAsync();
        var partSession = await SessionAsync(cookie, partItem.Id);
        var disputedSession = await SessionAsync(cookie, disputedItem.Id);
        var partIntent = "pi_early_part_" + partSession.SessionId;
        var disputedIntent = "pi_early_dispute_" + disputedSession.SessionId;

        await DeliverOkAsync(EcomApi.RefundedEvent(partIntent, amountRefunded: 100));
        await DeliverOkAsync(EcomApi.DisputeEvent(disputedIntent, "charge.dispute.created", "needs_response"));
        await DeliverOkAsync(EcomApi.CompletedEvent(partSession.SessionId, partIntent));
        await DeliverOkAsync(EcomApi.CompletedEvent(disputedSession.SessionId, disputedIntent));

        Assert.Equal((PurchaseStatus.Completed, 100), ((await PurchaseOfAsync(partIntent)).Status, (await PurchaseOfAsync(partIntent)).RefundedCents));
        Assert.Equal(PurchaseStatus.Disputed, (await PurchaseOfAsync(disputedIntent)).Status);
        Assert.Equal(HttpStatusCode.OK, await StreamAsync(partItem.Id, cookie));
        Assert.Equal(HttpStatusCode.Forbidden, await StreamAsync(disputedItem.Id, cookie));
    }
}
